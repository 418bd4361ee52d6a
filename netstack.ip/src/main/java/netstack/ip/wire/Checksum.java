package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones'-complement of the ones'-complement sum of 16-bit words.
 *
 * <p>Sums are carried as {@code long} partial sums ("unfolded") so that headers, pseudo-headers and payload can be
 * added separately and folded once with {@link #fold(long)}. The bulk loop reads 8 bytes at a time big-endian and
 * accumulates 32-bit halves, so carries never overflow for any packet up to 4 GiB.
 *
 * <p>Allocation-free and thread-safe (stateless).
 */
public final class Checksum {

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /**
     * Adds {@code length} bytes at {@code offset} to an unfolded sum, as 16-bit big-endian words; an odd trailing
     * byte is padded with zero (RFC 1071 §4.1). Sums of pieces may be added only if every piece but the last has
     * even length.
     *
     * @param initial an unfolded partial sum (0 to start)
     * @param segment the memory
     * @param offset the first byte
     * @param length the number of bytes
     * @return the unfolded sum
     */
    public static long sum(long initial, MemorySegment segment, long offset, int length) {
        long sum = initial;
        long i = offset;
        long end = offset + length;
        // 8 bytes per step: add both 32-bit halves, so each addition is below 2^33 and 2^31 steps cannot overflow.
        for (; i + 8 <= end; i += 8) {
            long v = segment.get(U64, i);
            sum += (v >>> 32) + (v & 0xffff_ffffL);
        }
        if (i + 4 <= end) {
            sum += segment.get(U32, i) & 0xffff_ffffL;
            i += 4;
        }
        if (i + 2 <= end) {
            sum += segment.get(U16, i) & 0xffff;
            i += 2;
        }
        if (i < end) {
            sum += (segment.get(ValueLayout.JAVA_BYTE, i) & 0xff) << 8;
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
