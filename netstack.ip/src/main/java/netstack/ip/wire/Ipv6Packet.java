package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;
import netstack.api.net.Ipv6Address;

/**
 * View of an IPv6 packet: the fixed header of RFC 8200 §3 and its payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                         Source Address                        +
 * |                          (128 bits)                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                      Destination Address                      +
 * |                          (128 bits)                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The traffic class carries the DSCP in its upper six bits and ECN in its lower two (RFC 2474, RFC 3168).
 *
 * <h2>The check gate</h2>
 * After {@link #check()} returns {@link Check#OK} every accessor reads inside the window, and the window is exactly
 * the header plus {@link #payloadLength()} bytes: bytes after it (Ethernet padding of short frames) are cut off.
 * {@link #checkInvoking()} is the weaker gate for the copy of a packet inside an ICMPv6 error, which RFC 4443 §2.4(c)
 * truncates to fit the minimum MTU. Jumbograms (payload length 0 with a Jumbo Payload option, RFC 2675) are not
 * supported: they cannot occur on the links this stack drives.
 *
 * <p>Addresses are read without allocation as two {@code long} halves ({@link #sourceAddressHigh()}...);
 * {@link #sourceAddress()} and {@link #destinationAddress()} allocate a record for control paths.
 *
 * <p>Allocation-free except where a method says otherwise; one instance per thread, re-pointed per packet.
 */
public final class Ipv6Packet extends Flyweight {

    /** Version, traffic class and flow label: 4 + 8 + 20 bits. */
    public static final int VERSION_CLASS_FLOW = 0;
    /** Payload length: bytes after the fixed header, extension headers included. */
    public static final int PAYLOAD_LENGTH = 4;
    /** Next header: the type of the header after the fixed one (IANA protocol numbers). */
    public static final int NEXT_HEADER = 6;
    /** Hop limit. */
    public static final int HOP_LIMIT = 7;
    /** Source address, 16 bytes. */
    public static final int SOURCE_ADDRESS = 8;
    /** Destination address, 16 bytes. */
    public static final int DESTINATION_ADDRESS = 24;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 40;
    /** The largest payload length without a jumbogram. */
    public static final int MAX_PAYLOAD_LENGTH = 0xffff;
    /** The IPv6 minimum link MTU (RFC 8200 §5). */
    public static final int MINIMUM_MTU = 1280;

    /** Next header: Hop-by-Hop Options (RFC 8200 §4.3). */
    public static final int HOP_BY_HOP = 0;
    /** Next header: TCP. */
    public static final int TCP = 6;
    /** Next header: UDP. */
    public static final int UDP = 17;
    /** Next header: Routing (RFC 8200 §4.4). */
    public static final int ROUTING = 43;
    /** Next header: Fragment (RFC 8200 §4.5). */
    public static final int FRAGMENT = 44;
    /** Next header: Encapsulating Security Payload (RFC 4303). */
    public static final int ESP = 50;
    /** Next header: Authentication Header (RFC 4302). */
    public static final int AUTHENTICATION = 51;
    /** Next header: ICMPv6 (RFC 4443). */
    public static final int ICMPV6 = 58;
    /** Next header: No Next Header (RFC 8200 §4.7). */
    public static final int NO_NEXT_HEADER = 59;
    /** Next header: Destination Options (RFC 8200 §4.6). */
    public static final int DESTINATION_OPTIONS = 60;

    /** What {@link #check()} found; each value other than {@code OK} is a reason to drop and count. */
    public enum Check {
        /** A well-formed header and a payload that is all there. */
        OK,
        /** Fewer than {@value #HEADER_LENGTH} bytes (MIB-II ipv6IfStatsInTruncatedPkts). */
        TRUNCATED_HEADER,
        /** The version field is not 6 (MIB-II ipv6IfStatsInHdrErrors). */
        BAD_VERSION,
        /** The payload length says more bytes than arrived (MIB-II ipv6IfStatsInTruncatedPkts). */
        TRUNCATED_PAYLOAD
    }

    @Override
    public Ipv6Packet wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    @Override
    public Ipv6Packet wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * The gate for a received packet: the header is all there, the version is 6 and the payload length fits in the
     * window. On {@link Check#OK} the window is shortened to {@code 40 + payloadLength()} (trailing link-layer
     * padding is not part of the packet; the caller should trim its buffer to {@link #length()} as well).
     *
     * @return {@link Check#OK} or why the packet is malformed; the window is unchanged unless OK
     */
    public Check check() {
        if (length < HEADER_LENGTH) {
            return Check.TRUNCATED_HEADER;
        }
        if (version() != 6) {
            return Check.BAD_VERSION;
        }
        int total = HEADER_LENGTH + payloadLength();
        if (total > length) {
            return Check.TRUNCATED_PAYLOAD;
        }
        length = total;
        return Check.OK;
    }

    /**
     * The gate for the invoking packet quoted in an ICMPv6 error (RFC 4443 §2.4(c)): the fixed header is all there
     * and the version is 6, but the payload may be cut short. The window is not changed; the payload present is
     * {@link #availablePayloadLength()} bytes.
     *
     * @return {@link Check#OK}, {@link Check#TRUNCATED_HEADER} or {@link Check#BAD_VERSION}
     */
    public Check checkInvoking() {
        if (length < HEADER_LENGTH) {
            return Check.TRUNCATED_HEADER;
        }
        return version() != 6 ? Check.BAD_VERSION : Check.OK;
    }

    /** @return the version field, 6 for IPv6 */
    public int version() {
        return u8(VERSION_CLASS_FLOW) >>> 4;
    }

    /** @return the 8-bit traffic class */
    public int trafficClass() {
        return (u16(VERSION_CLASS_FLOW) >>> 4) & 0xff;
    }

    /** @return the differentiated services code point, the traffic class's upper six bits (RFC 2474) */
    public int dscp() {
        return trafficClass() >>> 2;
    }

    /** @return the ECN codepoint, the traffic class's lower two bits (RFC 3168) */
    public int ecn() {
        return trafficClass() & 3;
    }

    /** @return the 20-bit flow label (RFC 6437) */
    public int flowLabel() {
        return u32(VERSION_CLASS_FLOW) & 0xf_ffff;
    }

    /** @return the payload length field: extension headers and upper-layer data, in bytes */
    public int payloadLength() {
        return u16(PAYLOAD_LENGTH);
    }

    /** @return the payload bytes present in the window, which may be fewer than claimed for an invoking packet */
    public int availablePayloadLength() {
        return Math.max(0, Math.min(payloadLength(), length - HEADER_LENGTH));
    }

    /** @return the next header field */
    public int nextHeader() {
        return u8(NEXT_HEADER);
    }

    /** @return the hop limit */
    public int hopLimit() {
        return u8(HOP_LIMIT);
    }

    /** @return the first 64 bits of the source address */
    public long sourceAddressHigh() {
        return segment.get(U64, offset + SOURCE_ADDRESS);
    }

    /** @return the last 64 bits of the source address */
    public long sourceAddressLow() {
        return segment.get(U64, offset + SOURCE_ADDRESS + 8);
    }

    /** @return the first 64 bits of the destination address */
    public long destinationAddressHigh() {
        return segment.get(U64, offset + DESTINATION_ADDRESS);
    }

    /** @return the last 64 bits of the destination address */
    public long destinationAddressLow() {
        return segment.get(U64, offset + DESTINATION_ADDRESS + 8);
    }

    /** @return the source address; allocates a record */
    public Ipv6Address sourceAddress() {
        return new Ipv6Address(sourceAddressHigh(), sourceAddressLow());
    }

    /** @return the destination address; allocates a record */
    public Ipv6Address destinationAddress() {
        return new Ipv6Address(destinationAddressHigh(), destinationAddressLow());
    }

    /** @return {@code true} if the destination is a multicast address ({@code ff00::/8}) */
    public boolean isDestinationMulticast() {
        return u8(DESTINATION_ADDRESS) == 0xff;
    }

    /** @return the offset in the segment of the first payload byte, for wrapping the next header's view */
    public long payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    /**
     * @param version the version, 6 for IPv6 (other values only to build malformed test packets)
     * @return {@code this}
     */
    public Ipv6Packet version(int version) {
        u8(VERSION_CLASS_FLOW, (version << 4) | (u8(VERSION_CLASS_FLOW) & 0x0f));
        return this;
    }

    /**
     * @param trafficClass the 8-bit traffic class
     * @return {@code this}
     */
    public Ipv6Packet trafficClass(int trafficClass) {
        u16(VERSION_CLASS_FLOW, (u16(VERSION_CLASS_FLOW) & 0xf00f) | ((trafficClass & 0xff) << 4));
        return this;
    }

    /**
     * @param flowLabel the 20-bit flow label
     * @return {@code this}
     */
    public Ipv6Packet flowLabel(int flowLabel) {
        u32(VERSION_CLASS_FLOW, (u32(VERSION_CLASS_FLOW) & 0xfff0_0000) | (flowLabel & 0xf_ffff));
        return this;
    }

    /**
     * @param payloadLength bytes after the fixed header
     * @return {@code this}
     */
    public Ipv6Packet payloadLength(int payloadLength) {
        u16(PAYLOAD_LENGTH, payloadLength);
        return this;
    }

    /**
     * @param nextHeader the next header value
     * @return {@code this}
     */
    public Ipv6Packet nextHeader(int nextHeader) {
        u8(NEXT_HEADER, nextHeader);
        return this;
    }

    /**
     * @param hopLimit the hop limit
     * @return {@code this}
     */
    public Ipv6Packet hopLimit(int hopLimit) {
        u8(HOP_LIMIT, hopLimit);
        return this;
    }

    /**
     * @param high the first 64 bits
     * @param low the last 64 bits
     * @return {@code this}
     */
    public Ipv6Packet sourceAddress(long high, long low) {
        segment.set(U64, offset + SOURCE_ADDRESS, high);
        segment.set(U64, offset + SOURCE_ADDRESS + 8, low);
        return this;
    }

    /**
     * @param high the first 64 bits
     * @param low the last 64 bits
     * @return {@code this}
     */
    public Ipv6Packet destinationAddress(long high, long low) {
        segment.set(U64, offset + DESTINATION_ADDRESS, high);
        segment.set(U64, offset + DESTINATION_ADDRESS + 8, low);
        return this;
    }

    /**
     * @param address the source address
     * @return {@code this}
     */
    public Ipv6Packet sourceAddress(Ipv6Address address) {
        return sourceAddress(address.high(), address.low());
    }

    /**
     * @param address the destination address
     * @return {@code this}
     */
    public Ipv6Packet destinationAddress(Ipv6Address address) {
        return destinationAddress(address.high(), address.low());
    }

    /**
     * The unfolded Internet-checksum sum of the upper-layer pseudo-header (RFC 8200 §8.1) with this packet's
     * addresses. Where a Routing header is present the pseudo-header's destination is the <em>final</em>
     * destination: on receipt, once every routing header has zero segments left, that is this packet's destination
     * address; a sender with a routing header must use {@link #pseudoHeaderSum(long, long, long, long, int, int)}.
     *
     * @param nextHeader the upper-layer protocol (e.g. {@link #ICMPV6}), not the packet's first next header
     * @param upperLayerLength the upper-layer header plus data, in bytes
     * @return the unfolded sum, to be continued with {@link Checksum#sum} over the upper-layer bytes
     */
    public long pseudoHeaderSum(int nextHeader, int upperLayerLength) {
        return pseudoHeaderSum(sourceAddressHigh(), sourceAddressLow(), destinationAddressHigh(),
                destinationAddressLow(), nextHeader, upperLayerLength);
    }

    /**
     * The unfolded sum of the RFC 8200 §8.1 pseudo-header:
     *
     * <pre>
     * +-----------------------------------------------+
     * |          Source Address (16 bytes)            |
     * +-----------------------------------------------+
     * |        Destination Address (16 bytes)         |
     * +-----------------------------------------------+
     * |          Upper-Layer Packet Length (32 bits)  |
     * +-----------------------------------------------+
     * |        zero (24 bits)         |  Next Header  |
     * +-----------------------------------------------+
     * </pre>
     *
     * @param sourceHigh first 64 bits of the source address
     * @param sourceLow last 64 bits of the source address
     * @param destinationHigh first 64 bits of the (final) destination address
     * @param destinationLow last 64 bits of the (final) destination address
     * @param nextHeader the upper-layer protocol number
     * @param upperLayerLength the upper-layer header plus data, in bytes
     * @return the unfolded sum; fold it with {@link Checksum#fold(long)}
     */
    public static long pseudoHeaderSum(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
            int nextHeader, int upperLayerLength) {
        return halves(sourceHigh) + halves(sourceLow) + halves(destinationHigh) + halves(destinationLow)
                + (upperLayerLength & 0xffff_ffffL) + (nextHeader & 0xff);
    }

    /**
     * @param source the source address
     * @param destination the (final) destination address
     * @param nextHeader the upper-layer protocol number
     * @param upperLayerLength the upper-layer header plus data, in bytes
     * @return the unfolded pseudo-header sum
     */
    public static long pseudoHeaderSum(Ipv6Address source, Ipv6Address destination, int nextHeader,
            int upperLayerLength) {
        return pseudoHeaderSum(source.high(), source.low(), destination.high(), destination.low(), nextHeader,
                upperLayerLength);
    }

    /** Two 32-bit words of a 64-bit value, summed; their folded sum equals that of its four 16-bit words. */
    private static long halves(long v) {
        return (v >>> 32) + (v & 0xffff_ffffL);
    }
}
