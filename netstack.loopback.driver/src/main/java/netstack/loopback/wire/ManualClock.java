package netstack.loopback.wire;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when told: the time source of a {@link Wire} in {@link Wire.Mode#MANUAL} mode, and of
 * anything else in the same simulation (a stack's timers take it as their {@link LongSupplier}). It never goes
 * backwards.
 *
 * <p>Thread-safe; reading it is a volatile read and allocation-free.
 */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nowNanos;

    /** A clock at time 0. */
    public ManualClock() {
        this(0);
    }

    /** @param startNanos the initial time */
    public ManualClock(long startNanos) {
        this.nowNanos = new AtomicLong(startNanos);
    }

    /** @return the current time in nanoseconds */
    public long nowNanos() {
        return nowNanos.get();
    }

    /** @return {@link #nowNanos()} */
    @Override
    public long getAsLong() {
        return nowNanos.get();
    }

    /**
     * Moves the clock forward. A wire driven by this clock delivers nothing by itself: call
     * {@link Wire#advanceTo(long)} instead, which moves this clock through every delivery on the way.
     *
     * @param newNanos the new time, not before the current one
     * @throws IllegalArgumentException if {@code newNanos} is before the current time
     */
    public void advanceTo(long newNanos) {
        long now;
        do {
            now = nowNanos.get();
            if (newNanos < now) {
                throw new IllegalArgumentException("time runs forward only: " + newNanos + " ns is before the "
                        + "clock's " + now + " ns");
            }
        } while (!nowNanos.compareAndSet(now, newNanos));
    }

    /**
     * Moves the clock to {@code newNanos} unless it is already there or beyond.
     *
     * @param newNanos the time to reach
     */
    void advanceAtLeastTo(long newNanos) {
        nowNanos.accumulateAndGet(newNanos, Math::max);
    }

    @Override
    public String toString() {
        return "ManualClock[" + nowNanos.get() + " ns]";
    }
}
