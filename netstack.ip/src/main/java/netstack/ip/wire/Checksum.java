package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones'-complement of the ones'-complement sum of 16-bit words.
 *
 * <p>Sums are carried as {@code long} partial sums ("unfolded") so that headers, pseudo-headers and payload can be
 * added separately and folded once with {@link #fold(long)}.
 *
 * <h2>How the bulk sum is fast</h2>
 * The ones'-complement sum does not depend on byte order (RFC 1071 §2(B)): summing the data as little-endian words
 * gives the byte-swapped sum, which is swapped back once, after folding. So the loops read little-endian, the x86 and
 * ARM native order, with no byte swap per load. Buffers from {@value #WIDE_BYTES} bytes on are summed as unsigned
 * 32-bit words into a {@code long} in the simplest possible loop, which C2 (JDK 25) vectorizes with SIMD adds;
 * shorter ones (headers, small packets) by a scalar loop over 32-byte blocks with four independent accumulators,
 * which has no vector pre- and post-loop to pay for. Each addition is below 2^33, so no accumulator can overflow for
 * any {@code int} length. {@code ChecksumBenchmark} in {@code netstack.bench} measures it.
 *
 * <p>Allocation-free and thread-safe (stateless).
 */
public final class Checksum {

    private static final ValueLayout.OfLong LE64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_32_BITS = 0xffff_ffffL;

    /**
     * From this length on the vectorizable loop wins over the scalar one (measured on JDK 25 / x86-64: below it the
     * vector loop's set-up costs more than it saves).
     */
    static final int WIDE_BYTES = 256;

    private Checksum() {
    }

    /**
     * Adds {@code length} bytes at {@code offset} to an unfolded sum, as 16-bit big-endian words; an odd trailing
     * byte is padded with zero (RFC 1071 §4.1). Sums of pieces may be added only if every piece but the last has
     * even length. Allocation-free.
     *
     * @param initial an unfolded partial sum (0 to start)
     * @param segment the memory
     * @param offset the first byte
     * @param length the number of bytes
     * @return the unfolded sum: {@code initial} plus at most 0xffff
     * @throws IndexOutOfBoundsException if the bytes are not all inside the segment
     */
    public static long sum(long initial, MemorySegment segment, long offset, int length) {
        long swapped = length >= WIDE_BYTES ? sumWide(segment, offset, length) : sumNarrow(segment, offset, length);
        int folded = fold(swapped);
        return initial + (((folded & 0xff) << 8) | (folded >>> 8));
    }

    /** Little-endian words, unsigned 32 bits at a time: the loop shape C2's SuperWord turns into vector adds. */
    private static long sumWide(MemorySegment segment, long offset, int length) {
        long sum = 0;
        int words = length & ~3;
        for (int i = 0; i < words; i += 4) {
            sum += Integer.toUnsignedLong(segment.get(LE32, offset + i));
        }
        return sumTail(segment, offset, words, length, sum);
    }

    /** Little-endian words, 32 bytes per step into four independent accumulators. */
    private static long sumNarrow(MemorySegment segment, long offset, int length) {
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        int blocks = length & ~31;
        for (int i = 0; i < blocks; i += 32) {
            long v0 = segment.get(LE64, offset + i);
            long v1 = segment.get(LE64, offset + i + 8);
            long v2 = segment.get(LE64, offset + i + 16);
            long v3 = segment.get(LE64, offset + i + 24);
            a0 += (v0 >>> 32) + (v0 & LOW_32_BITS);
            a1 += (v1 >>> 32) + (v1 & LOW_32_BITS);
            a2 += (v2 >>> 32) + (v2 & LOW_32_BITS);
            a3 += (v3 >>> 32) + (v3 & LOW_32_BITS);
        }
        return sumTail(segment, offset, blocks, length, a0 + a1 + a2 + a3);
    }

    /** The last {@code length - from} (&lt; 32) bytes, little-endian; an odd last byte is the low byte of its word. */
    private static long sumTail(MemorySegment segment, long offset, int from, int length, long sum) {
        int i = from;
        if (length - i >= 16) {
            long v0 = segment.get(LE64, offset + i);
            long v1 = segment.get(LE64, offset + i + 8);
            sum += (v0 >>> 32) + (v0 & LOW_32_BITS) + (v1 >>> 32) + (v1 & LOW_32_BITS);
            i += 16;
        }
        if (length - i >= 8) {
            long v = segment.get(LE64, offset + i);
            sum += (v >>> 32) + (v & LOW_32_BITS);
            i += 8;
        }
        if (length - i >= 4) {
            sum += Integer.toUnsignedLong(segment.get(LE32, offset + i));
            i += 4;
        }
        if (length - i >= 2) {
            sum += segment.get(LE16, offset + i) & 0xffff;
            i += 2;
        }
        if (length - i >= 1) {
            sum += segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff; // RFC 1071 §4.1's zero pad, byte-swapped
        }
        return sum;
    }

    /**
     * Folds an unfolded sum to 16 bits (end-around carry), not complemented.
     *
     * @param sum an unfolded sum
     * @return the 16-bit ones'-complement sum
     */
    public static int fold(long sum) {
        sum = (sum & 0xffff_ffffL) + (sum >>> 32);
        sum = (sum & 0xffff_ffffL) + (sum >>> 32);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    /**
     * @param segment the memory
     * @param offset the first byte
     * @param length the number of bytes
     * @return the checksum field value for these bytes: {@code ~fold(sum)}, 16 bits
     */
    public static int compute(MemorySegment segment, long offset, int length) {
        return ~fold(sum(0, segment, offset, length)) & 0xffff;
    }

    /**
     * RFC 1624 eqn. 3 incremental update: the new checksum after a 16-bit field changed from {@code oldWord} to
     * {@code newWord}, without summing the packet again.
     *
     * @param checksum the checksum field's current value
     * @param oldWord the field's old 16-bit value
     * @param newWord the field's new 16-bit value
     * @return the checksum field's new value
     */
    public static int update(int checksum, int oldWord, int newWord) {
        // HC' = ~(~HC + ~m + m')
        long sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        return ~fold(sum) & 0xffff;
    }

    /**
     * RFC 1624 incremental update for a 32-bit field (e.g. an IPv4 address), as two 16-bit updates.
     *
     * @param checksum the checksum field's current value
     * @param oldValue the field's old value
     * @param newValue the field's new value
     * @return the checksum field's new value
     */
    public static int update32(int checksum, int oldValue, int newValue) {
        return update(update(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xffff, newValue & 0xffff);
    }
}
