package netstack.ip.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.Ipv4Address;
import org.junit.jupiter.api.Test;

/** {@link PacketMeta}: primitive address form and its object views. */
class PacketMetaTest {

    @Test
    void defaultsToUnspecifiedIpv4() {
        PacketMeta m = new PacketMeta();
        assertEquals(IpFamily.IPV4, m.family());
        assertEquals(Ipv4Address.ANY, m.source());
        assertEquals(-1, m.hopLimit(), "-1: the default TTL");
        assertEquals(0, m.interfaceIndex());
    }

    @Test
    void ipv4AddressesAreUnsignedBits() {
        PacketMeta m = new PacketMeta().ipv4(0xcb00_71c8, 0xc000_0201, 17, 64); // 203.0.113.200 -> 192.0.2.1
        assertEquals(0xcb00_71c8, m.sourceV4());
        assertEquals(0xcb00_71c8L, m.sourceLow(), "stored unsigned, not sign-extended");
        assertEquals(0, m.sourceHigh());
        assertEquals(IpAddress.parse("203.0.113.200"), m.source());
        assertEquals(IpAddress.parse("192.0.2.1"), m.destination());
        assertEquals(17, m.protocol());
        assertEquals(64, m.hopLimit());
    }

    @Test
    void reuseOverwritesEveryField() {
        PacketMeta m = new PacketMeta().set(IpAddress.parse("2001:db8::2"), IpAddress.parse("2001:db8::1"), 6, 255);
        assertEquals(IpFamily.IPV6, m.family());
        assertEquals(0x2001_0db8_0000_0000L, m.sourceHigh());
        assertEquals(2, m.sourceLow());
        assertEquals(IpAddress.parse("2001:db8::1"), m.destination());
        assertSame(m, m.set(IpAddress.parse("198.51.100.7"), IpAddress.parse("192.0.2.2"), 1, -1));
        assertEquals(IpFamily.IPV4, m.family());
        assertEquals(0, m.sourceHigh(), "no IPv6 bits left over");
        assertEquals(0, m.destinationHigh());
        assertEquals(IpAddress.parse("198.51.100.7"), m.source());
        assertEquals(IpAddress.parse("192.0.2.2"), m.destination());
        assertEquals(1, m.protocol());
        assertEquals(-1, m.hopLimit());
        assertEquals(3, m.interfaceIndex(3).interfaceIndex());
        assertTrue(m.toString().contains("198.51.100.7 -> 192.0.2.2"), m.toString());
    }

    @Test
    void mixedFamiliesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PacketMeta()
                .set(IpAddress.parse("192.0.2.2"), IpAddress.parse("2001:db8::1"), 17, -1));
        assertTrue(e.getMessage().contains("192.0.2.2") && e.getMessage().contains("2001:db8::1"), e.getMessage());
    }
}
