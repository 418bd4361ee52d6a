package netstack.bench;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.nio.ByteOrder.BIG_ENDIAN;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Big-endian header-field access, the way a network stack parses and emits packet headers, over four candidate
 * base types for the stack's packet buffer:
 * <ul>
 * <li>{@code HeapSegment}: {@code MemorySegment.ofArray(byte[])};</li>
 * <li>{@code NativeSegment}: a segment allocated from a shared {@link Arena};</li>
 * <li>{@code ByteArray}: a {@code byte[]} read through {@link MethodHandles#byteArrayViewVarHandle} views;</li>
 * <li>{@code DirectBuffer}: a big-endian {@link ByteBuffer#allocateDirect direct ByteBuffer}.</li>
 * </ul>
 * Three operations per type, each on a 1500-byte (Ethernet MTU) buffer:
 * <ul>
 * <li>{@code parse*}: read every field of an IPv4 header (RFC 791 §3.1) and of the TCP header that follows it
 * (RFC 9293 §3.1) at {@link #offset} (after the 14-byte Ethernet header), and return the sum. The TCP header's
 * position comes from the IHL field, as in a real parser.</li>
 * <li>{@code emit*}: write every byte of those 40 header bytes (u8/u16/u32 stores).</li>
 * <li>{@code checksum*}: the RFC 1071 16-bit ones'-complement sum over all 1500 bytes, reading 8 bytes at a
 * time.</li>
 * </ul>
 * {@code parseSegmentMixed} parses one heap and one native segment through the same code, as a pool holding both
 * kinds would: its per-packet cost is half its score. {@code checksumByteArrayU16} is the naive two-bytes-a-step
 * loop, to show what the 8-byte reads buy.
 *
 * <p>The offset and the length are non-final {@link State} fields so the JIT cannot constant-fold the addresses
 * or the bounds checks. Every benchmark returns its result (JMH consumes it) or stores into a buffer that
 * outlives the call. {@link #setUp()} checks that all representations compute the same values before anything
 * is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class FieldAccessBenchmark {

    static final int BUFFER_BYTES = 1500;
    static final int ETHERNET_HEADER_BYTES = 14;

    // IPv4 header, RFC 791 §3.1: offsets from the start of the IP header.
    static final int IP_VERSION_IHL = 0;
    static final int IP_TYPE_OF_SERVICE = 1;
    static final int IP_TOTAL_LENGTH = 2;
    static final int IP_IDENTIFICATION = 4;
    static final int IP_FLAGS_FRAGMENT_OFFSET = 6;
    static final int IP_TIME_TO_LIVE = 8;
    static final int IP_PROTOCOL = 9;
    static final int IP_HEADER_CHECKSUM = 10;
    static final int IP_SOURCE_ADDRESS = 12;
    static final int IP_DESTINATION_ADDRESS = 16;
    static final int IP_HEADER_BYTES = 20;

    // TCP header, RFC 9293 §3.1: offsets from the start of the TCP header.
    static final int TCP_SOURCE_PORT = 0;
    static final int TCP_DESTINATION_PORT = 2;
    static final int TCP_SEQUENCE_NUMBER = 4;
    static final int TCP_ACKNOWLEDGMENT_NUMBER = 8;
    static final int TCP_DATA_OFFSET = 12;
    static final int TCP_FLAGS = 13;
    static final int TCP_WINDOW = 14;
    static final int TCP_CHECKSUM = 16;
    static final int TCP_URGENT_POINTER = 18;
    static final int TCP_HEADER_BYTES = 20;

    static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(BIG_ENDIAN);
    static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(BIG_ENDIAN);
    static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BIG_ENDIAN);

    static final VarHandle BYTES_AS_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, BIG_ENDIAN);
    static final VarHandle BYTES_AS_INT = MethodHandles.byteArrayViewVarHandle(int[].class, BIG_ENDIAN);
    static final VarHandle BYTES_AS_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, BIG_ENDIAN);

    /** Where the IPv4 header starts in the frame. */
    @Param({"14"})
    int offset;

    /** Bytes covered by the checksum benchmarks: a non-final field, so loop bounds are not constants. */
    int length = BUFFER_BYTES;

    /** Values the emit benchmarks write; the sequence number advances per call like a sender's would. */
    int sourceAddress = 0xC0A8_0001;
    int destinationAddress = 0xC0A8_00C7;
    int sourcePort = 49_152;
    int destinationPort = 443;
    int sequenceNumber = 0x1234_5678;
    int acknowledgmentNumber = 0x0BAD_CAFE;
    int window = 64_240;

    byte[] byteArray;
    MemorySegment heapSegment;
    MemorySegment nativeSegment;
    ByteBuffer directBuffer;
    private Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] frame = sampleFrame(offset);
        byteArray = frame.clone();
        heapSegment = MemorySegment.ofArray(frame.clone());
        arena = Arena.ofShared();
        nativeSegment = arena.allocate(BUFFER_BYTES, Long.BYTES);
        nativeSegment.copyFrom(MemorySegment.ofArray(frame));
        directBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(BIG_ENDIAN);
        directBuffer.put(0, frame);
        selfCheck(frame);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    // ---------------------------------------------------------------- parse

    @Benchmark
    public long parseHeapSegment() {
        return parse(heapSegment, offset);
    }

    @Benchmark
    public long parseNativeSegment() {
        return parse(nativeSegment, offset);
    }

    @Benchmark
    public long parseSegmentMixed() {
        return parse(heapSegment, offset) + parse(nativeSegment, offset);
    }

    @Benchmark
    public long parseByteArray() {
        return parse(byteArray, offset);
    }

    @Benchmark
    public long parseDirectBuffer() {
        return parse(directBuffer, offset);
    }

    // ---------------------------------------------------------------- emit

    @Benchmark
    public void emitHeapSegment() {
        emit(heapSegment, offset, sequenceNumber++);
    }

    @Benchmark
    public void emitNativeSegment() {
        emit(nativeSegment, offset, sequenceNumber++);
    }

    @Benchmark
    public void emitByteArray() {
        emit(byteArray, offset, sequenceNumber++);
    }

    @Benchmark
    public void emitDirectBuffer() {
        emit(directBuffer, offset, sequenceNumber++);
    }

    // ---------------------------------------------------------------- checksum

    @Benchmark
    public int checksumHeapSegment() {
        return checksum(heapSegment, length);
    }

    @Benchmark
    public int checksumNativeSegment() {
        return checksum(nativeSegment, length);
    }

    @Benchmark
    public int checksumByteArray() {
        return checksum(byteArray, length);
    }

    @Benchmark
    public int checksumDirectBuffer() {
        return checksum(directBuffer, length);
    }

    @Benchmark
    public int checksumByteArrayU16() {
        return checksumU16(byteArray, length);
    }

    // ---------------------------------------------------------------- MemorySegment

    static long parse(MemorySegment s, int ip) {
        int versionIhl = s.get(JAVA_BYTE, ip + IP_VERSION_IHL) & 0xFF;
        long sum = versionIhl
                + (s.get(JAVA_BYTE, ip + IP_TYPE_OF_SERVICE) & 0xFF)
                + (s.get(BE_SHORT, ip + IP_TOTAL_LENGTH) & 0xFFFF)
                + (s.get(BE_SHORT, ip + IP_IDENTIFICATION) & 0xFFFF)
                + (s.get(BE_SHORT, ip + IP_FLAGS_FRAGMENT_OFFSET) & 0xFFFF)
                + (s.get(JAVA_BYTE, ip + IP_TIME_TO_LIVE) & 0xFF)
                + (s.get(JAVA_BYTE, ip + IP_PROTOCOL) & 0xFF)
                + (s.get(BE_SHORT, ip + IP_HEADER_CHECKSUM) & 0xFFFF)
                + (s.get(BE_INT, ip + IP_SOURCE_ADDRESS) & 0xFFFF_FFFFL)
                + (s.get(BE_INT, ip + IP_DESTINATION_ADDRESS) & 0xFFFF_FFFFL);
        int tcp = ip + ((versionIhl & 0x0F) << 2);
        return sum
                + (s.get(BE_SHORT, tcp + TCP_SOURCE_PORT) & 0xFFFF)
                + (s.get(BE_SHORT, tcp + TCP_DESTINATION_PORT) & 0xFFFF)
                + (s.get(BE_INT, tcp + TCP_SEQUENCE_NUMBER) & 0xFFFF_FFFFL)
                + (s.get(BE_INT, tcp + TCP_ACKNOWLEDGMENT_NUMBER) & 0xFFFF_FFFFL)
                + (s.get(JAVA_BYTE, tcp + TCP_DATA_OFFSET) & 0xFF)
                + (s.get(JAVA_BYTE, tcp + TCP_FLAGS) & 0xFF)
                + (s.get(BE_SHORT, tcp + TCP_WINDOW) & 0xFFFF)
                + (s.get(BE_SHORT, tcp + TCP_CHECKSUM) & 0xFFFF)
                + (s.get(BE_SHORT, tcp + TCP_URGENT_POINTER) & 0xFFFF);
    }

    void emit(MemorySegment s, int ip, int seq) {
        s.set(JAVA_BYTE, ip + IP_VERSION_IHL, (byte) 0x45);
        s.set(JAVA_BYTE, ip + IP_TYPE_OF_SERVICE, (byte) 0);
        s.set(BE_SHORT, ip + IP_TOTAL_LENGTH, (short) (BUFFER_BYTES - ETHERNET_HEADER_BYTES));
        s.set(BE_SHORT, ip + IP_IDENTIFICATION, (short) seq);
        s.set(BE_SHORT, ip + IP_FLAGS_FRAGMENT_OFFSET, (short) 0x4000);
        s.set(JAVA_BYTE, ip + IP_TIME_TO_LIVE, (byte) 64);
        s.set(JAVA_BYTE, ip + IP_PROTOCOL, (byte) 6);
        s.set(BE_SHORT, ip + IP_HEADER_CHECKSUM, (short) 0);
        s.set(BE_INT, ip + IP_SOURCE_ADDRESS, sourceAddress);
        s.set(BE_INT, ip + IP_DESTINATION_ADDRESS, destinationAddress);
        int tcp = ip + IP_HEADER_BYTES;
        s.set(BE_SHORT, tcp + TCP_SOURCE_PORT, (short) sourcePort);
        s.set(BE_SHORT, tcp + TCP_DESTINATION_PORT, (short) destinationPort);
        s.set(BE_INT, tcp + TCP_SEQUENCE_NUMBER, seq);
        s.set(BE_INT, tcp + TCP_ACKNOWLEDGMENT_NUMBER, acknowledgmentNumber);
        s.set(JAVA_BYTE, tcp + TCP_DATA_OFFSET, (byte) 0x50);
        s.set(JAVA_BYTE, tcp + TCP_FLAGS, (byte) 0x18);
        s.set(BE_SHORT, tcp + TCP_WINDOW, (short) window);
        s.set(BE_SHORT, tcp + TCP_CHECKSUM, (short) 0);
        s.set(BE_SHORT, tcp + TCP_URGENT_POINTER, (short) 0);
    }

    static int checksum(MemorySegment s, int length) {
        long sum = 0;
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) {
            long word = s.get(BE_LONG, i);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        for (; i <= length - Short.BYTES; i += Short.BYTES) {
            sum += s.get(BE_SHORT, i) & 0xFFFF;
        }
        if (i < length) {
            sum += (s.get(JAVA_BYTE, i) & 0xFF) << 8; // RFC 1071 §4.1: pad an odd byte with zero
        }
        return fold(sum);
    }

    // ---------------------------------------------------------------- byte[] + VarHandle

    static long parse(byte[] b, int ip) {
        int versionIhl = b[ip + IP_VERSION_IHL] & 0xFF;
        long sum = versionIhl
                + (b[ip + IP_TYPE_OF_SERVICE] & 0xFF)
                + ((short) BYTES_AS_SHORT.get(b, ip + IP_TOTAL_LENGTH) & 0xFFFF)
                + ((short) BYTES_AS_SHORT.get(b, ip + IP_IDENTIFICATION) & 0xFFFF)
                + ((short) BYTES_AS_SHORT.get(b, ip + IP_FLAGS_FRAGMENT_OFFSET) & 0xFFFF)
                + (b[ip + IP_TIME_TO_LIVE] & 0xFF)
                + (b[ip + IP_PROTOCOL] & 0xFF)
                + ((short) BYTES_AS_SHORT.get(b, ip + IP_HEADER_CHECKSUM) & 0xFFFF)
                + ((int) BYTES_AS_INT.get(b, ip + IP_SOURCE_ADDRESS) & 0xFFFF_FFFFL)
                + ((int) BYTES_AS_INT.get(b, ip + IP_DESTINATION_ADDRESS) & 0xFFFF_FFFFL);
        int tcp = ip + ((versionIhl & 0x0F) << 2);
        return sum
                + ((short) BYTES_AS_SHORT.get(b, tcp + TCP_SOURCE_PORT) & 0xFFFF)
                + ((short) BYTES_AS_SHORT.get(b, tcp + TCP_DESTINATION_PORT) & 0xFFFF)
                + ((int) BYTES_AS_INT.get(b, tcp + TCP_SEQUENCE_NUMBER) & 0xFFFF_FFFFL)
                + ((int) BYTES_AS_INT.get(b, tcp + TCP_ACKNOWLEDGMENT_NUMBER) & 0xFFFF_FFFFL)
                + (b[tcp + TCP_DATA_OFFSET] & 0xFF)
                + (b[tcp + TCP_FLAGS] & 0xFF)
                + ((short) BYTES_AS_SHORT.get(b, tcp + TCP_WINDOW) & 0xFFFF)
                + ((short) BYTES_AS_SHORT.get(b, tcp + TCP_CHECKSUM) & 0xFFFF)
                + ((short) BYTES_AS_SHORT.get(b, tcp + TCP_URGENT_POINTER) & 0xFFFF);
    }

    void emit(byte[] b, int ip, int seq) {
        b[ip + IP_VERSION_IHL] = 0x45;
        b[ip + IP_TYPE_OF_SERVICE] = 0;
        BYTES_AS_SHORT.set(b, ip + IP_TOTAL_LENGTH, (short) (BUFFER_BYTES - ETHERNET_HEADER_BYTES));
        BYTES_AS_SHORT.set(b, ip + IP_IDENTIFICATION, (short) seq);
        BYTES_AS_SHORT.set(b, ip + IP_FLAGS_FRAGMENT_OFFSET, (short) 0x4000);
        b[ip + IP_TIME_TO_LIVE] = 64;
        b[ip + IP_PROTOCOL] = 6;
        BYTES_AS_SHORT.set(b, ip + IP_HEADER_CHECKSUM, (short) 0);
        BYTES_AS_INT.set(b, ip + IP_SOURCE_ADDRESS, sourceAddress);
        BYTES_AS_INT.set(b, ip + IP_DESTINATION_ADDRESS, destinationAddress);
        int tcp = ip + IP_HEADER_BYTES;
        BYTES_AS_SHORT.set(b, tcp + TCP_SOURCE_PORT, (short) sourcePort);
        BYTES_AS_SHORT.set(b, tcp + TCP_DESTINATION_PORT, (short) destinationPort);
        BYTES_AS_INT.set(b, tcp + TCP_SEQUENCE_NUMBER, seq);
        BYTES_AS_INT.set(b, tcp + TCP_ACKNOWLEDGMENT_NUMBER, acknowledgmentNumber);
        b[tcp + TCP_DATA_OFFSET] = 0x50;
        b[tcp + TCP_FLAGS] = 0x18;
        BYTES_AS_SHORT.set(b, tcp + TCP_WINDOW, (short) window);
        BYTES_AS_SHORT.set(b, tcp + TCP_CHECKSUM, (short) 0);
        BYTES_AS_SHORT.set(b, tcp + TCP_URGENT_POINTER, (short) 0);
    }

    static int checksum(byte[] b, int length) {
        long sum = 0;
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) {
            long word = (long) BYTES_AS_LONG.get(b, i);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        for (; i <= length - Short.BYTES; i += Short.BYTES) {
            sum += (short) BYTES_AS_SHORT.get(b, i) & 0xFFFF;
        }
        if (i < length) {
            sum += (b[i] & 0xFF) << 8;
        }
        return fold(sum);
    }

    /** The textbook loop: one 16-bit word per step, assembled from two byte loads. Also the reference. */
    static int checksumU16(byte[] b, int length) {
        long sum = 0;
        int i = 0;
        for (; i <= length - Short.BYTES; i += Short.BYTES) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < length) {
            sum += (b[i] & 0xFF) << 8;
        }
        return fold(sum);
    }

    // ---------------------------------------------------------------- direct ByteBuffer

    static long parse(ByteBuffer b, int ip) {
        int versionIhl = b.get(ip + IP_VERSION_IHL) & 0xFF;
        long sum = versionIhl
                + (b.get(ip + IP_TYPE_OF_SERVICE) & 0xFF)
                + (b.getShort(ip + IP_TOTAL_LENGTH) & 0xFFFF)
                + (b.getShort(ip + IP_IDENTIFICATION) & 0xFFFF)
                + (b.getShort(ip + IP_FLAGS_FRAGMENT_OFFSET) & 0xFFFF)
                + (b.get(ip + IP_TIME_TO_LIVE) & 0xFF)
                + (b.get(ip + IP_PROTOCOL) & 0xFF)
                + (b.getShort(ip + IP_HEADER_CHECKSUM) & 0xFFFF)
                + (b.getInt(ip + IP_SOURCE_ADDRESS) & 0xFFFF_FFFFL)
                + (b.getInt(ip + IP_DESTINATION_ADDRESS) & 0xFFFF_FFFFL);
        int tcp = ip + ((versionIhl & 0x0F) << 2);
        return sum
                + (b.getShort(tcp + TCP_SOURCE_PORT) & 0xFFFF)
                + (b.getShort(tcp + TCP_DESTINATION_PORT) & 0xFFFF)
                + (b.getInt(tcp + TCP_SEQUENCE_NUMBER) & 0xFFFF_FFFFL)
                + (b.getInt(tcp + TCP_ACKNOWLEDGMENT_NUMBER) & 0xFFFF_FFFFL)
                + (b.get(tcp + TCP_DATA_OFFSET) & 0xFF)
                + (b.get(tcp + TCP_FLAGS) & 0xFF)
                + (b.getShort(tcp + TCP_WINDOW) & 0xFFFF)
                + (b.getShort(tcp + TCP_CHECKSUM) & 0xFFFF)
                + (b.getShort(tcp + TCP_URGENT_POINTER) & 0xFFFF);
    }

    void emit(ByteBuffer b, int ip, int seq) {
        b.put(ip + IP_VERSION_IHL, (byte) 0x45);
        b.put(ip + IP_TYPE_OF_SERVICE, (byte) 0);
        b.putShort(ip + IP_TOTAL_LENGTH, (short) (BUFFER_BYTES - ETHERNET_HEADER_BYTES));
        b.putShort(ip + IP_IDENTIFICATION, (short) seq);
        b.putShort(ip + IP_FLAGS_FRAGMENT_OFFSET, (short) 0x4000);
        b.put(ip + IP_TIME_TO_LIVE, (byte) 64);
        b.put(ip + IP_PROTOCOL, (byte) 6);
        b.putShort(ip + IP_HEADER_CHECKSUM, (short) 0);
        b.putInt(ip + IP_SOURCE_ADDRESS, sourceAddress);
        b.putInt(ip + IP_DESTINATION_ADDRESS, destinationAddress);
        int tcp = ip + IP_HEADER_BYTES;
        b.putShort(tcp + TCP_SOURCE_PORT, (short) sourcePort);
        b.putShort(tcp + TCP_DESTINATION_PORT, (short) destinationPort);
        b.putInt(tcp + TCP_SEQUENCE_NUMBER, seq);
        b.putInt(tcp + TCP_ACKNOWLEDGMENT_NUMBER, acknowledgmentNumber);
        b.put(tcp + TCP_DATA_OFFSET, (byte) 0x50);
        b.put(tcp + TCP_FLAGS, (byte) 0x18);
        b.putShort(tcp + TCP_WINDOW, (short) window);
        b.putShort(tcp + TCP_CHECKSUM, (short) 0);
        b.putShort(tcp + TCP_URGENT_POINTER, (short) 0);
    }

    static int checksum(ByteBuffer b, int length) {
        long sum = 0;
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES) {
            long word = b.getLong(i);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        for (; i <= length - Short.BYTES; i += Short.BYTES) {
            sum += b.getShort(i) & 0xFFFF;
        }
        if (i < length) {
            sum += (b.get(i) & 0xFF) << 8;
        }
        return fold(sum);
    }

    // ---------------------------------------------------------------- shared

    /**
     * Folds the carries of a wide ones'-complement sum into 16 bits and complements it (RFC 1071 §4.1). Adding
     * two 32-bit halves of a big-endian long is the same ones'-complement sum as adding its four 16-bit words
     * (RFC 1071 §2(C), parallel summation).
     */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    /** An Ethernet frame of {@link #BUFFER_BYTES} random bytes with an IPv4 + TCP header at {@code ip}. */
    static byte[] sampleFrame(int ip) {
        byte[] frame = new byte[BUFFER_BYTES];
        new Random(1071).nextBytes(frame);
        new FieldAccessBenchmark().emit(frame, ip, 0x1234_5678);
        return frame;
    }

    /** Fails the trial if any representation disagrees with the plain byte[] code. */
    private void selfCheck(byte[] frame) {
        long parsed = parse(frame, offset);
        if (parse(heapSegment, offset) != parsed || parse(nativeSegment, offset) != parsed
                || parse(directBuffer, offset) != parsed) {
            throw new IllegalStateException("parse results differ between representations");
        }
        int sum = checksumU16(frame, length);
        if (checksum(frame, length) != sum || checksum(heapSegment, length) != sum
                || checksum(nativeSegment, length) != sum || checksum(directBuffer, length) != sum) {
            throw new IllegalStateException("checksums differ between representations");
        }
    }
}
