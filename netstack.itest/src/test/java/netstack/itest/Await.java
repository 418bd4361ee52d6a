package netstack.itest;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for state that the framework changes on its own threads (SCR, Config Admin events). Polls a
 * supplier until a condition holds or the timeout passes; a timeout fails the test with the last value seen, so
 * the failure says what the stack reported instead of only that it was late.
 */
final class Await {

    /** How long to wait between two looks; small against every timeout used. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private Await() {
    }

    /**
     * @param expectation what is awaited, for the failure message
     * @param timeout how long to wait at most
     * @param probe reads the current value; called at least once
     * @param condition the value awaited
     * @param <T> the value's type
     * @return the first value satisfying the condition
     * @throws AssertionError if the timeout passes first
     * @throws InterruptedException if the test thread is interrupted
     */
    static <T> T until(String expectation, Duration timeout, Supplier<T> probe, Predicate<? super T> condition)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!condition.test(value)) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + expectation
                        + "; last seen: " + value);
            }
            Thread.sleep(POLL_INTERVAL);
            value = probe.get();
        }
        return value;
    }
}
