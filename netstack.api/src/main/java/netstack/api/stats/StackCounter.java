package netstack.api.stats;

/**
 * Stack-wide protocol counters. {@link #mibName()} is the object name from SNMP MIB-II (RFC 1213) for the IPv4,
 * ICMP, TCP and UDP groups; the same objects live on in the IP-MIB (RFC 4293), the TCP-MIB (RFC 4022) and the
 * UDP-MIB (RFC 4113), and Linux reports them under the same names ({@code nstat}, {@code /proc/net/snmp}).
 *
 * <p>IPv6 and ICMPv6 counters take the IPv4 name with an {@code ipv6} / {@code icmpv6} prefix. In RFC 4293 they are
 * the IPv6 rows of {@code ipSystemStatsTable}, {@code icmpStatsTable} and {@code icmpMsgStatsTable} (which
 * replaced the IPv6-MIB of RFC 2465 and the ICMPv6-MIB of RFC 2466). The Linux UDP extras and the
 * {@link CounterGroup#LINK} counters have no MIB object; their names follow the same style.
 *
 * <p>Every constant counts events, except the gauge {@link #TCP_CURR_ESTAB}. Values are 64-bit; read them as
 * {@link Counters} snapshots. "Datagram" means an IP datagram, "segment" a TCP segment, "message" an ICMP message.
 */
public enum StackCounter {
    /**
     * Datagrams received from interfaces, including those in error. RFC 1213 {@code ipInReceives}; RFC 4293
     * {@code ipSystemStatsInReceives}.
     */
    IP_IN_RECEIVES(CounterGroup.IP, "ipInReceives"),
    /**
     * Datagrams discarded for header errors: bad checksum, version, length, TTL exceeded. RFC 1213
     * {@code ipInHdrErrors}; RFC 4293 {@code ipSystemStatsInHdrErrors}.
     */
    IP_IN_HDR_ERRORS(CounterGroup.IP, "ipInHdrErrors"),
    /**
     * Datagrams discarded because the destination is not ours (and forwarding is off). RFC 1213
     * {@code ipInAddrErrors}; RFC 4293 {@code ipSystemStatsInAddrErrors}.
     */
    IP_IN_ADDR_ERRORS(CounterGroup.IP, "ipInAddrErrors"),
    /**
     * Datagrams forwarded: received for another destination, with a route looked up to send them on. RFC 1213
     * {@code ipForwDatagrams}; RFC 4293 {@code ipSystemStatsInForwDatagrams}.
     */
    IP_FORW_DATAGRAMS(CounterGroup.IP, "ipForwDatagrams"),
    /**
     * Datagrams for us whose protocol number no registered transport handles (see
     * {@link netstack.api.admin.StackAdmin#transportProtocols()}). RFC 1213 {@code ipInUnknownProtos}; RFC 4293
     * {@code ipSystemStatsInUnknownProtos}.
     */
    IP_IN_UNKNOWN_PROTOS(CounterGroup.IP, "ipInUnknownProtos"),
    /**
     * Valid datagrams discarded for lack of resources, e.g. no buffer. RFC 1213 {@code ipInDiscards}; RFC 4293
     * {@code ipSystemStatsInDiscards}.
     */
    IP_IN_DISCARDS(CounterGroup.IP, "ipInDiscards"),
    /**
     * Datagrams delivered to transport protocols (including ICMP). RFC 1213 {@code ipInDelivers}; RFC 4293
     * {@code ipSystemStatsInDelivers}.
     */
    IP_IN_DELIVERS(CounterGroup.IP, "ipInDelivers"),
    /**
     * Datagrams handed to IP for sending by local protocols (including ICMP); forwarded datagrams are not counted
     * here. RFC 1213 {@code ipOutRequests}; RFC 4293 {@code ipSystemStatsOutRequests}.
     */
    IP_OUT_REQUESTS(CounterGroup.IP, "ipOutRequests"),
    /**
     * Outgoing datagrams discarded for lack of resources. RFC 1213 {@code ipOutDiscards}; RFC 4293
     * {@code ipSystemStatsOutDiscards}.
     */
    IP_OUT_DISCARDS(CounterGroup.IP, "ipOutDiscards"),
    /**
     * Outgoing datagrams discarded because no route was found. RFC 1213 {@code ipOutNoRoutes}; RFC 4293
     * {@code ipSystemStatsOutNoRoutes}.
     */
    IP_OUT_NO_ROUTES(CounterGroup.IP, "ipOutNoRoutes"),
    /**
     * Reassemblies abandoned for timeout (each also counts in {@link #IP_REASM_FAILS}). Note: RFC 1213's
     * {@code ipReasmTimeout} is the reassembly timeout in seconds, not a counter; this counts timeouts instead,
     * as Linux's {@code IpReasmTimeout} does.
     */
    IP_REASM_TIMEOUT(CounterGroup.IP, "ipReasmTimeout"),
    /**
     * Fragments received needing reassembly. RFC 1213 {@code ipReasmReqds}; RFC 4293
     * {@code ipSystemStatsReasmReqds}.
     */
    IP_REASM_REQDS(CounterGroup.IP, "ipReasmReqds"),
    /** Datagrams reassembled. RFC 1213 {@code ipReasmOKs}; RFC 4293 {@code ipSystemStatsReasmOKs}. */
    IP_REASM_OKS(CounterGroup.IP, "ipReasmOKs"),
    /**
     * Reassembly failures (timeouts, overlaps, limits). Not a count of discarded fragments. RFC 1213
     * {@code ipReasmFails}; RFC 4293 {@code ipSystemStatsReasmFails}.
     */
    IP_REASM_FAILS(CounterGroup.IP, "ipReasmFails"),
    /** Datagrams fragmented. RFC 1213 {@code ipFragOKs}; RFC 4293 {@code ipSystemStatsOutFragOKs}. */
    IP_FRAG_OKS(CounterGroup.IP, "ipFragOKs"),
    /**
     * Datagrams that needed fragmenting but could not be (DF set). RFC 1213 {@code ipFragFails}; RFC 4293
     * {@code ipSystemStatsOutFragFails}.
     */
    IP_FRAG_FAILS(CounterGroup.IP, "ipFragFails"),
    /** Fragments created. RFC 1213 {@code ipFragCreates}; RFC 4293 {@code ipSystemStatsOutFragCreates}. */
    IP_FRAG_CREATES(CounterGroup.IP, "ipFragCreates"),

    /** IPv6 datagrams received, including those in error. RFC 4293 {@code ipSystemStatsInReceives} (IPv6). */
    IPV6_IN_RECEIVES(CounterGroup.IPV6, "ipv6InReceives"),
    /**
     * IPv6 datagrams with header errors (version, length, hop limit exceeded, bad extension header). RFC 4293
     * {@code ipSystemStatsInHdrErrors} (IPv6).
     */
    IPV6_IN_HDR_ERRORS(CounterGroup.IPV6, "ipv6InHdrErrors"),
    /** IPv6 datagrams not addressed to us. RFC 4293 {@code ipSystemStatsInAddrErrors} (IPv6). */
    IPV6_IN_ADDR_ERRORS(CounterGroup.IPV6, "ipv6InAddrErrors"),
    /**
     * IPv6 datagrams for us with a next header no registered transport handles. RFC 4293
     * {@code ipSystemStatsInUnknownProtos} (IPv6).
     */
    IPV6_IN_UNKNOWN_PROTOS(CounterGroup.IPV6, "ipv6InUnknownProtos"),
    /** IPv6 datagrams discarded for lack of resources. RFC 4293 {@code ipSystemStatsInDiscards} (IPv6). */
    IPV6_IN_DISCARDS(CounterGroup.IPV6, "ipv6InDiscards"),
    /**
     * IPv6 datagrams delivered to upper layers (including ICMPv6). RFC 4293 {@code ipSystemStatsInDelivers} (IPv6).
     */
    IPV6_IN_DELIVERS(CounterGroup.IPV6, "ipv6InDelivers"),
    /** IPv6 datagrams sent by local protocols. RFC 4293 {@code ipSystemStatsOutRequests} (IPv6). */
    IPV6_OUT_REQUESTS(CounterGroup.IPV6, "ipv6OutRequests"),
    /** Outgoing IPv6 datagrams discarded. RFC 4293 {@code ipSystemStatsOutDiscards} (IPv6). */
    IPV6_OUT_DISCARDS(CounterGroup.IPV6, "ipv6OutDiscards"),
    /** Outgoing IPv6 datagrams with no route. RFC 4293 {@code ipSystemStatsOutNoRoutes} (IPv6). */
    IPV6_OUT_NO_ROUTES(CounterGroup.IPV6, "ipv6OutNoRoutes"),
    /** IPv6 fragments received. RFC 4293 {@code ipSystemStatsReasmReqds} (IPv6). */
    IPV6_REASM_REQDS(CounterGroup.IPV6, "ipv6ReasmReqds"),
    /** IPv6 datagrams reassembled. RFC 4293 {@code ipSystemStatsReasmOKs} (IPv6). */
    IPV6_REASM_OKS(CounterGroup.IPV6, "ipv6ReasmOKs"),
    /** IPv6 reassembly failures. RFC 4293 {@code ipSystemStatsReasmFails} (IPv6). */
    IPV6_REASM_FAILS(CounterGroup.IPV6, "ipv6ReasmFails"),
    /**
     * IPv6 datagrams fragmented (only a source fragments in IPv6, RFC 8200 §4.5). RFC 4293
     * {@code ipSystemStatsOutFragOKs} (IPv6).
     */
    IPV6_FRAG_OKS(CounterGroup.IPV6, "ipv6FragOKs"),
    /** IPv6 fragments created. RFC 4293 {@code ipSystemStatsOutFragCreates} (IPv6). */
    IPV6_FRAG_CREATES(CounterGroup.IPV6, "ipv6FragCreates"),
    /**
     * IPv6 packets dropped because they were shorter than their headers said (the fixed header, the Payload
     * Length, or an extension header). RFC 4293 {@code ipSystemStatsInTruncatedPkts} (IPv6); Linux
     * {@code Ip6InTruncatedPkts}.
     */
    IPV6_IN_TRUNCATED_PKTS(CounterGroup.IPV6, "ipv6InTruncatedPkts"),
    /**
     * Addresses that Duplicate Address Detection found in use by another node (RFC 4862 §5.4.5); they are never
     * used. Linux logs these ("IPv6 duplicate address ... detected!") and marks the address {@code dadfailed}.
     */
    IPV6_DAD_DUPLICATES(CounterGroup.IPV6, "ipv6DadDuplicates"),
    /**
     * IPv6 packets forwarded: received for another destination, with a route looked up to send them on (only when
     * IPv6 forwarding is on). RFC 4293 {@code ipSystemStatsInForwDatagrams} (IPv6); Linux
     * {@code Ip6OutForwDatagrams}.
     */
    IPV6_FORW_DATAGRAMS(CounterGroup.IPV6, "ipv6ForwDatagrams"),
    /**
     * IPv6 packets that could not be forwarded because they were larger than the outgoing link's MTU; a router
     * never fragments in IPv6 (RFC 8200 §5), it answers Packet Too Big. Linux {@code Ip6InTooBigErrors}.
     */
    IPV6_IN_TOO_BIG_ERRORS(CounterGroup.IPV6, "ipv6InTooBigErrors"),

    /**
     * ICMP messages received, including those counted in {@link #ICMP_IN_ERRORS}. RFC 1213 {@code icmpInMsgs};
     * RFC 4293 {@code icmpStatsInMsgs}.
     */
    ICMP_IN_MSGS(CounterGroup.ICMP, "icmpInMsgs"),
    /**
     * ICMP messages received with errors (bad checksum, length). RFC 1213 {@code icmpInErrors}; RFC 4293
     * {@code icmpStatsInErrors}.
     */
    ICMP_IN_ERRORS(CounterGroup.ICMP, "icmpInErrors"),
    /** Destination unreachable messages (type 3) received. RFC 1213 {@code icmpInDestUnreachs}. */
    ICMP_IN_DEST_UNREACHS(CounterGroup.ICMP, "icmpInDestUnreachs"),
    /** Time exceeded messages (type 11) received. RFC 1213 {@code icmpInTimeExcds}. */
    ICMP_IN_TIME_EXCDS(CounterGroup.ICMP, "icmpInTimeExcds"),
    /** Parameter problem messages (type 12) received. RFC 1213 {@code icmpInParmProbs}. */
    ICMP_IN_PARM_PROBS(CounterGroup.ICMP, "icmpInParmProbs"),
    /** Echo requests (type 8) received. RFC 1213 {@code icmpInEchos}. */
    ICMP_IN_ECHOS(CounterGroup.ICMP, "icmpInEchos"),
    /** Echo replies (type 0) received. RFC 1213 {@code icmpInEchoReps}. */
    ICMP_IN_ECHO_REPS(CounterGroup.ICMP, "icmpInEchoReps"),
    /**
     * ICMP messages sent or attempted, including those counted in {@link #ICMP_OUT_ERRORS}. RFC 1213
     * {@code icmpOutMsgs}; RFC 4293 {@code icmpStatsOutMsgs}.
     */
    ICMP_OUT_MSGS(CounterGroup.ICMP, "icmpOutMsgs"),
    /**
     * ICMP messages not sent because of errors (including rate limiting). RFC 1213 {@code icmpOutErrors}; RFC 4293
     * {@code icmpStatsOutErrors}.
     */
    ICMP_OUT_ERRORS(CounterGroup.ICMP, "icmpOutErrors"),
    /** Destination unreachable messages (type 3) sent. RFC 1213 {@code icmpOutDestUnreachs}. */
    ICMP_OUT_DEST_UNREACHS(CounterGroup.ICMP, "icmpOutDestUnreachs"),
    /** Time exceeded messages (type 11) sent. RFC 1213 {@code icmpOutTimeExcds}. */
    ICMP_OUT_TIME_EXCDS(CounterGroup.ICMP, "icmpOutTimeExcds"),
    /** Parameter problem messages (type 12) sent. RFC 1213 {@code icmpOutParmProbs}. */
    ICMP_OUT_PARM_PROBS(CounterGroup.ICMP, "icmpOutParmProbs"),
    /** Echo requests (type 8) sent. RFC 1213 {@code icmpOutEchos}. */
    ICMP_OUT_ECHOS(CounterGroup.ICMP, "icmpOutEchos"),
    /** Echo replies (type 0) sent. RFC 1213 {@code icmpOutEchoReps}. */
    ICMP_OUT_ECHO_REPS(CounterGroup.ICMP, "icmpOutEchoReps"),

    /**
     * ICMPv6 messages received, including those counted in {@link #ICMPV6_IN_ERRORS}. RFC 4293
     * {@code icmpStatsInMsgs} (IPv6).
     */
    ICMPV6_IN_MSGS(CounterGroup.ICMPV6, "icmpv6InMsgs"),
    /**
     * ICMPv6 messages received with errors (bad checksum, length). RFC 4293 {@code icmpStatsInErrors} (IPv6).
     */
    ICMPV6_IN_ERRORS(CounterGroup.ICMPV6, "icmpv6InErrors"),
    /** ICMPv6 echo requests (type 128) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 128). */
    ICMPV6_IN_ECHOS(CounterGroup.ICMPV6, "icmpv6InEchos"),
    /** ICMPv6 echo replies (type 129) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 129). */
    ICMPV6_IN_ECHO_REPLIES(CounterGroup.ICMPV6, "icmpv6InEchoReplies"),
    /**
     * Neighbor solicitations (type 135, RFC 4861) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 135).
     */
    ICMPV6_IN_NEIGHBOR_SOLICITS(CounterGroup.ICMPV6, "icmpv6InNeighborSolicits"),
    /**
     * Neighbor advertisements (type 136, RFC 4861) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type
     * 136).
     */
    ICMPV6_IN_NEIGHBOR_ADVERTISEMENTS(CounterGroup.ICMPV6, "icmpv6InNeighborAdvertisements"),
    /**
     * Router advertisements (type 134, RFC 4861) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 134).
     */
    ICMPV6_IN_ROUTER_ADVERTISEMENTS(CounterGroup.ICMPV6, "icmpv6InRouterAdvertisements"),
    /**
     * ICMPv6 messages sent or attempted, including those counted in {@link #ICMPV6_OUT_ERRORS}. RFC 4293
     * {@code icmpStatsOutMsgs} (IPv6).
     */
    ICMPV6_OUT_MSGS(CounterGroup.ICMPV6, "icmpv6OutMsgs"),
    /**
     * ICMPv6 messages not sent because of errors or rate limiting (RFC 4443 §2.4 (f)). RFC 4293
     * {@code icmpStatsOutErrors} (IPv6).
     */
    ICMPV6_OUT_ERRORS(CounterGroup.ICMPV6, "icmpv6OutErrors"),
    /** ICMPv6 echo replies (type 129) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 129). */
    ICMPV6_OUT_ECHO_REPLIES(CounterGroup.ICMPV6, "icmpv6OutEchoReplies"),
    /** ICMPv6 echo requests (type 128) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 128); Linux {@code Icmp6OutEchos}. */
    ICMPV6_OUT_ECHOS(CounterGroup.ICMPV6, "icmpv6OutEchos"),
    /** Neighbor Solicitations (type 135) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 135); Linux {@code Icmp6OutNeighborSolicits}. */
    ICMPV6_OUT_NEIGHBOR_SOLICITS(CounterGroup.ICMPV6, "icmpv6OutNeighborSolicits"),
    /** Neighbor Advertisements (type 136) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 136); Linux {@code Icmp6OutNeighborAdvertisements}. */
    ICMPV6_OUT_NEIGHBOR_ADVERTISEMENTS(CounterGroup.ICMPV6, "icmpv6OutNeighborAdvertisements"),
    /** Router Solicitations (type 133) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 133); Linux {@code Icmp6OutRouterSolicits}. */
    ICMPV6_OUT_ROUTER_SOLICITS(CounterGroup.ICMPV6, "icmpv6OutRouterSolicits"),
    /** MLDv2 reports (type 143) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 143); Linux {@code Icmp6OutMLDv2Reports}. */
    ICMPV6_OUT_MLD_REPORTS(CounterGroup.ICMPV6, "icmpv6OutMldv2Reports"),
    /**
     * MLD messages (types 130, 131, 132, 143) received and not acted on: this stack does not answer queries yet.
     * Linux counts them as {@code Icmp6InGroupMembQueries}, {@code Icmp6InGroupMembResponses} and so on.
     */
    ICMPV6_IN_MLD_IGNORED(CounterGroup.ICMPV6, "icmpv6InMldIgnored"),
    /** Destination Unreachable messages (type 1) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 1); Linux {@code Icmp6InDestUnreachs}. */
    ICMPV6_IN_DEST_UNREACHS(CounterGroup.ICMPV6, "icmpv6InDestUnreachs"),
    /** Time Exceeded messages (type 3) received. RFC 4293 {@code icmpMsgStatsInPkts} (IPv6, type 3); Linux {@code Icmp6InTimeExcds}. */
    ICMPV6_IN_TIME_EXCEEDS(CounterGroup.ICMPV6, "icmpv6InTimeExcds"),
    /** Destination Unreachable messages (type 1) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 1); Linux {@code Icmp6OutDestUnreachs}. */
    ICMPV6_OUT_DEST_UNREACHS(CounterGroup.ICMPV6, "icmpv6OutDestUnreachs"),
    /** Time Exceeded messages (type 3) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 3); Linux {@code Icmp6OutTimeExcds}. */
    ICMPV6_OUT_TIME_EXCEEDS(CounterGroup.ICMPV6, "icmpv6OutTimeExcds"),
    /** Parameter Problem messages (type 4) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 4); Linux {@code Icmp6OutParmProblems}. */
    ICMPV6_OUT_PARM_PROBLEMS(CounterGroup.ICMPV6, "icmpv6OutParmProblems"),
    /** Packet Too Big messages (type 2) sent. RFC 4293 {@code icmpMsgStatsOutPkts} (IPv6, type 2); Linux {@code Icmp6OutPktTooBigs}. */
    ICMPV6_OUT_PKT_TOO_BIGS(CounterGroup.ICMPV6, "icmpv6OutPktTooBigs"),

    /**
     * Connections moved from CLOSED to SYN-SENT, i.e. active opens ({@code connect}). RFC 4022
     * {@code tcpActiveOpens}.
     */
    TCP_ACTIVE_OPENS(CounterGroup.TCP, "tcpActiveOpens"),
    /**
     * Connections moved from LISTEN to SYN-RECEIVED, i.e. SYNs taken by a listener. RFC 4022
     * {@code tcpPassiveOpens}.
     */
    TCP_PASSIVE_OPENS(CounterGroup.TCP, "tcpPassiveOpens"),
    /**
     * Connection attempts that failed (SYN states to CLOSED, or SYN-RECEIVED back to LISTEN). RFC 4022
     * {@code tcpAttemptFails}.
     */
    TCP_ATTEMPT_FAILS(CounterGroup.TCP, "tcpAttemptFails"),
    /**
     * Resets from ESTABLISHED or CLOSE-WAIT: connections that went straight to CLOSED from those states. RFC 4022
     * {@code tcpEstabResets}.
     */
    TCP_ESTAB_RESETS(CounterGroup.TCP, "tcpEstabResets"),
    /**
     * Connections now ESTABLISHED or CLOSE-WAIT. A gauge, not a counter: it goes down as well as up. RFC 4022
     * {@code tcpCurrEstab}.
     */
    TCP_CURR_ESTAB(CounterGroup.TCP, "tcpCurrEstab"),
    /**
     * Segments received, including those in error. RFC 4022 {@code tcpInSegs} (64-bit like
     * {@code tcpHCInSegs}).
     */
    TCP_IN_SEGS(CounterGroup.TCP, "tcpInSegs"),
    /**
     * Segments sent, excluding those that carry only retransmitted data. RFC 4022 {@code tcpOutSegs} (64-bit like
     * {@code tcpHCOutSegs}).
     */
    TCP_OUT_SEGS(CounterGroup.TCP, "tcpOutSegs"),
    /**
     * Segments retransmitted: segments sent that carry previously sent data. RFC 4022 {@code tcpRetransSegs}.
     */
    TCP_RETRANS_SEGS(CounterGroup.TCP, "tcpRetransSegs"),
    /** Segments received in error (bad checksum, malformed). RFC 4022 {@code tcpInErrs}. */
    TCP_IN_ERRS(CounterGroup.TCP, "tcpInErrs"),
    /** Segments sent with RST. RFC 4022 {@code tcpOutRsts}. */
    TCP_OUT_RSTS(CounterGroup.TCP, "tcpOutRsts"),

    /**
     * Datagrams delivered to sockets. RFC 4113 {@code udpInDatagrams} (64-bit like {@code udpHCInDatagrams}).
     */
    UDP_IN_DATAGRAMS(CounterGroup.UDP, "udpInDatagrams"),
    /** Datagrams for ports with no socket. RFC 4113 {@code udpNoPorts}. */
    UDP_NO_PORTS(CounterGroup.UDP, "udpNoPorts"),
    /**
     * Datagrams not delivered for other reasons (checksum, length, full queue); includes
     * {@link #UDP_RCVBUF_ERRORS} and {@link #UDP_IN_CSUM_ERRORS}. RFC 4113 {@code udpInErrors}.
     */
    UDP_IN_ERRORS(CounterGroup.UDP, "udpInErrors"),
    /** Datagrams sent. RFC 4113 {@code udpOutDatagrams} (64-bit like {@code udpHCOutDatagrams}). */
    UDP_OUT_DATAGRAMS(CounterGroup.UDP, "udpOutDatagrams"),
    /**
     * Datagrams dropped because the socket's receive queue was full (see
     * {@link netstack.api.socket.SocketOptions#SO_RCVBUF}). No MIB object; Linux {@code UdpRcvbufErrors}.
     */
    UDP_RCVBUF_ERRORS(CounterGroup.UDP, "udpRcvbufErrors"),
    /**
     * Datagrams not sent because the send buffer was full (see
     * {@link netstack.api.socket.SocketOptions#SO_SNDBUF}). No MIB object; Linux {@code UdpSndbufErrors}.
     */
    UDP_SNDBUF_ERRORS(CounterGroup.UDP, "udpSndbufErrors"),
    /** Datagrams with a bad checksum. No MIB object; Linux {@code UdpInCsumErrors}. */
    UDP_IN_CSUM_ERRORS(CounterGroup.UDP, "udpInCsumErrors"),

    /** ARP (RFC 826) requests received. No MIB object. */
    ARP_IN_REQUESTS(CounterGroup.LINK, "arpInRequests"),
    /** ARP replies received. No MIB object. */
    ARP_IN_REPLIES(CounterGroup.LINK, "arpInReplies"),
    /** ARP packets dropped as malformed or not for us. No MIB object. */
    ARP_IN_DROPS(CounterGroup.LINK, "arpInDrops"),
    /** ARP requests sent. No MIB object. */
    ARP_OUT_REQUESTS(CounterGroup.LINK, "arpOutRequests"),
    /** ARP replies sent. No MIB object. */
    ARP_OUT_REPLIES(CounterGroup.LINK, "arpOutReplies"),
    /**
     * Ethernet frames with an EtherType the stack does not handle, summed over all interfaces (each is also
     * counted in its interface's {@link InterfaceCounter#IF_IN_UNKNOWN_PROTOS}). No MIB object.
     */
    LINK_IN_UNKNOWN_ETHERTYPES(CounterGroup.LINK, "linkInUnknownEthertypes"),
    /**
     * Packets dropped because neighbor resolution (ARP or NDP) failed or the queue of packets waiting for it was
     * full. No MIB object.
     */
    NEIGHBOR_RESOLUTION_DROPS(CounterGroup.LINK, "neighborResolutionDrops");

    /** The group the counter belongs to. */
    private final CounterGroup group;
    /** The MIB object name, or the name in MIB style for counters without one. */
    private final String mibName;

    /**
     * Binds a constant to its group and name.
     *
     * @param group the protocol group
     * @param mibName the MIB object name, or a name in MIB style
     */
    StackCounter(CounterGroup group, String mibName) {
        this.group = group;
        this.mibName = mibName;
    }

    /**
     * Returns the protocol group, e.g. to show the counters of one protocol together.
     *
     * @return the MIB group
     */
    public CounterGroup group() {
        return group;
    }

    /**
     * Returns the name an SNMP agent or a metrics exporter would publish this counter under: the MIB object name
     * where one exists (see the class description). Names are stable: they never change for an existing constant.
     *
     * @return the MIB object name, e.g. {@code "ipInReceives"}
     */
    public String mibName() {
        return mibName;
    }
}
