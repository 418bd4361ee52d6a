package netstack.loopback.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;

/**
 * Test frames: an Ethernet II header (destination, source, EtherType 0x88B5, the IEEE "local experimental" type),
 * a 32-bit sequence number, then bytes derived from it, so that any frame's content can be recomputed and
 * compared.
 */
final class TestFrames {

    static final int HEADER = 14;
    static final int MIN_LENGTH = HEADER + 4;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private TestFrames() {
    }

    /** @return the expected bytes of frame {@code sequence} with {@code length} bytes */
    static byte[] bytes(int sequence, int length) {
        byte[] b = new byte[Math.max(length, HEADER)];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (0x02 + i);
            b[6 + i] = (byte) (0x12 + i);
        }
        b[12] = (byte) 0x88;
        b[13] = (byte) 0xB5;
        if (length < HEADER) {
            return java.util.Arrays.copyOf(b, length);
        }
        if (length >= MIN_LENGTH) {
            b[14] = (byte) (sequence >>> 24);
            b[15] = (byte) (sequence >>> 16);
            b[16] = (byte) (sequence >>> 8);
            b[17] = (byte) sequence;
        }
        for (int i = MIN_LENGTH; i < length; i++) {
            b[i] = (byte) (sequence * 31 + i * 7);
        }
        return b;
    }

    /** @return a pooled buffer holding {@link #bytes(int, int)} */
    static PacketBuffer frame(PacketPool pool, int sequence, int length) {
        PacketBuffer buffer = pool.allocate(length);
        byte[] b = bytes(sequence, length);
        MemorySegment.copy(b, 0, buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), b.length);
        buffer.append(length);
        return buffer;
    }

    /** @return the sequence number in a frame's bytes */
    static int sequence(byte[] frame) {
        return frame.length < MIN_LENGTH ? -1 : MemorySegment.ofArray(frame).get(U32, HEADER);
    }

    /** @return the number of bits in which two equally long arrays differ */
    static int bitsDiffering(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
        }
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return bits;
    }

    /** @return a pool with leak tracking (a test asserts {@code outstanding() == 0} and {@code leaks() == 0}) */
    static PacketPool trackedPool() {
        return new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
    }
}
