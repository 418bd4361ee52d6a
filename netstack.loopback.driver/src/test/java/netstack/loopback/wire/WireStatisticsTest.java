package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * The impairment rates over {@value #N} frames with a fixed seed. Each count {@code k} of a Bernoulli(p) event is
 * Binomial(N, p): mean {@code Np}, standard deviation {@code sigma = sqrt(Np(1-p))}. The bounds are
 * {@code Np ± 5 sigma}: a correct generator falls outside with probability below 6e-7 per check, and a wrong rate
 * (say p/2 or 2p) falls inside with a probability that is negligible for these N and p. With a fixed seed the
 * outcome is the same in every run; the bounds say the seed is not a lucky one.
 */
class WireStatisticsTest {

    private static final int N = 10_000;
    private static final long SPACING_NANOS = 10_000;

    /** Sends {@value #N} 64-byte frames A to B, 10 us apart, then lets everything arrive. */
    private static Bench sendAll(Impairment impairment, long seed) {
        Bench b = new Bench(Wire.builder().name("s").manualClock(new ManualClock()).seed(seed)
                .impairment(impairment)).attach();
        for (int i = 0; i < N; i++) {
            b.wire.advanceTo(i * SPACING_NANOS);
            b.sendA(i, 64);
        }
        b.wire.advanceTo(N * SPACING_NANOS + Impairment.MAX_DELAY_NANOS / 1000);
        return b;
    }

    /** Asserts {@code k} within {@code Np ± 5 sigma}. */
    private static void assertBinomial(long k, double p, String what) {
        double mean = N * p;
        double sigma = Math.sqrt(N * p * (1 - p));
        assertTrue(Math.abs(k - mean) <= 5 * sigma, what + ": " + k + " outside " + mean + " ± " + 5 * sigma);
    }

    private static BitSet delivered(Bench b) {
        BitSet seen = new BitSet(N);
        for (int s : b.ctxB.sequences()) {
            seen.set(s);
        }
        return seen;
    }

    @Test
    void lossRate() {
        // p = 0.1: mean 1000, sigma 30, bounds [850, 1150].
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0.1), 1)) {
            WireCounters c = b.ab();
            assertBinomial(c.lostFrames(), 0.1, "lost");
            assertEquals(N - c.lostFrames(), c.deliveredFrames());
            assertEquals(N - c.lostFrames(), b.ctxB.deliveries.size());
            assertTrue(c.balanced());
        }
    }

    @Test
    void duplicateRate() {
        // p = 0.05: mean 500, sigma 21.8, bounds [391, 609].
        try (Bench b = sendAll(Impairment.NONE.withDuplicateProbability(0.05), 2)) {
            WireCounters c = b.ab();
            assertBinomial(c.duplicatedFrames(), 0.05, "duplicated");
            assertEquals(N + c.duplicatedFrames(), b.ctxB.deliveries.size());
            int[] s = b.ctxB.sequences();
            int repeats = 0;
            for (int i = 1; i < s.length; i++) {
                assertTrue(s[i] >= s[i - 1], "no reordering");
                if (s[i] == s[i - 1]) {
                    repeats++;
                }
            }
            assertEquals(c.duplicatedFrames(), repeats, "each copy right behind its original");
        }
    }

    @Test
    void corruptRateAndOneBitEach() {
        // p = 0.02: mean 200, sigma 14, bounds [130, 270].
        try (Bench b = sendAll(Impairment.NONE.withCorruptProbability(0.02), 3)) {
            WireCounters c = b.ab();
            assertBinomial(c.corruptedFrames(), 0.02, "corrupted");
            int damaged = 0;
            for (int i = 0; i < N; i++) {
                int bits = TestFrames.bitsDiffering(TestFrames.bytes(i, 64), b.ctxB.deliveries.get(i).bytes());
                assertTrue(bits <= 1, "frame " + i + " differs in " + bits + " bits");
                damaged += bits;
            }
            assertEquals(c.corruptedFrames(), damaged);
        }
    }

    @Test
    void corruptedBitIsUniform() {
        // Every frame corrupted, 100 bytes each: the flipped byte's position is uniform over 100 bins (expected
        // 100 per bin, sigma 9.95: bounds [50, 150]); the bit within its byte over 8 bins (expected 1250,
        // sigma 33.1: bounds [1085, 1415]).
        try (Bench b = new Bench(Wire.builder().name("u").manualClock(new ManualClock()).seed(4)
                .impairment(Impairment.NONE.withCorruptProbability(1))).attach()) {
            int[] byBytes = new int[100];
            int[] byBits = new int[8];
            for (int i = 0; i < N; i++) {
                b.sendA(i, 100);
                b.wire.advanceTo(0);
                byte[] sent = TestFrames.bytes(i, 100);
                byte[] got = b.ctxB.deliveries.getLast().bytes();
                for (int j = 0; j < 100; j++) {
                    int x = (sent[j] ^ got[j]) & 0xff;
                    if (x != 0) {
                        byBytes[j]++;
                        byBits[Integer.numberOfLeadingZeros(x) - 24]++;
                    }
                }
            }
            for (int j = 0; j < 100; j++) {
                assertTrue(Math.abs(byBytes[j] - 100) <= 50, "byte " + j + ": " + byBytes[j]);
            }
            for (int j = 0; j < 8; j++) {
                assertTrue(Math.abs(byBits[j] - 1250) <= 166, "bit " + j + ": " + byBits[j]);
            }
        }
    }

    @Test
    void reorderRateAndEveryReorderedFrameOvertakes() {
        // p = 0.1: mean 1000, sigma 30, bounds [850, 1150]. Frames are 10 us apart and the delay is 1 ms, so a
        // frame that skips the delay overtakes the up to 99 delayed frames before it: one of them is normal
        // unless the frame is the first, or all 99 before it were reordered too (never with this seed).
        try (Bench b = sendAll(Impairment.NONE.withDelayNanos(1_000_000).withReorderProbability(0.1), 5)) {
            WireCounters c = b.ab();
            assertBinomial(c.reorderedFrames(), 0.1, "reordered");
            int[] s = b.ctxB.sequences();
            assertEquals(N, s.length);
            // A frame overtook if some smaller number had not arrived before it. Delayed frames arrive in order,
            // and a reordered frame arrives before any later one, so only reordered frames can overtake.
            int overtakers = 0;
            BitSet arrived = new BitSet(N);
            for (int value : s) {
                if (arrived.nextClearBit(0) < value) {
                    overtakers++;
                }
                arrived.set(value);
            }
            assertTrue(overtakers == c.reorderedFrames() || overtakers == c.reorderedFrames() - 1,
                    overtakers + " frames overtook, " + c.reorderedFrames() + " reordered");
            assertEquals(N, arrived.cardinality());
        }
    }

    @Test
    void jitterIsUniform() {
        // Frames 3 ms apart never wait for each other, so each delay is 1 ms + U{0..1 ms}: mean 1.5 ms, sigma of
        // one draw 288.7 us, of the mean of N draws 2.89 us (bounds ±14.4 us); the smallest and largest of N draws
        // lie within 1 ms / N * 10 of the ends (probability of failing below 5e-5 each).
        long jitter = 1_000_000;
        try (Bench b = new Bench(Wire.builder().name("j").manualClock(new ManualClock()).seed(6)
                .impairment(Impairment.NONE.withDelayNanos(1_000_000).withJitterNanos(jitter))).attach()) {
            long sum = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < N; i++) {
                long sentAt = i * 3_000_000L;
                b.wire.advanceTo(sentAt);
                b.sendA(i, 64);
                b.wire.advanceTo(sentAt + 2_999_999);
                long delay = b.ctxB.deliveries.getLast().atNanos() - sentAt;
                assertTrue(delay >= 1_000_000 && delay <= 2_000_000, "delay " + delay);
                sum += delay;
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            double mean = (double) sum / N;
            double sigmaOfMean = jitter / Math.sqrt(12) / Math.sqrt(N);
            assertTrue(Math.abs(mean - 1_500_000) <= 5 * sigmaOfMean, "mean delay " + mean);
            assertTrue(min - 1_000_000 <= 10 * jitter / N, "smallest " + min);
            assertTrue(2_000_000 - max <= 10 * jitter / N, "largest " + max);
        }
    }

    @Test
    void probabilitiesZeroAndOneAreExact() {
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(1), 7)) {
            assertEquals(N, b.ab().lostFrames());
            assertTrue(b.ctxB.deliveries.isEmpty());
        }
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0).withCorruptProbability(0)
                .withDuplicateProbability(0), 7)) {
            assertEquals(N, b.ctxB.deliveries.size());
            for (int i = 0; i < N; i++) {
                assertArrayEquals(TestFrames.bytes(i, 64), b.ctxB.deliveries.get(i).bytes());
            }
        }
    }

    @Test
    void higherLossLosesASupersetAtTheSameSeed() {
        BitSet lowLost;
        BitSet highLost;
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0.05), 8)) {
            lowLost = delivered(b);
            lowLost.flip(0, N);
        }
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0.1).withDuplicateProbability(0.5), 8)) {
            highLost = delivered(b);
            highLost.flip(0, N);
        }
        BitSet notContained = (BitSet) lowLost.clone();
        notContained.andNot(highLost);
        assertTrue(notContained.isEmpty(), "frames lost at 5 % but not at 10 %: " + notContained);
        assertTrue(highLost.cardinality() > lowLost.cardinality());
    }

    @Test
    void directionsAndSeedsDrawIndependently() {
        try (Bench b = new Bench(Wire.builder().name("d").manualClock(new ManualClock()).seed(9)
                .impairment(Impairment.NONE.withLossProbability(0.5))).attach()) {
            for (int i = 0; i < 1000; i++) {
                b.sendA(i, 64);
                b.sendB(i, 64);
            }
            b.wire.advanceTo(0);
            assertNotEquals(java.util.Arrays.toString(b.ctxA.sequences()),
                    java.util.Arrays.toString(b.ctxB.sequences()));
        }
        BitSet seed10;
        BitSet seed11;
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0.5), 10)) {
            seed10 = delivered(b);
        }
        try (Bench b = sendAll(Impairment.NONE.withLossProbability(0.5), 11)) {
            seed11 = delivered(b);
        }
        // Two independent fair coin sequences agree on about half the frames: mean 5000, sigma 50.
        BitSet agree = (BitSet) seed10.clone();
        agree.xor(seed11);
        agree.flip(0, N);
        assertTrue(Math.abs(agree.cardinality() - 5000) <= 250, "agreement " + agree.cardinality());
    }
}
