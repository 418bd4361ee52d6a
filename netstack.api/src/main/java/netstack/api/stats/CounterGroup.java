package netstack.api.stats;

/** The MIB group a counter belongs to. */
public enum CounterGroup {
    /** IPv4 (MIB-II ip group). */
    IP,
    /** IPv6 (IP-MIB ipSystemStats for IPv6). */
    IPV6,
    /** ICMPv4 (MIB-II icmp group). */
    ICMP,
    /** ICMPv6. */
    ICMPV6,
    /** TCP (MIB-II tcp group, RFC 4022). */
    TCP,
    /** UDP (MIB-II udp group, RFC 4113) plus Linux's extras. */
    UDP,
    /** Link layer: ARP and neighbor discovery. */
    LINK,
    /** A network interface (RFC 2863 ifTable). */
    INTERFACE
}
