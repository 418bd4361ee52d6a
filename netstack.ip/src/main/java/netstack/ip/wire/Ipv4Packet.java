package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.link.PacketBuffer;

/**
 * A view of an IPv4 datagram (RFC 791 §3.1), with the DS field of RFC 2474 and the ECN bits of RFC 3168 in the
 * former Type of Service octet.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |0|D|M|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <h2>Receiving</h2>
 * {@link #wrap} the network-layer payload (e.g. {@link EthernetFrame#payloadOffset()}), then {@link #check()}: it
 * validates version, IHL, both lengths and the header checksum in the order Linux's {@code ip_rcv_core} does, and on
 * success trims the window to the Total Length, so that link-layer padding (a 60-byte minimum Ethernet frame around
 * a 28-byte datagram) is not mistaken for payload. Options are tolerated and skipped: {@link #optionsLengthBytes()}
 * says how many bytes they take, nothing here interprets them. Fragment fields are exposed as they are; reassembly
 * (and its limits, such as a fragment ending beyond 65535 bytes) is the reassembler's job.
 *
 * <h2>Sending</h2>
 * {@link #emit(int, int, boolean, int, int, int, int, int)} writes all 20 bytes of an option-less header including
 * the checksum; the setters rewrite single fields, after which {@link #fillHeaderChecksum()} (or, for one field, an
 * RFC 1624 update as {@link #decrementTimeToLive()} does) makes the checksum right again.
 *
 * <p>Addresses are {@code int}s in network order as in {@link netstack.api.net.Ipv4Address#bits()}.
 * Allocation-free; not thread-safe: one instance per thread, re-pointed per packet.
 */
public final class Ipv4Packet extends Flyweight {

    /** Offset of Version (high nibble) and IHL (low nibble, in 32-bit words). */
    public static final int VERSION_IHL = 0;
    /** Offset of the DS field (DSCP, high 6 bits) and ECN (low 2 bits); RFC 791's Type of Service. */
    public static final int TYPE_OF_SERVICE = 1;
    /** Offset of Total Length: header and data, in bytes. */
    public static final int TOTAL_LENGTH = 2;
    /** Offset of Identification. */
    public static final int IDENTIFICATION = 4;
    /** Offset of Flags (3 high bits) and Fragment Offset (13 bits, in 8-byte units). */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of Time to Live. */
    public static final int TIME_TO_LIVE = 8;
    /** Offset of Protocol. */
    public static final int PROTOCOL = 9;
    /** Offset of Header Checksum. */
    public static final int HEADER_CHECKSUM = 10;
    /** Offset of Source Address. */
    public static final int SOURCE_ADDRESS = 12;
    /** Offset of Destination Address. */
    public static final int DESTINATION_ADDRESS = 16;
    /** Offset of the options, if IHL &gt; 5. */
    public static final int OPTIONS = 20;
    /** Length of a header without options (IHL 5). */
    public static final int MIN_HEADER_BYTES = 20;
    /** Length of a header with the most options (IHL 15). */
    public static final int MAX_HEADER_BYTES = 60;
    /** The largest Total Length. */
    public static final int MAX_TOTAL_LENGTH = 0xffff;
    /** The smallest MTU every IPv4 link must carry without fragmentation (RFC 791 §3.2). */
    public static final int MIN_MTU_BYTES = 68;
    /** The datagram size every host must be able to reassemble (RFC 791 §3.1, RFC 1122 §3.3.2). */
    public static final int MIN_REASSEMBLY_BYTES = 576;

    /** The Don't Fragment flag in the 16-bit flags/offset word. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    /** The More Fragments flag in the 16-bit flags/offset word. */
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** The reserved flag (must be zero; RFC 3514's "evil bit"); {@link #check()} tolerates it, as Linux does. */
    public static final int FLAG_RESERVED = 0x8000;
    /** The fragment offset field in the 16-bit flags/offset word, in 8-byte units. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    /** Protocol number of ICMP (RFC 792). */
    public static final int PROTOCOL_ICMP = 1;
    /** Protocol number of IGMP (RFC 3376). */
    public static final int PROTOCOL_IGMP = 2;
    /** Protocol number of TCP (RFC 9293). */
    public static final int PROTOCOL_TCP = 6;
    /** Protocol number of UDP (RFC 768). */
    public static final int PROTOCOL_UDP = 17;

    /**
     * Outcome of {@link #check()}. The comments name the RFC 4293 (IP-MIB) counter each one belongs in, as Linux
     * counts them.
     */
    public enum Status {
        /** A valid header; the window is trimmed to Total Length and every accessor is valid. */
        OK,
        /** Fewer bytes than 20, or than IHL says the header has ({@code ipSystemStatsInHdrErrors}). */
        TRUNCATED_HEADER,
        /** Version is not 4 ({@code InHdrErrors}). */
        BAD_VERSION,
        /** IHL below 5 ({@code InHdrErrors}). */
        BAD_HEADER_LENGTH,
        /** The header checksum does not verify ({@code InHdrErrors}; Linux also counts {@code InCsumErrors}). */
        BAD_CHECKSUM,
        /** Total Length is shorter than the header ({@code InHdrErrors}). */
        BAD_TOTAL_LENGTH,
        /** Total Length is longer than the bytes received ({@code ipSystemStatsInTruncatedPkts}). */
        TRUNCATED
    }

    @Override
    public Ipv4Packet wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    @Override
    public Ipv4Packet wrap(PacketBuffer buffer) {
        super.wrap(buffer);
        return this;
    }

    /**
     * Validates a received datagram (RFC 1122 §3.2.1.1-3.2.1.2, RFC 1812 §5.2.2): version 4, IHL at least 5, the
     * whole header present, its checksum right, Total Length at least the header and at most the bytes received. On
     * {@link Status#OK} the window is trimmed to Total Length. Allocation-free.
     *
     * @return {@link Status#OK}, or why the datagram must be dropped
     */
    public Status check() {
        if (length < MIN_HEADER_BYTES) {
            return Status.TRUNCATED_HEADER;
        }
        int versionIhl = u8(VERSION_IHL);
        if ((versionIhl >>> 4) != 4) {
            return Status.BAD_VERSION;
        }
        int headerBytes = (versionIhl & 0xf) << 2;
        if (headerBytes < MIN_HEADER_BYTES) {
            return Status.BAD_HEADER_LENGTH;
        }
        if (length < headerBytes) {
            return Status.TRUNCATED_HEADER;
        }
        if (Checksum.fold(Checksum.sum(0, segment, offset, headerBytes)) != 0xffff) {
            return Status.BAD_CHECKSUM;
        }
        int totalLength = u16(TOTAL_LENGTH);
        if (totalLength > length) {
            return Status.TRUNCATED;
        }
        if (totalLength < headerBytes) {
            return Status.BAD_TOTAL_LENGTH;
        }
        length = totalLength;
        return Status.OK;
    }

    /**
     * Validates the header of a datagram quoted inside an ICMP error (RFC 792, RFC 1812 §4.3.2.3): the quote holds the
     * header and only the first bytes of the data, so Total Length exceeds the window by design, and middleboxes
     * that rewrite quoted headers often leave the checksum wrong. Checks version 4, IHL at least 5, the whole header
     * inside the window, and Total Length at least the header; not the checksum. The window is not changed: the
     * quoted data is {@code min(window, Total Length) - header} bytes. Allocation-free.
     *
     * @return {@code true} if the header fields (addresses, protocol, IHL) can be used to find the flow in error
     */
    public boolean checkQuoted() {
        if (length < MIN_HEADER_BYTES) {
            return false;
        }
        int versionIhl = u8(VERSION_IHL);
        int headerBytes = (versionIhl & 0xf) << 2;
        return (versionIhl >>> 4) == 4 && headerBytes >= MIN_HEADER_BYTES && length >= headerBytes
                && u16(TOTAL_LENGTH) >= headerBytes;
    }

    /** @return the Version field (4 for a checked packet) */
    public int version() {
        return u8(VERSION_IHL) >>> 4;
    }

    /** @return the header length in bytes: IHL × 4, 20..60 */
    public int headerLengthBytes() {
        return (u8(VERSION_IHL) & 0xf) << 2;
    }

    /** @return the bytes of options after the fixed 20-byte header, 0..40 */
    public int optionsLengthBytes() {
        return headerLengthBytes() - MIN_HEADER_BYTES;
    }

    /** @return the whole DS/ECN octet (RFC 791's Type of Service) */
    public int typeOfService() {
        return u8(TYPE_OF_SERVICE);
    }

    /** @return the Differentiated Services codepoint (RFC 2474 §3), 0..63 */
    public int dscp() {
        return u8(TYPE_OF_SERVICE) >>> 2;
    }

    /** @return the ECN field (RFC 3168 §5), 0..3 */
    public int ecn() {
        return u8(TYPE_OF_SERVICE) & 3;
    }

    /** @return Total Length: header plus data, in bytes */
    public int totalLength() {
        return u16(TOTAL_LENGTH);
    }

    /** @return the data bytes after the header: Total Length minus the header length */
    public int payloadLength() {
        return u16(TOTAL_LENGTH) - headerLengthBytes();
    }

    /** @return the payload's first byte in {@link #segment()} (absolute, not relative to the window) */
    public long payloadOffset() {
        return offset + headerLengthBytes();
    }

    /** @return Identification */
    public int identification() {
        return u16(IDENTIFICATION);
    }

    /** @return the raw 16-bit flags and fragment offset word */
    public int flagsAndFragmentOffset() {
        return u16(FLAGS_FRAGMENT_OFFSET);
    }

    /** @return the DF flag */
    public boolean dontFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_DONT_FRAGMENT) != 0;
    }

    /** @return the MF flag */
    public boolean moreFragments() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** @return the fragment's position in the original datagram's data, in bytes (the field × 8) */
    public int fragmentOffsetBytes() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK) << 3;
    }

    /** @return {@code true} if this datagram is a fragment: MF set or a non-zero offset */
    public boolean isFragment() {
        return (u16(FLAGS_FRAGMENT_OFFSET) & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** @return Time to Live */
    public int timeToLive() {
        return u8(TIME_TO_LIVE);
    }

    /** @return Protocol, e.g. {@link #PROTOCOL_TCP} */
    public int protocol() {
        return u8(PROTOCOL);
    }

    /** @return Header Checksum as on the wire */
    public int headerChecksum() {
        return u16(HEADER_CHECKSUM);
    }

    /** @return {@code true} if the header (IHL × 4 bytes) sums to 0xffff, i.e. its checksum is right */
    public boolean isHeaderChecksumValid() {
        return Checksum.fold(Checksum.sum(0, segment, offset, headerLengthBytes())) == 0xffff;
    }

    /** @return Source Address */
    public int sourceAddress() {
        return u32(SOURCE_ADDRESS);
    }

    /** @return Destination Address */
    public int destinationAddress() {
        return u32(DESTINATION_ADDRESS);
    }

    /**
     * The unfolded sum of the TCP/UDP pseudo-header for this datagram's addresses and protocol, with
     * {@link #payloadLength()} as the upper-layer length. For an unfragmented datagram only: the pseudo-header of a
     * reassembled one takes the reassembled length.
     *
     * @return the sum, to be continued with {@link Checksum#sum} over the transport header and data
     */
    public long pseudoHeaderSum() {
        return pseudoHeaderSum(sourceAddress(), destinationAddress(), protocol(), payloadLength());
    }

    /**
     * The unfolded ones'-complement sum of the IPv4 pseudo-header that TCP (RFC 9293 §3.1) and UDP (RFC 768)
     * include in their checksums:
     *
     * <pre>
     * +--------+--------+--------+--------+
     * |           Source Address          |
     * +--------+--------+--------+--------+
     * |         Destination Address       |
     * +--------+--------+--------+--------+
     * |  zero  |  PTCL  |  Upper Length   |
     * +--------+--------+--------+--------+
     * </pre>
     *
     * Add the transport header and data with {@link Checksum#sum(long, MemorySegment, long, int)} (checksum field
     * zeroed to compute, as received to verify) and complement the {@link Checksum#fold folded} result. A UDP sender
     * whose result is 0 sends 0xffff instead (RFC 768). Allocation-free.
     *
     * @param sourceAddress the source address bits
     * @param destinationAddress the destination address bits
     * @param protocol the protocol number, e.g. {@link #PROTOCOL_UDP}
     * @param upperLayerLength the transport header plus data, in bytes
     * @return the unfolded sum
     */
    public static long pseudoHeaderSum(int sourceAddress, int destinationAddress, int protocol, int upperLayerLength) {
        return (sourceAddress >>> 16) + (sourceAddress & 0xffff) + (destinationAddress >>> 16)
                + (destinationAddress & 0xffff) + (protocol & 0xff) + (upperLayerLength & 0xffff);
    }

    /**
     * Decrements Time to Live for forwarding (RFC 1812 §5.3.1) and fixes the checksum incrementally (RFC 1624
     * eqn. 3), without summing the header again. A datagram whose TTL is 0 or 1 must not be forwarded; it is left
     * unchanged so that the Time Exceeded message quotes it as received. Allocation-free.
     *
     * @return {@code true} if the TTL was decremented and the datagram may be forwarded, {@code false} if it expired
     */
    public boolean decrementTimeToLive() {
        int oldWord = u16(TIME_TO_LIVE);
        if ((oldWord >>> 8) <= 1) {
            return false;
        }
        int newWord = oldWord - 0x100;
        u16(TIME_TO_LIVE, newWord);
        u16(HEADER_CHECKSUM, Checksum.update(u16(HEADER_CHECKSUM), oldWord, newWord));
        return true;
    }

    /**
     * Writes version 4 and IHL.
     *
     * @param headerBytes the header length, a multiple of 4 in 20..60
     * @return {@code this}
     * @throws IllegalArgumentException if it is not
     */
    public Ipv4Packet headerLengthBytes(int headerBytes) {
        if (headerBytes < MIN_HEADER_BYTES || headerBytes > MAX_HEADER_BYTES || (headerBytes & 3) != 0) {
            throw new IllegalArgumentException("an IPv4 header has 20..60 bytes in steps of 4, not " + headerBytes);
        }
        u8(VERSION_IHL, 0x40 | (headerBytes >>> 2));
        return this;
    }

    /**
     * @param typeOfService the whole DS/ECN octet
     * @return {@code this}
     */
    public Ipv4Packet typeOfService(int typeOfService) {
        u8(TYPE_OF_SERVICE, typeOfService);
        return this;
    }

    /**
     * @param dscp the Differentiated Services codepoint, 0..63; ECN is kept
     * @return {@code this}
     */
    public Ipv4Packet dscp(int dscp) {
        u8(TYPE_OF_SERVICE, (dscp << 2) | (u8(TYPE_OF_SERVICE) & 3));
        return this;
    }

    /**
     * @param ecn the ECN field, 0..3; DSCP is kept
     * @return {@code this}
     */
    public Ipv4Packet ecn(int ecn) {
        u8(TYPE_OF_SERVICE, (u8(TYPE_OF_SERVICE) & 0xfc) | (ecn & 3));
        return this;
    }

    /**
     * @param totalLength header plus data, in bytes
     * @return {@code this}
     */
    public Ipv4Packet totalLength(int totalLength) {
        u16(TOTAL_LENGTH, totalLength);
        return this;
    }

    /**
     * @param identification the Identification field
     * @return {@code this}
     */
    public Ipv4Packet identification(int identification) {
        u16(IDENTIFICATION, identification);
        return this;
    }

    /**
     * @param dontFragment the DF flag
     * @return {@code this}
     */
    public Ipv4Packet dontFragment(boolean dontFragment) {
        return flag(FLAG_DONT_FRAGMENT, dontFragment);
    }

    /**
     * @param moreFragments the MF flag
     * @return {@code this}
     */
    public Ipv4Packet moreFragments(boolean moreFragments) {
        return flag(FLAG_MORE_FRAGMENTS, moreFragments);
    }

    /**
     * @param offsetBytes the fragment's offset in bytes: a multiple of 8, at most 65528
     * @return {@code this}
     * @throws IllegalArgumentException if it is not
     */
    public Ipv4Packet fragmentOffsetBytes(int offsetBytes) {
        if (offsetBytes < 0 || (offsetBytes & 7) != 0 || offsetBytes > (FRAGMENT_OFFSET_MASK << 3)) {
            throw new IllegalArgumentException("a fragment offset is a multiple of 8 in 0..65528, not " + offsetBytes);
        }
        u16(FLAGS_FRAGMENT_OFFSET, (u16(FLAGS_FRAGMENT_OFFSET) & ~FRAGMENT_OFFSET_MASK) | (offsetBytes >>> 3));
        return this;
    }

    /**
     * @param timeToLive Time to Live
     * @return {@code this}
     */
    public Ipv4Packet timeToLive(int timeToLive) {
        u8(TIME_TO_LIVE, timeToLive);
        return this;
    }

    /**
     * @param protocol the Protocol field
     * @return {@code this}
     */
    public Ipv4Packet protocol(int protocol) {
        u8(PROTOCOL, protocol);
        return this;
    }

    /**
     * @param checksum the Header Checksum field as it goes on the wire
     * @return {@code this}
     */
    public Ipv4Packet headerChecksum(int checksum) {
        u16(HEADER_CHECKSUM, checksum);
        return this;
    }

    /**
     * Computes the header checksum over IHL × 4 bytes and stores it (RFC 791 §3.1: the field counts as zero).
     *
     * @return {@code this}
     */
    public Ipv4Packet fillHeaderChecksum() {
        u16(HEADER_CHECKSUM, 0);
        u16(HEADER_CHECKSUM, Checksum.compute(segment, offset, headerLengthBytes()));
        return this;
    }

    /**
     * @param address Source Address bits
     * @return {@code this}
     */
    public Ipv4Packet sourceAddress(int address) {
        u32(SOURCE_ADDRESS, address);
        return this;
    }

    /**
     * @param address Destination Address bits
     * @return {@code this}
     */
    public Ipv4Packet destinationAddress(int address) {
        u32(DESTINATION_ADDRESS, address);
        return this;
    }

    /**
     * Writes a complete 20-byte header without options at the window's start, checksum included: an unfragmented
     * datagram (MF clear, offset 0, reserved flag clear). Follow with {@link #moreFragments(boolean)} and
     * {@link #fragmentOffsetBytes(int)} and {@link #fillHeaderChecksum()} to cut fragments. Allocation-free.
     *
     * @param typeOfService the DS/ECN octet
     * @param identification Identification
     * @param dontFragment the DF flag
     * @param timeToLive Time to Live
     * @param protocol Protocol
     * @param sourceAddress Source Address bits
     * @param destinationAddress Destination Address bits
     * @param payloadLength the data after the header, in bytes; Total Length is this plus 20
     * @return {@code this}
     * @throws IllegalArgumentException if Total Length would exceed 65535
     * @throws IndexOutOfBoundsException if the window is shorter than 20 bytes
     */
    public Ipv4Packet emit(int typeOfService, int identification, boolean dontFragment, int timeToLive, int protocol,
            int sourceAddress, int destinationAddress, int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_TOTAL_LENGTH - MIN_HEADER_BYTES) {
            throw new IllegalArgumentException("an IPv4 payload has 0..65515 bytes, not " + payloadLength);
        }
        if (length < MIN_HEADER_BYTES) {
            throw new IndexOutOfBoundsException("an IPv4 header needs 20 bytes, the window has " + length);
        }
        u8(VERSION_IHL, 0x45);
        u8(TYPE_OF_SERVICE, typeOfService);
        u16(TOTAL_LENGTH, MIN_HEADER_BYTES + payloadLength);
        u16(IDENTIFICATION, identification);
        u16(FLAGS_FRAGMENT_OFFSET, dontFragment ? FLAG_DONT_FRAGMENT : 0);
        u8(TIME_TO_LIVE, timeToLive);
        u8(PROTOCOL, protocol);
        u16(HEADER_CHECKSUM, 0);
        u32(SOURCE_ADDRESS, sourceAddress);
        u32(DESTINATION_ADDRESS, destinationAddress);
        u16(HEADER_CHECKSUM, Checksum.compute(segment, offset, MIN_HEADER_BYTES));
        return this;
    }

    private Ipv4Packet flag(int flag, boolean set) {
        int word = u16(FLAGS_FRAGMENT_OFFSET);
        u16(FLAGS_FRAGMENT_OFFSET, set ? word | flag : word & ~flag);
        return this;
    }
}
