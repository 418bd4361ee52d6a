package netstack.api.stats;

/** Per-interface counters after the RFC 2863 ifTable / ifXTable. */
public enum InterfaceCounter {
    /** Octets received, link headers included. */
    IF_IN_OCTETS("ifInOctets"),
    /** Unicast frames received. */
    IF_IN_UCAST_PKTS("ifInUcastPkts"),
    /** Multicast and broadcast frames received. */
    IF_IN_NUCAST_PKTS("ifInNUcastPkts"),
    /** Frames discarded without error (no buffer, interface detached or down). */
    IF_IN_DISCARDS("ifInDiscards"),
    /** Frames with errors (too short, malformed link header, device error). */
    IF_IN_ERRORS("ifInErrors"),
    /** Frames for a protocol the stack does not handle. */
    IF_IN_UNKNOWN_PROTOS("ifInUnknownProtos"),
    /** Octets sent. */
    IF_OUT_OCTETS("ifOutOctets"),
    /** Unicast frames sent. */
    IF_OUT_UCAST_PKTS("ifOutUcastPkts"),
    /** Multicast and broadcast frames sent. */
    IF_OUT_NUCAST_PKTS("ifOutNUcastPkts"),
    /** Frames not sent without error (no driver attached, device queue full). */
    IF_OUT_DISCARDS("ifOutDiscards"),
    /** Frames not sent because of device errors. */
    IF_OUT_ERRORS("ifOutErrors");

    private final String mibName;

    InterfaceCounter(String mibName) {
        this.mibName = mibName;
    }

    /** @return the MIB object name, e.g. {@code "ifInOctets"} */
    public String mibName() {
        return mibName;
    }

    /** @return {@link CounterGroup#INTERFACE} */
    public CounterGroup group() {
        return CounterGroup.INTERFACE;
    }
}
