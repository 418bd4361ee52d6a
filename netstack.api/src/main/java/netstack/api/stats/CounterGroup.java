package netstack.api.stats;

/** The MIB group a counter belongs to. */
public enum CounterGroup {
    /** IPv4 (MIB-II ip group, RFC 1213; IP-MIB ipSystemStatsTable, RFC 4293). */
    IP,
    /** IPv6 (IP-MIB ipSystemStatsTable for IPv6, RFC 4293). */
    IPV6,
    /** ICMPv4 (MIB-II icmp group, RFC 1213; IP-MIB icmpStatsTable, RFC 4293). */
    ICMP,
    /** ICMPv6 (IP-MIB icmpStatsTable and icmpMsgStatsTable for IPv6, RFC 4293). */
    ICMPV6,
    /** TCP (MIB-II tcp group, RFC 4022). */
    TCP,
    /** UDP (MIB-II udp group, RFC 4113) plus Linux's extras. */
    UDP,
    /** Link layer: ARP and neighbor resolution; the stack's own counters, with no MIB object. */
    LINK,
    /** A network interface (RFC 2863 ifTable). */
    INTERFACE
}
