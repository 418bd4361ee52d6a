package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;
import org.junit.jupiter.api.Test;

/**
 * Expected values are what Linux 6.18 derived for the same MACs on a veth pair in a namespace
 * ({@code ip -6 addr}, {@code ip maddr}).
 */
class LinkAddressingTest {

    @Test
    void linkLocalAddressesMatchTheKernels() {
        assertEquals(Ipv6Address.parse("fe80::5eff:fe00:5302"),
                LinkAddressing.linkLocal(MacAddress.parse("02:00:5e:00:53:02")));
        assertEquals(Ipv6Address.parse("fe80::5054:ff:fe12:3456"),
                LinkAddressing.linkLocal(MacAddress.parse("52:54:00:12:34:56")));
        // A universally administered MAC gets the bit set (RFC 4291 Appendix A).
        assertEquals(Ipv6Address.parse("fe80::21b:21ff:fe3c:4d5e"),
                LinkAddressing.linkLocal(MacAddress.parse("00:1b:21:3c:4d:5e")));
    }

    @Test
    void multicastMacsMatchTheKernels() {
        Ipv6Address linkLocal = Ipv6Address.parse("fe80::5eff:fe00:5302");
        assertEquals(MacAddress.parse("33:33:ff:00:53:02"), LinkAddressing.multicastMac(linkLocal.solicitedNode()));
        assertEquals(MacAddress.parse("33:33:00:00:00:01"), LinkAddressing.multicastMac(Ipv6Address.ALL_NODES));
        assertEquals(MacAddress.parse("01:00:5e:00:00:01"),
                LinkAddressing.multicastMac(Ipv4Address.parse("224.0.0.1")));
        // Only 23 bits survive: 239.129.2.3 and 224.1.2.3 share 01:00:5e:01:02:03 (RFC 1112 §6.4).
        assertEquals(MacAddress.parse("01:00:5e:01:02:03"),
                LinkAddressing.multicastMac(Ipv4Address.parse("239.129.2.3")));
        assertEquals(MacAddress.parse("01:00:5e:01:02:03"),
                LinkAddressing.multicastMac(Ipv4Address.parse("224.1.2.3")));
    }
}
