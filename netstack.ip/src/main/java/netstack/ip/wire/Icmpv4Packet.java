package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;

/**
 * A view of an ICMP message for IPv4 (RFC 792, with RFC 1122 §3.2.2, RFC 1191 and RFC 4884): the 8-byte header
 * and the body after it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Echo (8, 0):          Identifier       |    Sequence Number   |
 * | Unreachable (3):   unused  |  Length*  |   Next-Hop MTU (RFC 1191, code 4)
 * | Time Exceeded (11):unused  |  Length*  |        unused        |
 * | Param. Problem (12):Pointer|  Length*  |        unused        |
 * | Redirect (5):            Gateway Internet Address             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Body: echo data, or the original datagram (its IP header and  |
 * | the first bytes of its data) for an error message ...         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   * RFC 4884: the original datagram's length in 32-bit words when ICMP extensions follow it, else 0
 * </pre>
 *
 * <h2>Receiving</h2>
 * {@link #wrap} the IPv4 payload ({@link Ipv4Packet#payloadOffset()}, {@link Ipv4Packet#payloadLength()}) and
 * {@link #check()} the length and the checksum over the whole message. An error message's original datagram is at
 * {@link #dataOffset()}, {@link #originalDatagramLength()} bytes long (RFC 4884 extensions excluded): wrap an
 * {@link Ipv4Packet} over it and use {@link Ipv4Packet#checkQuoted()}, since the quote is truncated by design.
 *
 * <h2>Sending errors</h2>
 * RFC 1122 §3.2.2 lists the datagrams that must never cause an error message: {@link #mayReplyWithError} applies
 * the rules that the datagram itself decides, including {@link #isError the one about errors}. The original
 * datagram to quote is the offending one from its IP header on, cut to {@link #quoteLength} so that the error stays
 * within 576 bytes (RFC 1812 §4.3.2.3, as Linux does).
 *
 * <p>Allocation-free; not thread-safe: one instance per thread, re-pointed per message.
 */
public final class Icmpv4Packet extends Flyweight {

    /** Offset of Type. */
    public static final int TYPE = 0;
    /** Offset of Code. */
    public static final int CODE = 1;
    /** Offset of Checksum. */
    public static final int CHECKSUM = 2;
    /** Offset of the echo Identifier. */
    public static final int ECHO_IDENTIFIER = 4;
    /** Offset of the echo Sequence Number. */
    public static final int ECHO_SEQUENCE_NUMBER = 6;
    /** Offset of the Parameter Problem Pointer. */
    public static final int POINTER = 4;
    /** Offset of the RFC 4884 Length attribute (types 3, 11, 12). */
    public static final int ORIGINAL_DATAGRAM_LENGTH = 5;
    /** Offset of the Next-Hop MTU (type 3 code 4, RFC 1191 §4). */
    public static final int NEXT_HOP_MTU = 6;
    /** Offset of the Redirect Gateway Internet Address. */
    public static final int GATEWAY_ADDRESS = 4;
    /** Offset of the body: echo data or the original datagram. */
    public static final int DATA = 8;
    /** Length of the header. */
    public static final int HEADER_BYTES = 8;
    /**
     * The most an error message may be, IP header included (RFC 1812 §4.3.2.3: "as much of the original datagram as
     * possible without the length of the ICMP datagram exceeding 576 bytes").
     */
    public static final int MAX_ERROR_DATAGRAM_BYTES = 576;

    /** Echo Reply. */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Destination Unreachable. */
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    /** Source Quench (deprecated by RFC 6633: never sent, ignored when received). */
    public static final int TYPE_SOURCE_QUENCH = 4;
    /** Redirect. */
    public static final int TYPE_REDIRECT = 5;
    /** Echo (request). */
    public static final int TYPE_ECHO_REQUEST = 8;
    /** Router Advertisement (RFC 1256). */
    public static final int TYPE_ROUTER_ADVERTISEMENT = 9;
    /** Router Solicitation (RFC 1256). */
    public static final int TYPE_ROUTER_SOLICITATION = 10;
    /** Time Exceeded. */
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Parameter Problem. */
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** Timestamp (request). */
    public static final int TYPE_TIMESTAMP_REQUEST = 13;
    /** Timestamp Reply. */
    public static final int TYPE_TIMESTAMP_REPLY = 14;
    /** Information Request (obsolete, RFC 6918). */
    public static final int TYPE_INFORMATION_REQUEST = 15;
    /** Information Reply (obsolete, RFC 6918). */
    public static final int TYPE_INFORMATION_REPLY = 16;
    /** Address Mask Request (RFC 950; obsolete, RFC 6918). */
    public static final int TYPE_ADDRESS_MASK_REQUEST = 17;
    /** Address Mask Reply (RFC 950; obsolete, RFC 6918). */
    public static final int TYPE_ADDRESS_MASK_REPLY = 18;

    /** Destination Unreachable: net unreachable. */
    public static final int CODE_NET_UNREACHABLE = 0;
    /** Destination Unreachable: host unreachable. */
    public static final int CODE_HOST_UNREACHABLE = 1;
    /** Destination Unreachable: protocol unreachable (sent by the destination host). */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    /** Destination Unreachable: port unreachable (sent by the destination host). */
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination Unreachable: fragmentation needed and DF set; carries the next-hop MTU (RFC 1191). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Destination Unreachable: source route failed. */
    public static final int CODE_SOURCE_ROUTE_FAILED = 5;
    /** Destination Unreachable: communication administratively prohibited (RFC 1812 §5.2.7.1). */
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 13;
    /** Time Exceeded: time to live exceeded in transit. */
    public static final int CODE_TTL_EXCEEDED = 0;
    /** Time Exceeded: fragment reassembly time exceeded. */
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    /** Parameter Problem: the Pointer indicates the error. */
    public static final int CODE_POINTER_INDICATES_ERROR = 0;
    /** Redirect: for the network (or subnet). */
    public static final int CODE_REDIRECT_NETWORK = 0;
    /** Redirect: for the host. */
    public static final int CODE_REDIRECT_HOST = 1;

    /**
     * Outcome of {@link #check()}. Both failures count as {@code icmpInErrors} (RFC 4293); Linux counts a bad
     * checksum as {@code InCsumErrors} too.
     */
    public enum Status {
        /** The header is complete and the checksum verifies; every accessor is valid. */
        OK,
        /** Shorter than the 8-byte header. */
        TRUNCATED,
        /** The checksum over the whole message does not verify. */
        BAD_CHECKSUM
    }

    @Override
    public Icmpv4Packet wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    @Override
    public Icmpv4Packet wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * Validates length and checksum; the window must be exactly the message (the IPv4 payload after
     * {@link Ipv4Packet#check()}), since the checksum covers all of it. Allocation-free.
     *
     * @return {@link Status#OK}, or why the message must be dropped
     */
    public Status check() {
        if (length < HEADER_BYTES) {
            return Status.TRUNCATED;
        }
        return isChecksumValid() ? Status.OK : Status.BAD_CHECKSUM;
    }

    /** @return Type */
    public int type() {
        return u8(TYPE);
    }

    /** @return Code */
    public int code() {
        return u8(CODE);
    }

    /** @return Checksum as on the wire */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** @return {@code true} if the whole message sums to 0xffff, i.e. its checksum is right (RFC 792) */
    public boolean isChecksumValid() {
        return Checksum.fold(Checksum.sum(0, segment, offset, length)) == 0xffff;
    }

    /** @return the Identifier of an echo or echo reply */
    public int echoIdentifier() {
        return u16(ECHO_IDENTIFIER);
    }

    /** @return the Sequence Number of an echo or echo reply */
    public int echoSequenceNumber() {
        return u16(ECHO_SEQUENCE_NUMBER);
    }

    /** @return a Parameter Problem's Pointer: the offending byte's offset in the original datagram */
    public int pointer() {
        return u8(POINTER);
    }

    /** @return a "fragmentation needed" message's Next-Hop MTU in bytes (RFC 1191 §4), 0 from old routers */
    public int nextHopMtu() {
        return u16(NEXT_HOP_MTU);
    }

    /** @return a Redirect's Gateway Internet Address */
    public int gatewayAddress() {
        return u32(GATEWAY_ADDRESS);
    }

    /** @return bytes 4..7 of the header, whatever the type */
    public int restOfHeader() {
        return u32(4);
    }

    /** @return the body's first byte (echo data or original datagram) in {@link #segment()}, absolute */
    public long dataOffset() {
        return offset + DATA;
    }

    /** @return the bytes after the 8-byte header */
    public int dataLength() {
        return length - HEADER_BYTES;
    }

    /**
     * The length of an error message's original datagram. For Destination Unreachable, Time Exceeded and Parameter
     * Problem with a non-zero RFC 4884 Length attribute that fits the message, that many 32-bit words (the rest is
     * an ICMP extension structure); otherwise the whole body, as in every message from a sender that predates RFC
     * 4884 (Linux among them).
     *
     * @return the original datagram's length in bytes, from {@link #dataOffset()}
     */
    public int originalDatagramLength() {
        int body = length - HEADER_BYTES;
        int type = u8(TYPE);
        if (type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM) {
            int words = u8(ORIGINAL_DATAGRAM_LENGTH);
            if (words != 0 && words << 2 <= body) {
                return words << 2;
            }
        }
        return body;
    }

    /**
     * @param type Type
     * @return {@code this}
     */
    public Icmpv4Packet type(int type) {
        u8(TYPE, type);
        return this;
    }

    /**
     * @param code Code
     * @return {@code this}
     */
    public Icmpv4Packet code(int code) {
        u8(CODE, code);
        return this;
    }

    /**
     * @param checksum Checksum as it goes on the wire
     * @return {@code this}
     */
    public Icmpv4Packet checksum(int checksum) {
        u16(CHECKSUM, checksum);
        return this;
    }

    /**
     * @param identifier the echo Identifier
     * @return {@code this}
     */
    public Icmpv4Packet echoIdentifier(int identifier) {
        u16(ECHO_IDENTIFIER, identifier);
        return this;
    }

    /**
     * @param sequenceNumber the echo Sequence Number
     * @return {@code this}
     */
    public Icmpv4Packet echoSequenceNumber(int sequenceNumber) {
        u16(ECHO_SEQUENCE_NUMBER, sequenceNumber);
        return this;
    }

    /**
     * @param bits bytes 4..7 of the header (zero for messages whose fields there are unused)
     * @return {@code this}
     */
    public Icmpv4Packet restOfHeader(int bits) {
        u32(4, bits);
        return this;
    }

    /**
     * Computes the checksum over the whole window (the field counting as zero) and stores it. Allocation-free.
     *
     * @return {@code this}
     */
    public Icmpv4Packet fillChecksum() {
        u16(CHECKSUM, 0);
        u16(CHECKSUM, Checksum.compute(segment, offset, length));
        return this;
    }

    /**
     * Turns a received Echo into its Echo Reply in place (RFC 792: "the type code changed to 0"; identifier,
     * sequence number, data and, as Linux does, the code are kept), updating the checksum incrementally (RFC 1624)
     * rather than summing the data again. The IP header around it is the caller's to rewrite. Allocation-free.
     *
     * @return {@code this}
     */
    public Icmpv4Packet turnIntoEchoReply() {
        int oldWord = u16(TYPE);
        int newWord = (TYPE_ECHO_REPLY << 8) | (oldWord & 0xff);
        u16(TYPE, newWord);
        u16(CHECKSUM, Checksum.update(u16(CHECKSUM), oldWord, newWord));
        return this;
    }

    /**
     * The ICMP error types of RFC 792 and RFC 1122 §3.2.2: Destination Unreachable, Source Quench, Redirect, Time
     * Exceeded and Parameter Problem.
     *
     * @param type an ICMP Type
     * @return {@code true} if it is an error type
     */
    public static boolean isErrorType(int type) {
        return type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT
                || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /**
     * The query and informational types that may be answered, or cause an error: Echo, Timestamp, Information and
     * Address Mask, requests and replies (RFC 792, RFC 950).
     *
     * @param type an ICMP Type
     * @return {@code true} if it is one of those
     */
    public static boolean isQueryType(int type) {
        return type == TYPE_ECHO_REPLY || type == TYPE_ECHO_REQUEST
                || (type >= TYPE_TIMESTAMP_REQUEST && type <= TYPE_ADDRESS_MASK_REPLY);
    }

    /**
     * Whether an IPv4 datagram carries an ICMP error message, so that no error message may be sent about it (RFC 1122
     * §3.2.2, "an ICMP error message MUST NOT be sent as the result of receiving an ICMP error message"). Like Linux
     * ({@code icmp_send}) this treats every type that is not a known query as an error, including unassigned ones and
     * router discovery, and a first fragment too short to show its type. A non-initial fragment shows no ICMP header
     * and is not an error by this test; RFC 1122 forbids errors about it anyway, see {@link #mayReplyWithError}.
     * Allocation-free.
     *
     * @param datagram a datagram that passed {@link Ipv4Packet#check()} (or {@link Ipv4Packet#checkQuoted()})
     * @return {@code true} if it is ICMP and its type is not a query type
     */
    public static boolean isError(Ipv4Packet datagram) {
        if (datagram.protocol() != Ipv4Packet.PROTOCOL_ICMP
                || (datagram.flagsAndFragmentOffset() & Ipv4Packet.FRAGMENT_OFFSET_MASK) != 0) {
            return false;
        }
        int header = datagram.headerLengthBytes();
        if (datagram.length() <= header) {
            return true;
        }
        return !isQueryType(datagram.u8(header));
    }

    /**
     * RFC 1122 §3.2.2: whether the stack may answer this datagram with an ICMP error message, as far as the datagram
     * and its link-layer destination decide. An error message must not be sent about an ICMP error message
     * ({@link #isError}), a datagram to an IP broadcast or multicast address, a link-layer broadcast or multicast,
     * a non-initial fragment, or a datagram whose source is not a single host (0.0.0.0, 127/8, 255.255.255.255,
     * multicast 224/4, class E 240/4). The one rule this cannot decide is a destination that is a subnet-directed
     * broadcast of one of the stack's own prefixes: the caller checks that. Rate limiting (RFC 1812 §4.3.2.8) is the
     * caller's too. Allocation-free.
     *
     * @param datagram the offending datagram, checked
     * @param linkLayerMulticast whether it arrived in a link-layer broadcast or multicast frame
     * @return {@code true} if an error message about it is permitted
     */
    public static boolean mayReplyWithError(Ipv4Packet datagram, boolean linkLayerMulticast) {
        if (linkLayerMulticast) {
            return false;
        }
        int destination = datagram.destinationAddress();
        if (destination == -1 || (destination >>> 28) == 0xe) {
            return false;
        }
        int source = datagram.sourceAddress();
        if (source == 0 || (source >>> 24) == 127 || (source >>> 28) >= 0xe) {
            return false; // 0.0.0.0, loopback, multicast 224/4, class E 240/4 and 255.255.255.255
        }
        if (datagram.fragmentOffsetBytes() != 0) {
            return false;
        }
        return !isError(datagram);
    }

    /**
     * How much of an offending datagram an error message quotes: all of it if the error then stays within
     * {@value #MAX_ERROR_DATAGRAM_BYTES} bytes (RFC 1812 §4.3.2.3; RFC 1122 §3.2.2 requires at least the IP header
     * and 8 data bytes, which always fit), else as much as fits.
     *
     * @param offendingLength the offending datagram's length (its Total Length, padding excluded)
     * @param errorIpHeaderBytes the header length of the IP datagram that will carry the error (20 without options)
     * @return the bytes to copy after the error's 8-byte ICMP header
     */
    public static int quoteLength(int offendingLength, int errorIpHeaderBytes) {
        return Math.min(offendingLength, MAX_ERROR_DATAGRAM_BYTES - errorIpHeaderBytes - HEADER_BYTES);
    }
}
