package netstack.ip.internal.capture;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import netstack.api.link.LinkType;

/**
 * Writes one pcapng section (draft-ietf-opsawg-pcapng, "PCAP Now Generic") to a channel: a Section Header Block,
 * Interface Description Blocks and Enhanced Packet Blocks, in little-endian byte order (pcapng is written in the
 * writer's order and the byte-order magic tells readers which one it is).
 *
 * <p>Every block has the same frame (section 3.1):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          Block Type                           |
 *  +---------------------------------------------------------------+
 *  |                      Block Total Length                       |
 *  +---------------------------------------------------------------+
 *  /                          Block Body                           /
 *  /              (variable length, padded to 32 bits)             /
 *  +---------------------------------------------------------------+
 *  |                      Block Total Length                       |
 *  +---------------------------------------------------------------+
 * </pre>
 * and options inside a body are (code u16, length u16, value padded to 32 bits), closed by {@code opt_endofopt}.
 *
 * <p>The Enhanced Packet Block written here (section 4.3):
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                    Block Type = 0x00000006                    |
 *  |                      Block Total Length                       |
 *  |                         Interface ID                          |
 *  |                        Timestamp (High)                       |
 *  |                        Timestamp (Low)                        |
 *  |                    Captured Packet Length                     |
 *  |                    Original Packet Length                     |
 *  /                          Packet Data  (padded to 32 bits)     /
 *  |  epb_flags = 2       |  length = 4                            |
 *  |                        flags (direction in bits 0-1)          |
 *  |  opt_endofopt = 0    |  length = 0                            |
 *  |                      Block Total Length                       |
 *  +---------------------------------------------------------------+
 * </pre>
 * Timestamps are nanoseconds since 1970-01-01 UTC: every interface is described with {@code if_tsresol = 9}.
 *
 * <h2>Buffering, threading and allocation</h2>
 * Blocks are assembled in a native staging buffer and written to the channel when the next block does not fit, on
 * {@link #flush()} and on {@link #close()}; the file is a valid pcapng file after every flush. One thread at a
 * time uses a writer. {@link #writeEnhancedPacket} is allocation-free; the other blocks allocate (they are written
 * once per section or interface). The writer owns the channel and closes it.
 *
 * <h2>Errors</h2>
 * Misuse (an unknown interface id, a captured length above the interface's snaplen or the original length) throws
 * {@link IllegalArgumentException}. An {@link IOException} from the channel leaves the writer broken: it closes
 * itself and every later write throws {@link ClosedChannelException}.
 */
public final class PcapngWriter implements Closeable {

    /** {@code LINKTYPE_ETHERNET}: IEEE 802.3 Ethernet frames, no FCS. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** {@code LINKTYPE_RAW}: bare IPv4 or IPv6 packets, told apart by the version nibble. */
    public static final int LINKTYPE_RAW = 101;

    /**
     * The largest snaplen accepted: Wireshark refuses Ethernet and raw-IP packets captured with more than this many
     * bytes ({@code WTAP_MAX_PACKET_SIZE_STANDARD}), so a larger one would only produce unreadable files.
     */
    public static final int MAX_SNAPLEN_BYTES = 262_144;

    /** {@code epb_flags} direction bits 0-1: inbound. */
    public static final int EPB_FLAGS_INBOUND = 0b01;
    /** {@code epb_flags} direction bits 0-1: outbound. */
    public static final int EPB_FLAGS_OUTBOUND = 0b10;

    static final int SHB_TYPE = 0x0A0D0D0A;
    static final int IDB_TYPE = 0x00000001;
    static final int EPB_TYPE = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int VERSION_MAJOR = 1;
    static final int VERSION_MINOR = 0;

    static final int OPT_ENDOFOPT = 0;
    static final int SHB_USERAPPL = 4;
    static final int IF_NAME = 2;
    static final int IF_TSRESOL = 9;
    static final int EPB_FLAGS = 2;
    /** {@code if_tsresol} value: 10^-9 s. */
    static final int TSRESOL_NANOS = 9;

    /** Block Type, Block Total Length, ..., Block Total Length. */
    private static final int BLOCK_FRAME_BYTES = 12;
    /** Block frame + interface id, 2 x timestamp, captured and original length. */
    private static final int EPB_FIXED_BYTES = BLOCK_FRAME_BYTES + 20;
    /** epb_flags (4 + 4) and opt_endofopt (4). */
    private static final int EPB_FLAGS_OPTION_BYTES = 12;
    /** Staging needed for the largest packet block plus the largest other block this writer emits. */
    static final int MIN_BUFFER_BYTES = enhancedPacketBlockBytes(MAX_SNAPLEN_BYTES, true) + 4096;
    /** The staging size {@link #PcapngWriter(WritableByteChannel)} uses. */
    public static final int DEFAULT_BUFFER_BYTES = 512 * 1024;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final WritableByteChannel channel;
    private final Arena arena;
    private final MemorySegment staging;
    private final ByteBuffer stagingView;
    private int stagedBytes;
    private long bytesWritten;
    private boolean sectionStarted;
    private boolean closed;
    /** Snaplen per interface id, in the order the IDBs were written. */
    private int[] snaplens = new int[8];
    private int interfaceCount;

    /**
     * A writer with a {@link #DEFAULT_BUFFER_BYTES} staging buffer.
     *
     * @param channel where the blocks go; owned (and closed) by the writer from now on
     */
    public PcapngWriter(WritableByteChannel channel) {
        this(channel, DEFAULT_BUFFER_BYTES);
    }

    /**
     * @param channel where the blocks go; owned (and closed) by the writer from now on
     * @param bufferBytes staging buffer size, at least enough for the largest Enhanced Packet Block (about
     *     {@value #MAX_SNAPLEN_BYTES} bytes of packet plus framing)
     */
    public PcapngWriter(WritableByteChannel channel, int bufferBytes) {
        if (channel == null) {
            throw new NullPointerException("channel");
        }
        if (bufferBytes < MIN_BUFFER_BYTES) {
            throw new IllegalArgumentException("bufferBytes " + bufferBytes + " < " + MIN_BUFFER_BYTES);
        }
        this.channel = channel;
        this.arena = Arena.ofShared();
        this.staging = arena.allocate(bufferBytes, 8);
        this.stagingView = staging.asByteBuffer();
    }

    /**
     * @param linkType the framing of a netstack link
     * @return the pcapng {@code LinkType} of its frames
     */
    public static int linkType(LinkType linkType) {
        return switch (linkType) {
            case ETHERNET -> LINKTYPE_ETHERNET;
            case RAW_IP -> LINKTYPE_RAW;
        };
    }

    /**
     * @param capturedLength packet bytes in the block
     * @param withFlags whether the block carries {@code epb_flags}
     * @return the Block Total Length of such an Enhanced Packet Block
     */
    public static int enhancedPacketBlockBytes(int capturedLength, boolean withFlags) {
        return EPB_FIXED_BYTES + pad4(capturedLength) + (withFlags ? EPB_FLAGS_OPTION_BYTES : 0);
    }

    /**
     * Starts the section: a Section Header Block with an unspecified section length and {@code shb_userappl}.
     * Must be the first block written, exactly once.
     *
     * @param userApplication the application that wrote the file, e.g. {@code "netstack"}; null for none
     * @throws IOException if flushing staged blocks failed
     */
    public void writeSectionHeader(String userApplication) throws IOException {
        ensureOpen();
        if (sectionStarted) {
            throw new IllegalStateException("the section header is already written");
        }
        byte[] appl = userApplication == null ? null : userApplication.getBytes(StandardCharsets.UTF_8);
        int optionBytes = appl == null ? 0 : optionBytes(appl.length) + 4;
        int total = BLOCK_FRAME_BYTES + 16 + optionBytes;
        reserve(total);
        int p = stagedBytes;
        staging.set(LE_INT, p, SHB_TYPE);
        staging.set(LE_INT, p + 4, total);
        staging.set(LE_INT, p + 8, BYTE_ORDER_MAGIC);
        staging.set(LE_SHORT, p + 12, (short) VERSION_MAJOR);
        staging.set(LE_SHORT, p + 14, (short) VERSION_MINOR);
        staging.set(LE_LONG, p + 16, -1L); // Section Length: not specified (we stream)
        p += 24;
        if (appl != null) {
            p = putOption(p, SHB_USERAPPL, appl);
            p = putEndOfOptions(p);
        }
        staging.set(LE_INT, p, total);
        stagedBytes = p + 4;
        sectionStarted = true;
    }

    /**
     * Describes the next interface: {@code if_name}, the link type, the snaplen and {@code if_tsresol = 9}.
     *
     * @param name the interface name; null for none
     * @param linkType {@link #LINKTYPE_ETHERNET}, {@link #LINKTYPE_RAW} or another {@code LINKTYPE_*} value
     * @param snaplenBytes the most bytes of a packet captured, 1 to {@value #MAX_SNAPLEN_BYTES}
     * @return the new interface's id (0 for the first), which its packet blocks refer to
     * @throws IOException if flushing staged blocks failed
     */
    public int writeInterfaceDescription(String name, int linkType, int snaplenBytes) throws IOException {
        ensureOpen();
        requireSection();
        if (linkType < 0 || linkType > 0xFFFF) {
            throw new IllegalArgumentException("linkType " + linkType + " is not a 16-bit value");
        }
        if (snaplenBytes < 1 || snaplenBytes > MAX_SNAPLEN_BYTES) {
            throw new IllegalArgumentException("snaplenBytes " + snaplenBytes + " outside 1.." + MAX_SNAPLEN_BYTES);
        }
        byte[] ifName = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
        if (ifName != null && ifName.length > 0xFFFF) {
            throw new IllegalArgumentException("interface name longer than 65535 bytes");
        }
        int optionBytes = (ifName == null ? 0 : optionBytes(ifName.length)) + optionBytes(1) + 4;
        int total = BLOCK_FRAME_BYTES + 8 + optionBytes;
        reserve(total);
        int p = stagedBytes;
        staging.set(LE_INT, p, IDB_TYPE);
        staging.set(LE_INT, p + 4, total);
        staging.set(LE_SHORT, p + 8, (short) linkType);
        staging.set(LE_SHORT, p + 10, (short) 0); // Reserved
        staging.set(LE_INT, p + 12, snaplenBytes);
        p += 16;
        if (ifName != null) {
            p = putOption(p, IF_NAME, ifName);
        }
        p = putOption(p, IF_TSRESOL, new byte[] {TSRESOL_NANOS});
        p = putEndOfOptions(p);
        staging.set(LE_INT, p, total);
        stagedBytes = p + 4;
        if (interfaceCount == snaplens.length) {
            snaplens = Arrays.copyOf(snaplens, snaplens.length * 2);
        }
        snaplens[interfaceCount] = snaplenBytes;
        return interfaceCount++;
    }

    /**
     * Appends one Enhanced Packet Block. Allocation-free.
     *
     * @param interfaceId an id returned by {@link #writeInterfaceDescription}
     * @param timestampNanos nanoseconds since 1970-01-01 UTC, written as an unsigned 64-bit count
     * @param flags {@code epb_flags} ({@link #EPB_FLAGS_INBOUND}, {@link #EPB_FLAGS_OUTBOUND}); 0 writes no option
     * @param data the packet bytes
     * @param offset where in {@code data} the captured bytes start
     * @param capturedLength bytes captured, at most the interface's snaplen and {@code originalLength}
     * @param originalLength the packet's length on the wire
     * @throws IOException if the channel failed
     */
    public void writeEnhancedPacket(int interfaceId, long timestampNanos, int flags, MemorySegment data, long offset,
            int capturedLength, int originalLength) throws IOException {
        ensureOpen();
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw new IllegalArgumentException("interface id " + interfaceId + " not described");
        }
        if (capturedLength < 0 || capturedLength > snaplens[interfaceId] || Integer.compareUnsigned(capturedLength,
                originalLength) > 0) {
            throw new IllegalArgumentException("captured length " + capturedLength + " with snaplen "
                    + snaplens[interfaceId] + " and original length " + Integer.toUnsignedString(originalLength));
        }
        int total = enhancedPacketBlockBytes(capturedLength, flags != 0);
        reserve(total);
        int p = stagedBytes;
        staging.set(LE_INT, p, EPB_TYPE);
        staging.set(LE_INT, p + 4, total);
        staging.set(LE_INT, p + 8, interfaceId);
        staging.set(LE_INT, p + 12, (int) (timestampNanos >>> 32));
        staging.set(LE_INT, p + 16, (int) timestampNanos);
        staging.set(LE_INT, p + 20, capturedLength);
        staging.set(LE_INT, p + 24, originalLength);
        p += 28;
        MemorySegment.copy(data, offset, staging, p, capturedLength);
        p = zeroPad(p + capturedLength);
        if (flags != 0) {
            staging.set(LE_SHORT, p, (short) EPB_FLAGS);
            staging.set(LE_SHORT, p + 2, (short) 4);
            staging.set(LE_INT, p + 4, flags);
            p = putEndOfOptions(p + 8);
        }
        staging.set(LE_INT, p, total);
        stagedBytes = p + 4;
    }

    /**
     * Writes the staged blocks to the channel.
     *
     * @throws IOException if the channel failed; the writer is closed then
     */
    public void flush() throws IOException {
        ensureOpen();
        drainStaging();
    }

    /** @return bytes handed to the channel so far (staged blocks not included) */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** @return interfaces described so far */
    public int interfaceCount() {
        return interfaceCount;
    }

    /**
     * Flushes and closes the channel; idempotent. The staging memory is freed even if flushing fails.
     *
     * @throws IOException if the final flush or closing the channel failed
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            drainStaging();
        } finally {
            release();
        }
    }

    // ---- internals ----

    private void drainStaging() throws IOException {
        if (stagedBytes == 0) {
            return;
        }
        stagingView.clear().limit(stagedBytes);
        try {
            while (stagingView.hasRemaining()) {
                bytesWritten += channel.write(stagingView);
            }
        } catch (IOException | RuntimeException e) {
            try {
                release();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        stagedBytes = 0;
    }

    private void release() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stagedBytes = 0;
        try {
            channel.close();
        } finally {
            arena.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    private void requireSection() {
        if (!sectionStarted) {
            throw new IllegalStateException("write the section header first");
        }
    }

    private void reserve(int blockBytes) throws IOException {
        if (blockBytes > staging.byteSize()) {
            throw new IllegalArgumentException("block of " + blockBytes + " bytes exceeds the staging buffer");
        }
        if (stagedBytes + blockBytes > staging.byteSize()) {
            drainStaging();
        }
    }

    private int putOption(int p, int code, byte[] value) {
        staging.set(LE_SHORT, p, (short) code);
        staging.set(LE_SHORT, p + 2, (short) value.length);
        MemorySegment.copy(value, 0, staging, ValueLayout.JAVA_BYTE, p + 4, value.length);
        return zeroPad(p + 4 + value.length);
    }

    private int putEndOfOptions(int p) {
        staging.set(LE_SHORT, p, (short) OPT_ENDOFOPT);
        staging.set(LE_SHORT, p + 2, (short) 0);
        return p + 4;
    }

    /** Zeroes up to the next 32-bit boundary: stale staging bytes must not end up in the file. */
    private int zeroPad(int p) {
        int end = pad4(p);
        for (int i = p; i < end; i++) {
            staging.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
        }
        return end;
    }

    private static int optionBytes(int valueLength) {
        return 4 + pad4(valueLength);
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
