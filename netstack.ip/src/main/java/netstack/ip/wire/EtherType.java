package netstack.ip.wire;

/**
 * EtherType values (IEEE Std 802 §9.3, the IEEE Registration Authority's EtherType registry) that the stack reads
 * or writes, and the rule that tells an EtherType from an IEEE 802.3 length.
 *
 * <p>The 16-bit field after the source address of an Ethernet frame is a <em>length</em> (IEEE 802.3 §3.2.6:
 * {@code 0..1500}, the frame then carries an 802.2 LLC header) when below {@value #MIN_ETHERTYPE}
 * ({@code 0x0600}), and an <em>EtherType</em> (Ethernet II, the "DIX" format of RFC 894) from there on; the values
 * {@code 1501..1535} are undefined. The stack speaks only Ethernet II: see {@link EthernetFrame.Status#LENGTH_FIELD}.
 *
 * <p>Plain {@code int} constants rather than an enum, so that a receive path can {@code switch} on the value it read
 * from the wire without a lookup.
 */
public final class EtherType {

    /** Internet Protocol version 4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol (RFC 826). */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag (C-tag) protocol identifier (TPID). */
    public static final int VLAN = 0x8100;
    /** Internet Protocol version 6 (RFC 2464). */
    public static final int IPV6 = 0x86dd;
    /** IEEE 802.1ad (formerly 802.1Q-in-Q) service VLAN tag (S-tag) protocol identifier. */
    public static final int QINQ = 0x88a8;
    /** Link Layer Discovery Protocol (IEEE 802.1AB), seen on most switched links; never answered. */
    public static final int LLDP = 0x88cc;

    /** The smallest value that is an EtherType; anything below is an IEEE 802.3 length field. */
    public static final int MIN_ETHERTYPE = 0x0600;
    /** The largest valid IEEE 802.3 length value (the maximum client data length). */
    public static final int MAX_LENGTH = 1500;

    private EtherType() {
    }

    /**
     * @param typeOrLength the 16-bit field after the source address (or after a VLAN tag)
     * @return {@code true} if it is an EtherType ({@code >= 0x0600}), {@code false} if it is an IEEE 802.3 length
     *     (or one of the undefined values {@code 1501..1535})
     */
    public static boolean isEtherType(int typeOrLength) {
        return typeOrLength >= MIN_ETHERTYPE;
    }

    /**
     * @param etherType a 16-bit value
     * @return {@code true} for the VLAN tag protocol identifiers this stack recognises ({@link #VLAN},
     *     {@link #QINQ})
     */
    public static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == QINQ;
    }

    /**
     * For logs and diagnostics; allocates.
     *
     * @param etherType a 16-bit value
     * @return a short name such as {@code "IPv4"}, or {@code "0x88b5"} for a value without a name here, or
     *     {@code "802.3 length 46"} for a length field
     */
    public static String toString(int etherType) {
        return switch (etherType) {
            case IPV4 -> "IPv4";
            case ARP -> "ARP";
            case VLAN -> "802.1Q";
            case IPV6 -> "IPv6";
            case QINQ -> "802.1ad";
            case LLDP -> "LLDP";
            default -> etherType < MIN_ETHERTYPE
                    ? "802.3 length " + etherType
                    : String.format("0x%04x", etherType & 0xffff);
        };
    }
}
