package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;

/**
 * View of an ICMPv6 message (RFC 4443), from its type byte to the end of the IPv6 payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Echo: Identifier             |  Sequence Number              |   types 128, 129 (§4)
 * |  Packet Too Big: MTU                                          |   type 2 (§3.2)
 * |  Parameter Problem: Pointer                                   |   type 4 (§3.4)
 * |  Unused (zero)                                                |   types 1, 3 (§3.1, §3.3)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo data, or as much of the invoking packet as fits in 1280 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Types below 128 are errors, the others informational (§2.1). The checksum covers the RFC 8200 §8.1
 * pseudo-header ({@link Ipv6Packet#pseudoHeaderSum}) and the whole message; {@link #checksumValid} and
 * {@link #fillChecksum} take the addresses from the IPv6 header or as {@code long} halves. Neighbor Discovery
 * ({@link NdpPacket}) and MLD ({@link MldPacket}) messages are ICMPv6 messages with views of their own.
 *
 * <p>Allocation-free; one instance per thread, re-pointed per packet.
 */
public final class Icmpv6Packet extends Flyweight {

    /** Type field. */
    public static final int TYPE = 0;
    /** Code field. */
    public static final int CODE = 1;
    /** Checksum field. */
    public static final int CHECKSUM = 2;
    /** The 32-bit message body field: identifier + sequence, MTU, pointer, or unused. */
    public static final int BODY = 4;
    /** Echo identifier. */
    public static final int IDENTIFIER = 4;
    /** Echo sequence number. */
    public static final int SEQUENCE_NUMBER = 6;
    /** Packet Too Big MTU. */
    public static final int MTU = 4;
    /** Parameter Problem pointer. */
    public static final int POINTER = 4;
    /** Echo data, or the invoking packet of an error. */
    public static final int DATA = 8;
    /** Length of the header of every RFC 4443 message. */
    public static final int HEADER_LENGTH = 8;
    /** The most bytes of an invoking packet an error may quote: 1280 - 40 - 8 (RFC 4443 §2.4(c)). */
    public static final int MAX_QUOTED_BYTES = Ipv6Packet.MINIMUM_MTU - Ipv6Packet.HEADER_LENGTH - HEADER_LENGTH;

    /** Type 1: Destination Unreachable (§3.1). */
    public static final int DESTINATION_UNREACHABLE = 1;
    /** Type 2: Packet Too Big (§3.2). */
    public static final int PACKET_TOO_BIG = 2;
    /** Type 3: Time Exceeded (§3.3). */
    public static final int TIME_EXCEEDED = 3;
    /** Type 4: Parameter Problem (§3.4). */
    public static final int PARAMETER_PROBLEM = 4;
    /** Type 128: Echo Request (§4.1). */
    public static final int ECHO_REQUEST = 128;
    /** Type 129: Echo Reply (§4.2). */
    public static final int ECHO_REPLY = 129;
    /** Type 130: Multicast Listener Query (RFC 2710, RFC 3810). */
    public static final int MLD_QUERY = 130;
    /** Type 131: MLDv1 Multicast Listener Report (RFC 2710). */
    public static final int MLDV1_REPORT = 131;
    /** Type 132: MLDv1 Multicast Listener Done (RFC 2710). */
    public static final int MLDV1_DONE = 132;
    /** Type 133: Router Solicitation (RFC 4861 §4.1). */
    public static final int ROUTER_SOLICITATION = 133;
    /** Type 134: Router Advertisement (RFC 4861 §4.2). */
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** Type 135: Neighbor Solicitation (RFC 4861 §4.3). */
    public static final int NEIGHBOR_SOLICITATION = 135;
    /** Type 136: Neighbor Advertisement (RFC 4861 §4.4). */
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** Type 137: Redirect (RFC 4861 §4.5). */
    public static final int REDIRECT = 137;
    /** Type 143: Version 2 Multicast Listener Report (RFC 3810 §5.2). */
    public static final int MLDV2_REPORT = 143;

    /** Destination Unreachable code 0: no route to destination. */
    public static final int NO_ROUTE = 0;
    /** Destination Unreachable code 1: communication administratively prohibited. */
    public static final int ADMINISTRATIVELY_PROHIBITED = 1;
    /** Destination Unreachable code 2: beyond scope of source address. */
    public static final int BEYOND_SCOPE = 2;
    /** Destination Unreachable code 3: address unreachable. */
    public static final int ADDRESS_UNREACHABLE = 3;
    /** Destination Unreachable code 4: port unreachable. */
    public static final int PORT_UNREACHABLE = 4;
    /** Destination Unreachable code 5: source address failed ingress/egress policy. */
    public static final int SOURCE_POLICY_FAILED = 5;
    /** Destination Unreachable code 6: reject route to destination. */
    public static final int REJECT_ROUTE = 6;

    /** Time Exceeded code 0: hop limit exceeded in transit. */
    public static final int HOP_LIMIT_EXCEEDED = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded. */
    public static final int REASSEMBLY_TIME_EXCEEDED = 1;

    /** Parameter Problem code 0: erroneous header field encountered. */
    public static final int ERRONEOUS_HEADER_FIELD = 0;
    /** Parameter Problem code 1: unrecognized Next Header type encountered. */
    public static final int UNRECOGNIZED_NEXT_HEADER = 1;
    /** Parameter Problem code 2: unrecognized IPv6 option encountered. */
    public static final int UNRECOGNIZED_OPTION = 2;
    /** Parameter Problem code 3: first fragment has an incomplete header chain (RFC 7112). */
    public static final int INCOMPLETE_HEADER_CHAIN = 3;

    @Override
    public Icmpv6Packet wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    @Override
    public Icmpv6Packet wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * The length gate: every message has type, code and checksum (4 bytes), and the RFC 4443 messages (types 1-4,
     * 128, 129) have the 4-byte body too. Longer minimums of NDP and MLD messages are their views' to check.
     *
     * @return {@code true} if the accessors for this message's type read inside the window
     */
    public boolean check() {
        if (length < 4) {
            return false;
        }
        return switch (type()) {
            case DESTINATION_UNREACHABLE, PACKET_TOO_BIG, TIME_EXCEEDED, PARAMETER_PROBLEM, ECHO_REQUEST, ECHO_REPLY ->
                    length >= HEADER_LENGTH;
            default -> true;
        };
    }

    /** @return the type */
    public int type() {
        return u8(TYPE);
    }

    /** @return the code */
    public int code() {
        return u8(CODE);
    }

    /** @return the checksum field */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** @return the echo identifier */
    public int identifier() {
        return u16(IDENTIFIER);
    }

    /** @return the echo sequence number */
    public int sequenceNumber() {
        return u16(SEQUENCE_NUMBER);
    }

    /** @return the Packet Too Big MTU, unsigned 32 bits */
    public long mtu() {
        return Integer.toUnsignedLong(u32(MTU));
    }

    /** @return the Parameter Problem pointer, unsigned 32 bits: an offset into the invoking packet */
    public long pointer() {
        return Integer.toUnsignedLong(u32(POINTER));
    }

    /** @return the raw 32-bit body field after the checksum */
    public int body() {
        return u32(BODY);
    }

    /** @return {@code true} for an error message (type below 128, RFC 4443 §2.1) */
    public boolean isError() {
        return isError(type());
    }

    /**
     * @param type an ICMPv6 type
     * @return {@code true} if it is an error type: the high bit of the type is clear (RFC 4443 §2.1)
     */
    public static boolean isError(int type) {
        return type < 128;
    }

    /** @return the offset in the segment of the echo data or the invoking packet */
    public long dataOffset() {
        return offset + DATA;
    }

    /** @return the bytes of echo data or invoking packet present */
    public int dataLength() {
        return Math.max(0, length - DATA);
    }

    /**
     * Points a view at the invoking packet an error quotes. Check it with {@link Ipv6Packet#checkInvoking()}: it is
     * usually cut short.
     *
     * @param into the view to re-point
     * @return {@code into}
     */
    public Ipv6Packet invokingPacket(Ipv6Packet into) {
        return into.wrap(segment, offset + DATA, dataLength());
    }

    /**
     * @param type the type
     * @return {@code this}
     */
    public Icmpv6Packet type(int type) {
        u8(TYPE, type);
        return this;
    }

    /**
     * @param code the code
     * @return {@code this}
     */
    public Icmpv6Packet code(int code) {
        u8(CODE, code);
        return this;
    }

    /**
     * @param checksum the checksum field
     * @return {@code this}
     */
    public Icmpv6Packet checksum(int checksum) {
        u16(CHECKSUM, checksum);
        return this;
    }

    /**
     * @param identifier the echo identifier
     * @return {@code this}
     */
    public Icmpv6Packet identifier(int identifier) {
        u16(IDENTIFIER, identifier);
        return this;
    }

    /**
     * @param sequenceNumber the echo sequence number
     * @return {@code this}
     */
    public Icmpv6Packet sequenceNumber(int sequenceNumber) {
        u16(SEQUENCE_NUMBER, sequenceNumber);
        return this;
    }

    /**
     * @param body the 32-bit body field (MTU, pointer, or zero)
     * @return {@code this}
     */
    public Icmpv6Packet body(int body) {
        u32(BODY, body);
        return this;
    }

    /**
     * The unfolded sum of the pseudo-header and the message, checksum field included.
     *
     * @param sourceHigh source address, first 64 bits
     * @param sourceLow source address, last 64 bits
     * @param destinationHigh destination address, first 64 bits
     * @param destinationLow destination address, last 64 bits
     * @return the unfolded sum
     */
    private long sum(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        long pseudo = Ipv6Packet.pseudoHeaderSum(sourceHigh, sourceLow, destinationHigh, destinationLow,
                Ipv6Packet.ICMPV6, length);
        return Checksum.sum(pseudo, segment, offset, length);
    }

    /**
     * @param sourceHigh source address, first 64 bits
     * @param sourceLow source address, last 64 bits
     * @param destinationHigh destination address, first 64 bits
     * @param destinationLow destination address, last 64 bits
     * @return {@code true} if the checksum over pseudo-header and message is right (the sum folds to 0xffff)
     */
    public boolean checksumValid(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        return Checksum.fold(sum(sourceHigh, sourceLow, destinationHigh, destinationLow)) == 0xffff;
    }

    /**
     * @param ip the packet that carries this message (its addresses are used)
     * @return {@code true} if the checksum is right
     */
    public boolean checksumValid(Ipv6Packet ip) {
        return checksumValid(ip.sourceAddressHigh(), ip.sourceAddressLow(), ip.destinationAddressHigh(),
                ip.destinationAddressLow());
    }

    /**
     * Computes the checksum over pseudo-header and message and writes it. Every other byte must be final.
     *
     * @param sourceHigh source address, first 64 bits
     * @param sourceLow source address, last 64 bits
     * @param destinationHigh destination address, first 64 bits
     * @param destinationLow destination address, last 64 bits
     * @return {@code this}
     */
    public Icmpv6Packet fillChecksum(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        u16(CHECKSUM, 0);
        u16(CHECKSUM, ~Checksum.fold(sum(sourceHigh, sourceLow, destinationHigh, destinationLow)) & 0xffff);
        return this;
    }

    /**
     * @param ip the packet that carries this message, addresses already written
     * @return {@code this}
     */
    public Icmpv6Packet fillChecksum(Ipv6Packet ip) {
        return fillChecksum(ip.sourceAddressHigh(), ip.sourceAddressLow(), ip.destinationAddressHigh(),
                ip.destinationAddressLow());
    }

    /**
     * RFC 4443 §2.4(e): whether an ICMPv6 error message may be sent in response to a packet. It may not be sent
     * about (e.1) an ICMPv6 error or (e.2) a Redirect; (e.3) a packet to an IPv6 multicast address or (e.4) one
     * that came in a link-layer multicast or broadcast frame, except a Packet Too Big and a Parameter Problem code 2
     * for an option of action 10; (e.5) a packet whose source is not one node's address (unspecified or multicast;
     * anycast is the stack's to know). Rate limiting (§2.4(f)) is the stack's.
     *
     * @param invoking the packet the error would be about; its fixed header must be readable
     * @param upperLayerProtocol the upper-layer protocol ({@link Ipv6ExtensionHeaders#upperLayerProtocol()}), or -1
     *     when unknown
     * @param upperLayerOffset the offset of its header from the IPv6 header, or -1 when it is not a header (as in a
     *     non-first fragment): an ICMPv6 packet whose type cannot be read is never answered
     * @param linkLayerMulticast whether the packet arrived in a link-layer multicast or broadcast frame
     * @param multicastExempt {@code true} for a Packet Too Big, or for a Parameter Problem code 2 caused by an option
     *     of action 10 ({@link Ipv6ExtensionHeaders#multicastExempt()})
     * @return {@code true} if the error may be sent
     */
    public static boolean mayAnswerWithError(Ipv6Packet invoking, int upperLayerProtocol, int upperLayerOffset,
            boolean linkLayerMulticast, boolean multicastExempt) {
        if (upperLayerProtocol == Ipv6Packet.ICMPV6) {
            if (upperLayerOffset < 0 || upperLayerOffset >= invoking.length()) {
                return false;
            }
            int type = invoking.u8(upperLayerOffset);
            if (isError(type) || type == REDIRECT) {
                return false;
            }
        }
        if ((invoking.isDestinationMulticast() || linkLayerMulticast) && !multicastExempt) {
            return false;
        }
        boolean unspecified = invoking.sourceAddressHigh() == 0 && invoking.sourceAddressLow() == 0;
        boolean multicastSource = invoking.u8(Ipv6Packet.SOURCE_ADDRESS) == 0xff;
        return !unspecified && !multicastSource;
    }

    /**
     * @param invokingLength the length of the packet an error is about
     * @return how many of its bytes the error quotes: as many as fit in a minimum-MTU packet (RFC 4443 §2.4(c))
     */
    public static int quotedLength(int invokingLength) {
        return Math.min(invokingLength, MAX_QUOTED_BYTES);
    }
}
