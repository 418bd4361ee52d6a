package netstack.loopback.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) computed where a device with transmit checksum offload would compute it: the
 * wire completes a {@link netstack.api.link.PacketBuffer#CHECKSUM_PARTIAL} frame in software before corrupting it
 * (as Linux netem calls {@code skb_checksum_help}), so that the receiver's verification sees the corruption.
 * Drivers depend on {@code netstack.api} only, hence this small copy rather than the stack's {@code Checksum}.
 * Stateless and allocation-free.
 */
final class SoftwareChecksum {

    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SoftwareChecksum() {
    }

    /**
     * Fills in a partial checksum: the field holds the pseudo-header sum the stack stored; the checksum of
     * {@code [checksumStart, length)} of the frame, that field included, replaces it. A request that does not fit
     * in the frame is left alone (the receiver will find the checksum wrong, as it would with a real device).
     *
     * @param segment the frame's segment
     * @param frameOffset where the frame starts in it
     * @param length the frame's length
     * @param checksumStart where checksumming starts, relative to the frame
     * @param checksumOffset where the 16-bit field is, relative to {@code checksumStart}
     */
    static void complete(MemorySegment segment, long frameOffset, int length, int checksumStart,
            int checksumOffset) {
        if (checksumStart < 0 || checksumOffset < 0 || (long) checksumStart + checksumOffset + 2 > length) {
            return;
        }
        long sum = sum(segment, frameOffset + checksumStart, length - checksumStart);
        int checksum = ~fold(sum) & 0xffff;
        // RFC 768: a computed 0 is sent as all ones; in ones' complement both are zero, so TCP is served alike.
        if (checksum == 0) {
            checksum = 0xffff;
        }
        segment.set(U16, frameOffset + checksumStart + checksumOffset, (short) checksum);
    }

    /**
     * @return the 32-bit-or-wider ones' complement accumulation of big-endian 16-bit words over the range, an odd
     *     last byte padded with zero (RFC 1071 §4.1)
     */
    static long sum(MemorySegment segment, long offset, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += Short.toUnsignedInt(segment.get(U16, offset + i));
        }
        if (i < length) {
            sum += (segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) << 8;
        }
        return sum;
    }

    /** @return {@code sum} folded to 16 bits with end-around carry */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
