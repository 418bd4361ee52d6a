package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImpairmentTest {

    @Test
    void withersChangeOneParameterEach() {
        Impairment i = Impairment.NONE.withLossProbability(0.1).withDelay(Duration.ofMillis(3))
                .withJitter(Duration.ofMillis(1)).withReorderProbability(0.2).withDuplicateProbability(0.3)
                .withCorruptProbability(0.4).withRateBitsPerSecond(1_000_000).withFrameOverheadBytes(24)
                .withQueueLimitFrames(10).withQueueLimitBytes(15_000);
        assertEquals(new Impairment(0.1, 3_000_000, 1_000_000, 0.2, 0.3, 0.4, 1_000_000, 24, 10, 15_000), i);
        assertEquals(0.5, i.withLossProbability(0.5).lossProbability());
        assertEquals(i.delayNanos(), i.withLossProbability(0.5).delayNanos());
    }

    @Test
    void classifiesTimeAndPerfection() {
        assertTrue(Impairment.NONE.isNone());
        assertTrue(Impairment.NONE.isTimeless());
        Impairment lossy = Impairment.NONE.withLossProbability(0.01).withCorruptProbability(0.01)
                .withDuplicateProbability(0.01).withQueueLimitFrames(3);
        assertTrue(lossy.isTimeless());
        assertFalse(lossy.isNone());
        assertFalse(Impairment.NONE.withDelayNanos(1).isTimeless());
        assertFalse(Impairment.NONE.withJitterNanos(1).isTimeless());
        assertFalse(Impairment.NONE.withRateBitsPerSecond(1).isTimeless());
    }

    @Test
    void refusesValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withLossProbability(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withLossProbability(1.01));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withCorruptProbability(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withDuplicateProbability(2));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withDelayNanos(-1));
        assertThrows(IllegalArgumentException.class,
                () -> Impairment.NONE.withJitterNanos(Impairment.MAX_DELAY_NANOS + 1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withRateBitsPerSecond(-1));
        assertThrows(IllegalArgumentException.class,
                () -> Impairment.NONE.withRateBitsPerSecond(Impairment.MAX_RATE_BITS_PER_SECOND + 1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withQueueLimitFrames(-1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withQueueLimitBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> Impairment.NONE.withFrameOverheadBytes(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Impairment.NONE.withReorderProbability(0.1));
        assertTrue(e.getMessage().contains("delay"), e.getMessage());
        // The largest values are accepted.
        Impairment.NONE.withDelayNanos(Impairment.MAX_DELAY_NANOS).withJitterNanos(Impairment.MAX_DELAY_NANOS)
                .withRateBitsPerSecond(Impairment.MAX_RATE_BITS_PER_SECOND).withLossProbability(1)
                .withReorderProbability(1).withDuplicateProbability(1).withCorruptProbability(1);
    }
}
