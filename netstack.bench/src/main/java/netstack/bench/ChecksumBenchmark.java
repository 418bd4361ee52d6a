package netstack.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import netstack.ip.wire.Checksum;

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
 * The stack's Internet checksum ({@link Checksum#compute}, RFC 1071) over native {@link MemorySegment}s, the memory
 * the packet pool hands out: 64 bytes (a minimum frame, header-sized sums), 1500 (an Ethernet MTU) and 65536 (a
 * GSO/TSO super-segment or a reassembled datagram). Throughput in GB/s is {@code length / score} (bytes per ns).
 *
 * <p>{@code bigEndianLongs} is the implementation {@link Checksum} had before (8 bytes per step, read big-endian,
 * one accumulator), kept as the baseline the current one is measured against.
 *
 * <p>{@link #offset} 0 starts the data 8-byte aligned; 14 starts it where an IPv4 header starts after an Ethernet
 * header in a pooled buffer, the unaligned case every received packet is in. The offset and length are non-final
 * {@link State} fields so the JIT cannot fold them. {@link #setUp()} and {@link #tearDown()} compare the results with
 * a plain RFC 1071 loop before and after the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class ChecksumBenchmark {

    /** Bytes summed. */
    @Param({"64", "1500", "65536"})
    int length;

    /** Where the data starts in the segment. */
    @Param({"0", "14"})
    int offset;

    MemorySegment segment;
    private int expected;
    private Arena arena;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        segment = arena.allocate(offset + length, Long.BYTES);
        byte[] random = new byte[offset + length];
        new Random(1071).nextBytes(random);
        segment.copyFrom(MemorySegment.ofArray(random));
        expected = reference(random, offset, length);
        if (compute() != expected || bigEndianLongs() != expected) {
            throw new IllegalStateException("checksum code disagrees with RFC 1071 over " + length + " bytes");
        }
    }

    /** Checks the result again after the measurement, when the JIT has compiled (and vectorized) the loops. */
    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (compute() != expected || bigEndianLongs() != expected) {
                throw new IllegalStateException("compiled checksum code disagrees with RFC 1071 over " + length
                        + " bytes");
            }
        } finally {
            arena.close();
        }
    }

    @Benchmark
    public int compute() {
        return Checksum.compute(segment, offset, length);
    }

    @Benchmark
    public int bigEndianLongs() {
        return bigEndianLongs(segment, offset, length);
    }

    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The previous {@code Checksum.sum}: big-endian longs, both 32-bit halves into one accumulator. */
    static int bigEndianLongs(MemorySegment segment, long offset, int length) {
        long sum = 0;
        long i = offset;
        long end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long v = segment.get(BE64, i);
            sum += (v >>> 32) + (v & 0xffff_ffffL);
        }
        if (i + 4 <= end) {
            sum += segment.get(BE32, i) & 0xffff_ffffL;
            i += 4;
        }
        if (i + 2 <= end) {
            sum += segment.get(BE16, i) & 0xffff;
            i += 2;
        }
        if (i < end) {
            sum += (segment.get(ValueLayout.JAVA_BYTE, i) & 0xff) << 8;
        }
        return ~Checksum.fold(sum) & 0xffff;
    }

    /** RFC 1071 §4.1 in its plainest form: 16-bit big-endian words, an odd byte padded, end-around carry. */
    static int reference(byte[] data, int offset, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((data[offset + i] & 0xff) << 8) | (data[offset + i + 1] & 0xff);
        }
        if (i < length) {
            sum += (data[offset + i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }
}
