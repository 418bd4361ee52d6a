package netstack.ip.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A loop timer armed for "the earliest deadline of something", such as a reassembler's oldest datagram: callers
 * report that deadline as often as they like, from any thread, and the timer is only (re)scheduled when it changes,
 * so the data path does not hand the loop a task per packet.
 */
final class DeadlineTimer {

    private final StackLoop loop;
    private final TimerWheel.Timer timer;
    /** The deadline the timer is armed for, {@link Long#MAX_VALUE} when idle. */
    private final AtomicLong armed = new AtomicLong(Long.MAX_VALUE);

    /**
     * @param loop the stack loop
     * @param task what to do when the deadline comes; runs on the loop and should {@link #arm} the next deadline
     */
    DeadlineTimer(StackLoop loop, TimerWheel.Task task) {
        this.loop = loop;
        this.timer = loop.newTimer((t, now) -> {
            armed.set(Long.MAX_VALUE);
            task.onTimer(t, now);
        });
    }

    /**
     * Arms the timer for {@code deadlineNanos}, or cancels it for {@link Long#MAX_VALUE}; nothing is done when it
     * is already armed for that deadline.
     *
     * @param deadlineNanos the earliest pending deadline
     */
    void arm(long deadlineNanos) {
        if (armed.getAndSet(deadlineNanos) != deadlineNanos) {
            loop.schedule(timer, deadlineNanos);
        }
    }
}
