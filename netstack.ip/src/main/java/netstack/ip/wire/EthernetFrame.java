package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;

/**
 * A view of an Ethernet II frame (RFC 894, IEEE 802.3 §3.1.1 with a type field), without preamble and frame check
 * sequence (drivers strip both), with up to two IEEE 802.1Q VLAN tags tolerated.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Destination Address                      |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                        Source Address                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  TPID 0x8100 or 0x88a8 (opt.) | PCP |D|         VID           |  0, 1 or 2 tags (IEEE 802.1Q §9.3)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     EtherType (or length)     |  Payload ...                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <h2>Receiving</h2>
 * {@link #wrap} the frame, then {@link #check()}: it finds the VLAN tags (an 802.1ad S-tag, an 802.1Q C-tag, or both
 * in that order; any order of the two TPIDs is accepted, at most two tags), after which {@link #etherType()} is the
 * real EtherType behind them and {@link #payloadOffset()} points past them. A priority-tagged frame (VID 0, IEEE
 * 802.1Q §9.6) has a tag but belongs to no VLAN: the stack treats it as untagged, as Linux does. A frame whose type
 * field is an IEEE 802.3 length (below {@code 0x0600}) is reported as {@link Status#LENGTH_FIELD} so that the stack can
 * count and drop it. The payload may end in padding up to the 60-byte minimum frame; the network layer removes it
 * (IPv4: {@link Ipv4Packet#check()} trims to the total length).
 *
 * <h2>Sending</h2>
 * {@link #emit(long, long, int)} or {@link #emitTagged(long, long, int, int, int)} writes every header byte into the
 * window's start. MAC addresses are handled as {@code long} bit patterns (48 bits, first byte on the wire in bits
 * 47..40), exactly as in {@link netstack.api.net.MacAddress#bits()}, so that no accessor allocates.
 *
 * <p>Allocation-free; not thread-safe: one instance per thread, re-pointed per frame.
 */
public final class EthernetFrame extends Flyweight {

    /** Offset of the destination MAC address. */
    public static final int DESTINATION = 0;
    /** Offset of the source MAC address. */
    public static final int SOURCE = 6;
    /** Offset of the EtherType (or the first tag's TPID) in any frame. */
    public static final int ETHER_TYPE = 12;
    /** Length of an untagged header: two addresses and the EtherType. */
    public static final int HEADER_BYTES = 14;
    /** Length of one VLAN tag: TPID and tag control information (TCI). */
    public static final int TAG_BYTES = 4;
    /** The most tags {@link #check()} looks through (802.1ad S-tag + 802.1Q C-tag). */
    public static final int MAX_TAGS = 2;
    /** The smallest frame on the wire without its 4-byte FCS (IEEE 802.3 §4.4.2: 64 bytes with it). */
    public static final int MIN_FRAME_BYTES = 60;
    /** {@link #vlanId()} and {@link #innerVlanId()} of a frame without that tag. */
    public static final int NO_VLAN = -1;
    /** The largest VID a frame may carry; 0xfff is reserved (IEEE 802.1Q Table 9-2). */
    public static final int MAX_VLAN_ID = 0xffe;

    /** Outcome of {@link #check()}. */
    public enum Status {
        /** The header is complete; {@link #etherType()} is an EtherType. */
        OK,
        /** Shorter than its header (14 bytes, plus 4 per tag): drop it without using the accessors. */
        TRUNCATED,
        /**
         * The type field (after any tags) holds an IEEE 802.3 length or an undefined value below {@code 0x0600}: an
         * 802.2 LLC frame (STP BPDUs, for instance), which this stack does not speak. The accessors are valid.
         */
        LENGTH_FIELD
    }

    private static final int TCI_VID_MASK = 0x0fff;

    /** How many tags {@link #check()} found. */
    private int tags;
    /** Where the EtherType is, relative to the window: 12, 16 or 20. */
    private int typeOffset = ETHER_TYPE;

    /** Points this view at a frame; it is untagged until {@link #check()} finds tags. */
    @Override
    public EthernetFrame wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        tags = 0;
        typeOffset = ETHER_TYPE;
        return this;
    }

    @Override
    public EthernetFrame wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * Validates the header's length and locates the EtherType behind up to {@value #MAX_TAGS} VLAN tags. A third
     * tag is not looked through: {@link #etherType()} then returns its TPID, which no protocol handler claims.
     * Allocation-free.
     *
     * @return {@link Status#OK}, or why the frame cannot be handed to a network protocol
     */
    public Status check() {
        tags = 0;
        typeOffset = ETHER_TYPE;
        if (length < HEADER_BYTES) {
            return Status.TRUNCATED;
        }
        int at = ETHER_TYPE;
        int found = 0;
        int type = u16(at);
        while (EtherType.isVlanTag(type) && found < MAX_TAGS) {
            if (length < at + TAG_BYTES + 2) {
                return Status.TRUNCATED;
            }
            at += TAG_BYTES;
            found++;
            type = u16(at);
        }
        tags = found;
        typeOffset = at;
        return EtherType.isEtherType(type) ? Status.OK : Status.LENGTH_FIELD;
    }

    /** @return the destination MAC address in the low 48 bits */
    public long destination() {
        return mac(DESTINATION);
    }

    /** @return the source MAC address in the low 48 bits */
    public long source() {
        return mac(SOURCE);
    }

    /** @return {@code true} if the destination has the group bit set (multicast, including broadcast) */
    public boolean isDestinationMulticast() {
        return (u8(DESTINATION) & 1) != 0;
    }

    /** @return {@code true} if the destination is {@code ff:ff:ff:ff:ff:ff} */
    public boolean isDestinationBroadcast() {
        return u16(DESTINATION) == 0xffff && u32(DESTINATION + 2) == -1;
    }

    /**
     * @return after {@link #check()}: the EtherType behind the tags (or the 802.3 length, see
     *     {@link Status#LENGTH_FIELD}); before it, the raw field at offset 12
     */
    public int etherType() {
        return u16(typeOffset);
    }

    /** @return how many VLAN tags {@link #check()} found: 0, 1 or 2 */
    public int tagCount() {
        return tags;
    }

    /**
     * @return the VID of the first (outer) tag, {@code 0} for a priority tag, or {@link #NO_VLAN} for an untagged
     *     frame
     */
    public int vlanId() {
        return tags == 0 ? NO_VLAN : u16(ETHER_TYPE + 2) & TCI_VID_MASK;
    }

    /** @return the priority code point (IEEE 802.1Q PCP, 0..7) of the outer tag, 0 if untagged */
    public int vlanPriority() {
        return tags == 0 ? 0 : u16(ETHER_TYPE + 2) >>> 13;
    }

    /** @return the outer tag's TPID ({@link EtherType#VLAN} or {@link EtherType#QINQ}), 0 if untagged */
    public int vlanTpid() {
        return tags == 0 ? 0 : u16(ETHER_TYPE);
    }

    /** @return the VID of the second (inner, customer) tag, or {@link #NO_VLAN} unless there are two tags */
    public int innerVlanId() {
        return tags < 2 ? NO_VLAN : u16(ETHER_TYPE + TAG_BYTES + 2) & TCI_VID_MASK;
    }

    /** @return the header length in bytes: 14 plus 4 per tag */
    public int headerLengthBytes() {
        return typeOffset + 2;
    }

    /** @return the payload's first byte in {@link #segment()} (absolute, not relative to the window) */
    public long payloadOffset() {
        return offset + typeOffset + 2;
    }

    /** @return the bytes after the header, including any padding up to the minimum frame size */
    public int payloadLength() {
        return length - (typeOffset + 2);
    }

    /**
     * @param bits the destination MAC address (48 bits)
     * @return {@code this}
     */
    public EthernetFrame destination(long bits) {
        mac(DESTINATION, bits);
        return this;
    }

    /**
     * @param bits the source MAC address (48 bits)
     * @return {@code this}
     */
    public EthernetFrame source(long bits) {
        mac(SOURCE, bits);
        return this;
    }

    /**
     * Rewrites the EtherType where the last {@link #check()} or emit found or put it.
     *
     * @param etherType the 16-bit value
     * @return {@code this}
     */
    public EthernetFrame etherType(int etherType) {
        u16(typeOffset, etherType);
        return this;
    }

    /**
     * Writes an untagged header (all 14 bytes) at the window's start. Allocation-free.
     *
     * @param destination destination MAC address bits
     * @param source source MAC address bits
     * @param etherType the payload's EtherType
     * @return {@code this}
     * @throws IndexOutOfBoundsException if the window is shorter than 14 bytes
     */
    public EthernetFrame emit(long destination, long source, int etherType) {
        requireWindow(HEADER_BYTES);
        tags = 0;
        typeOffset = ETHER_TYPE;
        mac(DESTINATION, destination);
        mac(SOURCE, source);
        u16(ETHER_TYPE, etherType);
        return this;
    }

    /**
     * Writes a header with one IEEE 802.1Q C-tag (TPID {@code 0x8100}; all 18 bytes) at the window's start.
     * Allocation-free.
     *
     * @param destination destination MAC address bits
     * @param source source MAC address bits
     * @param priority the priority code point, 0..7
     * @param vlanId the VID, 0 (priority tag only) to {@value #MAX_VLAN_ID}
     * @param etherType the payload's EtherType
     * @return {@code this}
     * @throws IllegalArgumentException if the priority or VID is out of range
     * @throws IndexOutOfBoundsException if the window is shorter than 18 bytes
     */
    public EthernetFrame emitTagged(long destination, long source, int priority, int vlanId, int etherType) {
        if (priority < 0 || priority > 7 || vlanId < 0 || vlanId > MAX_VLAN_ID) {
            throw new IllegalArgumentException("VLAN priority must be 0..7 and VID 0.." + MAX_VLAN_ID + ", not "
                    + priority + " and " + vlanId);
        }
        requireWindow(HEADER_BYTES + TAG_BYTES);
        tags = 1;
        typeOffset = ETHER_TYPE + TAG_BYTES;
        mac(DESTINATION, destination);
        mac(SOURCE, source);
        u16(ETHER_TYPE, EtherType.VLAN);
        u16(ETHER_TYPE + 2, (priority << 13) | vlanId);
        u16(ETHER_TYPE + TAG_BYTES, etherType);
        return this;
    }

    private long mac(int at) {
        return ((long) u16(at) << 32) | (u32(at + 2) & 0xffff_ffffL);
    }

    private void mac(int at, long bits) {
        u16(at, (int) (bits >>> 32));
        u32(at + 2, (int) bits);
    }

    private void requireWindow(int bytes) {
        if (length < bytes) {
            throw new IndexOutOfBoundsException("an Ethernet header needs " + bytes + " bytes, the window has "
                    + length);
        }
    }
}
