package netstack.api.stats;

/**
 * Per-interface counters, after the {@code ifTable} of the Interfaces Group MIB (RFC 2863, IF-MIB; originally
 * MIB-II, RFC 1213). {@link #mibName()} is the IF-MIB object name.
 *
 * <p>A "packet" here is a link-layer frame, or an IP packet on a {@link netstack.api.link.LinkType#RAW_IP} link.
 * Values are 64-bit like the {@code ifHC…} objects of {@code ifXTable} and are kept across driver hot swaps: they
 * belong to the interface, not to the driver.
 */
public enum InterfaceCounter {
    /**
     * Bytes received, link header included, as the driver delivered the frames (for Ethernet, without preamble
     * and normally without FCS). RFC 2863 {@code ifInOctets}; 64-bit like {@code ifHCInOctets}.
     */
    IF_IN_OCTETS("ifInOctets"),
    /** Unicast frames received. RFC 2863 {@code ifInUcastPkts}. */
    IF_IN_UCAST_PKTS("ifInUcastPkts"),
    /**
     * Multicast and broadcast frames received. RFC 1213 {@code ifInNUcastPkts}, which RFC 2863 deprecates in
     * favour of the sum of {@code ifInMulticastPkts} and {@code ifInBroadcastPkts}; this counter is that sum.
     */
    IF_IN_NUCAST_PKTS("ifInNUcastPkts"),
    /**
     * Frames discarded although no error was found (no buffer, interface detached or down). RFC 2863
     * {@code ifInDiscards}.
     */
    IF_IN_DISCARDS("ifInDiscards"),
    /**
     * Frames discarded because they were in error (too short, malformed link header, device error). RFC 2863
     * {@code ifInErrors}.
     */
    IF_IN_ERRORS("ifInErrors"),
    /**
     * Frames discarded because they carry a protocol the stack does not handle (e.g. an unknown EtherType). RFC
     * 2863 {@code ifInUnknownProtos}.
     */
    IF_IN_UNKNOWN_PROTOS("ifInUnknownProtos"),
    /** Bytes sent, link header included, counted as for {@link #IF_IN_OCTETS}. RFC 2863 {@code ifOutOctets}. */
    IF_OUT_OCTETS("ifOutOctets"),
    /** Unicast frames the device accepted for sending. RFC 2863 {@code ifOutUcastPkts}. */
    IF_OUT_UCAST_PKTS("ifOutUcastPkts"),
    /**
     * Multicast and broadcast frames the device accepted for sending. RFC 1213 {@code ifOutNUcastPkts} (deprecated
     * by RFC 2863, like {@link #IF_IN_NUCAST_PKTS}).
     */
    IF_OUT_NUCAST_PKTS("ifOutNUcastPkts"),
    /**
     * Frames not sent although no error was found (no driver attached, device queue full). RFC 2863
     * {@code ifOutDiscards}.
     */
    IF_OUT_DISCARDS("ifOutDiscards"),
    /** Frames not sent because of device errors. RFC 2863 {@code ifOutErrors}. */
    IF_OUT_ERRORS("ifOutErrors");

    /** The IF-MIB object name this counter reports. */
    private final String mibName;

    /**
     * Binds a constant to its IF-MIB object name.
     *
     * @param mibName the IF-MIB object name
     */
    InterfaceCounter(String mibName) {
        this.mibName = mibName;
    }

    /**
     * Returns the IF-MIB (RFC 2863) object name, the key an SNMP agent or a metrics exporter would publish this
     * counter under. Names are stable: they never change for an existing constant.
     *
     * @return the MIB object name, e.g. {@code "ifInOctets"}
     */
    public String mibName() {
        return mibName;
    }

    /** @return {@link CounterGroup#INTERFACE} */
    public CounterGroup group() {
        return CounterGroup.INTERFACE;
    }
}
