package netstack.api.stats;

/**
 * Stack-wide counters. {@link #mibName()} is the MIB-II object name (e.g. {@code ipInReceives}); IPv6 counters use
 * the same names with an {@code ipv6}/{@code icmpv6} prefix.
 */
public enum StackCounter {
    /** Datagrams received from interfaces, including those in error. */
    IP_IN_RECEIVES(CounterGroup.IP, "ipInReceives"),
    /** Datagrams discarded for header errors: bad checksum, version, length, TTL exceeded. */
    IP_IN_HDR_ERRORS(CounterGroup.IP, "ipInHdrErrors"),
    /** Datagrams discarded because the destination is not ours (and forwarding is off). */
    IP_IN_ADDR_ERRORS(CounterGroup.IP, "ipInAddrErrors"),
    /** Datagrams forwarded. */
    IP_FORW_DATAGRAMS(CounterGroup.IP, "ipForwDatagrams"),
    /** Datagrams for an unknown or unsupported protocol. */
    IP_IN_UNKNOWN_PROTOS(CounterGroup.IP, "ipInUnknownProtos"),
    /** Valid datagrams discarded for lack of resources. */
    IP_IN_DISCARDS(CounterGroup.IP, "ipInDiscards"),
    /** Datagrams delivered to transport protocols (including ICMP). */
    IP_IN_DELIVERS(CounterGroup.IP, "ipInDelivers"),
    /** Datagrams handed to IP for sending by local protocols. */
    IP_OUT_REQUESTS(CounterGroup.IP, "ipOutRequests"),
    /** Outgoing datagrams discarded for lack of resources. */
    IP_OUT_DISCARDS(CounterGroup.IP, "ipOutDiscards"),
    /** Outgoing datagrams discarded because no route was found. */
    IP_OUT_NO_ROUTES(CounterGroup.IP, "ipOutNoRoutes"),
    /** Reassemblies abandoned for timeout. */
    IP_REASM_TIMEOUT(CounterGroup.IP, "ipReasmTimeout"),
    /** Fragments received needing reassembly. */
    IP_REASM_REQDS(CounterGroup.IP, "ipReasmReqds"),
    /** Datagrams reassembled. */
    IP_REASM_OKS(CounterGroup.IP, "ipReasmOKs"),
    /** Reassembly failures (timeouts, overlaps, limits). */
    IP_REASM_FAILS(CounterGroup.IP, "ipReasmFails"),
    /** Datagrams fragmented. */
    IP_FRAG_OKS(CounterGroup.IP, "ipFragOKs"),
    /** Datagrams that needed fragmenting but could not be (DF set). */
    IP_FRAG_FAILS(CounterGroup.IP, "ipFragFails"),
    /** Fragments created. */
    IP_FRAG_CREATES(CounterGroup.IP, "ipFragCreates"),

    /** IPv6 datagrams received. */
    IPV6_IN_RECEIVES(CounterGroup.IPV6, "ipv6InReceives"),
    /** IPv6 datagrams with header errors. */
    IPV6_IN_HDR_ERRORS(CounterGroup.IPV6, "ipv6InHdrErrors"),
    /** IPv6 datagrams not addressed to us. */
    IPV6_IN_ADDR_ERRORS(CounterGroup.IPV6, "ipv6InAddrErrors"),
    /** IPv6 datagrams with an unknown next header. */
    IPV6_IN_UNKNOWN_PROTOS(CounterGroup.IPV6, "ipv6InUnknownProtos"),
    /** IPv6 datagrams discarded for lack of resources. */
    IPV6_IN_DISCARDS(CounterGroup.IPV6, "ipv6InDiscards"),
    /** IPv6 datagrams delivered to upper layers. */
    IPV6_IN_DELIVERS(CounterGroup.IPV6, "ipv6InDelivers"),
    /** IPv6 datagrams sent by local protocols. */
    IPV6_OUT_REQUESTS(CounterGroup.IPV6, "ipv6OutRequests"),
    /** Outgoing IPv6 datagrams discarded. */
    IPV6_OUT_DISCARDS(CounterGroup.IPV6, "ipv6OutDiscards"),
    /** Outgoing IPv6 datagrams with no route. */
    IPV6_OUT_NO_ROUTES(CounterGroup.IPV6, "ipv6OutNoRoutes"),
    /** IPv6 fragments received. */
    IPV6_REASM_REQDS(CounterGroup.IPV6, "ipv6ReasmReqds"),
    /** IPv6 datagrams reassembled. */
    IPV6_REASM_OKS(CounterGroup.IPV6, "ipv6ReasmOKs"),
    /** IPv6 reassembly failures. */
    IPV6_REASM_FAILS(CounterGroup.IPV6, "ipv6ReasmFails"),
    /** IPv6 datagrams fragmented. */
    IPV6_FRAG_OKS(CounterGroup.IPV6, "ipv6FragOKs"),
    /** IPv6 fragments created. */
    IPV6_FRAG_CREATES(CounterGroup.IPV6, "ipv6FragCreates"),

    /** ICMP messages received. */
    ICMP_IN_MSGS(CounterGroup.ICMP, "icmpInMsgs"),
    /** ICMP messages received with errors (bad checksum, length). */
    ICMP_IN_ERRORS(CounterGroup.ICMP, "icmpInErrors"),
    /** Destination unreachable messages received. */
    ICMP_IN_DEST_UNREACHS(CounterGroup.ICMP, "icmpInDestUnreachs"),
    /** Time exceeded messages received. */
    ICMP_IN_TIME_EXCDS(CounterGroup.ICMP, "icmpInTimeExcds"),
    /** Parameter problem messages received. */
    ICMP_IN_PARM_PROBS(CounterGroup.ICMP, "icmpInParmProbs"),
    /** Echo requests received. */
    ICMP_IN_ECHOS(CounterGroup.ICMP, "icmpInEchos"),
    /** Echo replies received. */
    ICMP_IN_ECHO_REPS(CounterGroup.ICMP, "icmpInEchoReps"),
    /** ICMP messages sent. */
    ICMP_OUT_MSGS(CounterGroup.ICMP, "icmpOutMsgs"),
    /** ICMP messages not sent because of errors (including rate limiting). */
    ICMP_OUT_ERRORS(CounterGroup.ICMP, "icmpOutErrors"),
    /** Destination unreachable messages sent. */
    ICMP_OUT_DEST_UNREACHS(CounterGroup.ICMP, "icmpOutDestUnreachs"),
    /** Time exceeded messages sent. */
    ICMP_OUT_TIME_EXCDS(CounterGroup.ICMP, "icmpOutTimeExcds"),
    /** Parameter problem messages sent. */
    ICMP_OUT_PARM_PROBS(CounterGroup.ICMP, "icmpOutParmProbs"),
    /** Echo requests sent. */
    ICMP_OUT_ECHOS(CounterGroup.ICMP, "icmpOutEchos"),
    /** Echo replies sent. */
    ICMP_OUT_ECHO_REPS(CounterGroup.ICMP, "icmpOutEchoReps"),

    /** ICMPv6 messages received. */
    ICMPV6_IN_MSGS(CounterGroup.ICMPV6, "icmpv6InMsgs"),
    /** ICMPv6 messages received with errors. */
    ICMPV6_IN_ERRORS(CounterGroup.ICMPV6, "icmpv6InErrors"),
    /** ICMPv6 echo requests received. */
    ICMPV6_IN_ECHOS(CounterGroup.ICMPV6, "icmpv6InEchos"),
    /** ICMPv6 echo replies received. */
    ICMPV6_IN_ECHO_REPLIES(CounterGroup.ICMPV6, "icmpv6InEchoReplies"),
    /** Neighbor solicitations received. */
    ICMPV6_IN_NEIGHBOR_SOLICITS(CounterGroup.ICMPV6, "icmpv6InNeighborSolicits"),
    /** Neighbor advertisements received. */
    ICMPV6_IN_NEIGHBOR_ADVERTISEMENTS(CounterGroup.ICMPV6, "icmpv6InNeighborAdvertisements"),
    /** Router advertisements received. */
    ICMPV6_IN_ROUTER_ADVERTISEMENTS(CounterGroup.ICMPV6, "icmpv6InRouterAdvertisements"),
    /** ICMPv6 messages sent. */
    ICMPV6_OUT_MSGS(CounterGroup.ICMPV6, "icmpv6OutMsgs"),
    /** ICMPv6 messages not sent because of errors or rate limiting. */
    ICMPV6_OUT_ERRORS(CounterGroup.ICMPV6, "icmpv6OutErrors"),
    /** ICMPv6 echo replies sent. */
    ICMPV6_OUT_ECHO_REPLIES(CounterGroup.ICMPV6, "icmpv6OutEchoReplies"),

    /** Connections moved from CLOSED to SYN-SENT. */
    TCP_ACTIVE_OPENS(CounterGroup.TCP, "tcpActiveOpens"),
    /** Connections moved from LISTEN to SYN-RECEIVED. */
    TCP_PASSIVE_OPENS(CounterGroup.TCP, "tcpPassiveOpens"),
    /** Connection attempts that failed (SYN states to CLOSED, or SYN-RECEIVED back to LISTEN). */
    TCP_ATTEMPT_FAILS(CounterGroup.TCP, "tcpAttemptFails"),
    /** Resets from ESTABLISHED or CLOSE-WAIT. */
    TCP_ESTAB_RESETS(CounterGroup.TCP, "tcpEstabResets"),
    /** Connections now ESTABLISHED or CLOSE-WAIT (a gauge). */
    TCP_CURR_ESTAB(CounterGroup.TCP, "tcpCurrEstab"),
    /** Segments received, including those in error. */
    TCP_IN_SEGS(CounterGroup.TCP, "tcpInSegs"),
    /** Segments sent, excluding retransmissions. */
    TCP_OUT_SEGS(CounterGroup.TCP, "tcpOutSegs"),
    /** Segments retransmitted. */
    TCP_RETRANS_SEGS(CounterGroup.TCP, "tcpRetransSegs"),
    /** Segments received in error (bad checksum, malformed). */
    TCP_IN_ERRS(CounterGroup.TCP, "tcpInErrs"),
    /** Segments sent with RST. */
    TCP_OUT_RSTS(CounterGroup.TCP, "tcpOutRsts"),

    /** Datagrams delivered to sockets. */
    UDP_IN_DATAGRAMS(CounterGroup.UDP, "udpInDatagrams"),
    /** Datagrams for ports with no socket. */
    UDP_NO_PORTS(CounterGroup.UDP, "udpNoPorts"),
    /** Datagrams not delivered for other reasons (checksum, length, full queue). */
    UDP_IN_ERRORS(CounterGroup.UDP, "udpInErrors"),
    /** Datagrams sent. */
    UDP_OUT_DATAGRAMS(CounterGroup.UDP, "udpOutDatagrams"),
    /** Datagrams dropped because the socket's receive queue was full (Linux RcvbufErrors). */
    UDP_RCVBUF_ERRORS(CounterGroup.UDP, "udpRcvbufErrors"),
    /** Datagrams not sent because the send buffer was full (Linux SndbufErrors). */
    UDP_SNDBUF_ERRORS(CounterGroup.UDP, "udpSndbufErrors"),
    /** Datagrams with a bad checksum (Linux InCsumErrors). */
    UDP_IN_CSUM_ERRORS(CounterGroup.UDP, "udpInCsumErrors"),

    /** ARP requests received. */
    ARP_IN_REQUESTS(CounterGroup.LINK, "arpInRequests"),
    /** ARP replies received. */
    ARP_IN_REPLIES(CounterGroup.LINK, "arpInReplies"),
    /** ARP packets dropped as malformed or not for us. */
    ARP_IN_DROPS(CounterGroup.LINK, "arpInDrops"),
    /** ARP requests sent. */
    ARP_OUT_REQUESTS(CounterGroup.LINK, "arpOutRequests"),
    /** ARP replies sent. */
    ARP_OUT_REPLIES(CounterGroup.LINK, "arpOutReplies"),
    /** Frames with an EtherType the stack does not handle. */
    LINK_IN_UNKNOWN_ETHERTYPES(CounterGroup.LINK, "linkInUnknownEthertypes"),
    /** Packets dropped because neighbor resolution failed or its queue was full. */
    NEIGHBOR_RESOLUTION_DROPS(CounterGroup.LINK, "neighborResolutionDrops");

    private final CounterGroup group;
    private final String mibName;

    StackCounter(CounterGroup group, String mibName) {
        this.group = group;
        this.mibName = mibName;
    }

    /** @return the MIB group */
    public CounterGroup group() {
        return group;
    }

    /** @return the MIB object name, e.g. {@code "ipInReceives"} */
    public String mibName() {
        return mibName;
    }
}
