package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;

/**
 * What the wire does with {@code CHECKSUM_PARTIAL} frames, on UDP/IPv4 frames built here with an independent
 * RFC 1071 sum: with offload, a clean frame crosses unfilled and marked verified; a frame to be corrupted gets its
 * real checksum first, so that the damage shows; without offload a partial frame is completed; a frame the sender
 * checksummed itself is never marked.
 */
class ChecksumOffloadTest {

    private static final int ETH = 14;
    private static final int IP = 20;
    private static final int UDP_AT = ETH + IP;
    private static final int CHECK_AT = UDP_AT + 6;

    /** A UDP/IPv4 frame from 192.0.2.1:1234 to 192.0.2.2:5678 whose checksum field holds the pseudo-header sum. */
    private static byte[] udpFrame(int seed, int payloadBytes) {
        int udpLength = 8 + payloadBytes;
        byte[] f = new byte[UDP_AT + udpLength];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (0x02 + i);
            f[6 + i] = (byte) (0x12 + i);
        }
        f[12] = 0x08;
        f[14] = 0x45;
        put16(f, 16, IP + udpLength);
        f[22] = 64;
        f[23] = 17;
        byte[] addresses = {(byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2};
        System.arraycopy(addresses, 0, f, 26, 8);
        put16(f, 24, ~fold(sum(f, ETH, IP)) & 0xffff);
        put16(f, UDP_AT, 1234);
        put16(f, UDP_AT + 2, 5678);
        put16(f, UDP_AT + 4, udpLength);
        for (int i = 0; i < payloadBytes; i++) {
            f[UDP_AT + 8 + i] = (byte) (seed * 13 + i * 5);
        }
        put16(f, CHECK_AT, fold(pseudoSum(f)));
        return f;
    }

    private static long pseudoSum(byte[] f) {
        return sum(f, 26, 8) + 17 + get16(f, UDP_AT + 4);
    }

    /** The frame with the checksum a device must write: RFC 768, 0 sent as 0xffff. */
    private static byte[] completed(byte[] partial) {
        byte[] f = partial.clone();
        put16(f, CHECK_AT, 0);
        int c = ~fold(pseudoSum(f) + sum(f, UDP_AT, f.length - UDP_AT)) & 0xffff;
        put16(f, CHECK_AT, c == 0 ? 0xffff : c);
        return f;
    }

    /** The receiver's check: pseudo-header plus segment sums to all ones. */
    private static boolean verifies(byte[] f) {
        return fold(pseudoSum(f) + sum(f, UDP_AT, f.length - UDP_AT)) == 0xffff;
    }

    private static long sum(byte[] b, int from, int length) {
        long s = 0;
        for (int i = 0; i < length; i += 2) {
            s += ((b[from + i] & 0xff) << 8) | (i + 1 < length ? b[from + i + 1] & 0xff : 0);
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    private static int get16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static PacketBuffer buffer(PacketPool pool, byte[] frame, boolean partial) {
        PacketBuffer buffer = pool.allocate(frame.length);
        MemorySegment.copy(frame, 0, buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), frame.length);
        buffer.append(frame.length);
        if (partial) {
            buffer.checksumPartial(buffer.start() + UDP_AT, 6);
        }
        return buffer;
    }

    private static Bench bench(boolean offload, Impairment impairment) {
        return new Bench(Wire.builder().name("c").manualClock(new ManualClock()).checksumOffload(offload)
                .impairment(impairment)).attach();
    }

    @Test
    void cleanPartialFrameCrossesUnfilledAndVerified() {
        try (Bench b = bench(true, Impairment.NONE)) {
            byte[] frame = udpFrame(1, 100);
            b.wire.a().transmit(buffer(b.poolA, frame, true));
            b.wire.advanceTo(0);
            TestContext.Delivery d = b.ctxB.deliveries.getFirst();
            assertEquals(PacketBuffer.CHECKSUM_VERIFIED, d.flags());
            assertArrayEquals(frame, d.bytes(), "the pseudo-header sum is left in place, as on veth");
        }
    }

    @Test
    void corruptedPartialFrameGetsItsChecksumFirst() {
        try (Bench b = bench(true, Impairment.NONE.withCorruptProbability(1))) {
            int caught = 0;
            int expectedCaught = 0;
            for (int i = 0; i < 400; i++) {
                byte[] frame = udpFrame(i, 1 + i % 200);
                b.wire.a().transmit(buffer(b.poolA, frame, true));
                b.wire.advanceTo(0);
                TestContext.Delivery d = b.ctxB.deliveries.getLast();
                assertEquals(0, d.flags(), "a corrupted frame is never marked verified");
                byte[] good = completed(frame);
                assertEquals(1, TestFrames.bitsDiffering(good, d.bytes()), "one bit off the completed frame");
                int firstDiff = 0;
                while (good[firstDiff] == d.bytes()[firstDiff]) {
                    firstDiff++;
                }
                // A flip in the pseudo-header's addresses or in the UDP segment breaks the UDP checksum.
                boolean covered = firstDiff >= UDP_AT || (firstDiff >= 26 && firstDiff < 34);
                if (covered) {
                    expectedCaught++;
                }
                if (!verifies(d.bytes())) {
                    caught++;
                }
            }
            assertEquals(expectedCaught, caught);
            assertTrue(caught > 300, "most bits are covered by the UDP checksum: " + caught);
        }
    }

    @Test
    void withoutOffloadAPartialFrameIsCompleted() {
        try (Bench b = bench(false, Impairment.NONE)) {
            byte[] frame = udpFrame(2, 333);
            b.wire.a().transmit(buffer(b.poolA, frame, true));
            b.wire.advanceTo(0);
            TestContext.Delivery d = b.ctxB.deliveries.getFirst();
            assertEquals(0, d.flags());
            assertArrayEquals(completed(frame), d.bytes());
            assertTrue(verifies(d.bytes()));
        }
    }

    @Test
    void computedZeroIsSentAsAllOnes() {
        byte[] frame = udpFrame(3, 20);
        // Choose the last payload word so that the segment sums to all ones: the checksum computes to 0.
        put16(frame, frame.length - 2, 0);
        byte[] probe = frame.clone();
        put16(probe, CHECK_AT, 0);
        put16(frame, frame.length - 2, ~fold(pseudoSum(probe) + sum(probe, UDP_AT, probe.length - UDP_AT)) & 0xffff);
        try (Bench b = bench(false, Impairment.NONE)) {
            b.wire.a().transmit(buffer(b.poolA, frame, true));
            b.wire.advanceTo(0);
            byte[] got = b.ctxB.deliveries.getFirst().bytes();
            assertEquals(0xffff, get16(got, CHECK_AT));
            assertTrue(verifies(got));
        }
    }

    @Test
    void framesTheSenderChecksummedAreNeverMarked() {
        try (Bench b = bench(true, Impairment.NONE)) {
            byte[] wrong = completed(udpFrame(4, 50));
            put16(wrong, CHECK_AT, get16(wrong, CHECK_AT) ^ 0x0100);
            b.wire.a().transmit(buffer(b.poolA, wrong, false));
            b.wire.advanceTo(0);
            TestContext.Delivery d = b.ctxB.deliveries.getFirst();
            assertEquals(0, d.flags(), "the receiver must check it, and will find the sender's bug");
            assertArrayEquals(wrong, d.bytes());
            assertNotEquals(true, verifies(d.bytes()));
        }
    }

    @Test
    void aDuplicateOfACleanPartialFrameIsVerifiedToo() {
        try (Bench b = bench(true, Impairment.NONE.withDuplicateProbability(1))) {
            byte[] frame = udpFrame(5, 64);
            b.wire.a().transmit(buffer(b.poolA, frame, true));
            b.wire.advanceTo(0);
            assertEquals(2, b.ctxB.deliveries.size());
            for (TestContext.Delivery d : b.ctxB.deliveries) {
                assertEquals(PacketBuffer.CHECKSUM_VERIFIED, d.flags());
                assertArrayEquals(frame, d.bytes());
            }
        }
    }
}
