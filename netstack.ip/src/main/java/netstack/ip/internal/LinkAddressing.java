package netstack.ip.internal;

import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;

/**
 * How IP addresses meet Ethernet addresses: IPv6 interface identifiers and link-local addresses from a MAC, and the
 * Ethernet group addresses that IP multicast maps to. Stateless and allocation-free apart from the returned records.
 */
final class LinkAddressing {

    /** {@code fe80::/64}, the link-local prefix (RFC 4291 §2.5.6), as the high 64 bits of an address. */
    static final long LINK_LOCAL_PREFIX = 0xfe80L << 48;

    private LinkAddressing() {
    }

    /**
     * The modified EUI-64 interface identifier of a 48-bit MAC (RFC 4291 §2.5.1 and Appendix A): {@code ff:fe}
     * inserted in the middle and the universal/local bit inverted. What Linux uses by default
     * ({@code addr_gen_mode} 0).
     *
     * @param mac the interface's MAC address
     * @return the 64-bit interface identifier
     */
    static long eui64InterfaceId(MacAddress mac) {
        long bits = mac.bits();
        long oui = bits >>> 24; // the first three bytes
        long nic = bits & 0xff_ffffL; // the last three
        return ((oui ^ 0x02_0000L) << 40) | (0xfffeL << 24) | nic;
    }

    /**
     * @param mac the interface's MAC address
     * @return its link-local address {@code fe80::/64} + modified EUI-64 (RFC 4862 §5.3)
     */
    static Ipv6Address linkLocal(MacAddress mac) {
        return new Ipv6Address(LINK_LOCAL_PREFIX, eui64InterfaceId(mac));
    }

    /**
     * The Ethernet group address of an IPv6 multicast address: {@code 33:33} followed by the address's low 32 bits
     * (RFC 2464 §7).
     *
     * @param group an IPv6 multicast address
     * @return its MAC address
     */
    static MacAddress multicastMac(Ipv6Address group) {
        return new MacAddress((0x3333L << 32) | (group.low() & 0xffff_ffffL));
    }

    /**
     * The Ethernet group address of an IPv4 multicast address: {@code 01:00:5e} followed by a zero bit and the
     * address's low 23 bits (RFC 1112 §6.4).
     *
     * @param group an IPv4 multicast address (224.0.0.0/4)
     * @return its MAC address
     */
    static MacAddress multicastMac(Ipv4Address group) {
        return new MacAddress((0x01_005eL << 24) | (group.bits() & 0x7f_ffffL));
    }
}
