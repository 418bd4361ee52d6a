package netstack.ip.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The stack's timer thread, {@code netstack-timers}: it owns the {@link TimerWheel} and runs tasks that other
 * threads hand it, so that protocol timers (neighbor probes, reassembly timeouts, later TCP's) are scheduled and
 * fired on one thread without locks in the wheel.
 *
 * <p>Other threads call {@link #execute} (lock-free, wakes the loop); code already on the loop thread may use the
 * wheel directly. The loop sleeps until the wheel's next deadline or the next task, at most
 * {@link #MAX_SLEEP_NANOS} (so that an injected clock that jumps is noticed). Tasks and timer callbacks must not
 * block; an exception from one is logged and the loop goes on.
 */
final class StackLoop implements AutoCloseable {

    /** The wheel's tick: timers fire at most this late. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Slots per rotation: 4.096 s at 1 ms. */
    static final int WHEEL_SLOTS = 4096;
    /** The longest the loop sleeps without looking at the clock. */
    static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final System.Logger LOG = System.getLogger(StackLoop.class.getName());

    private final LongSupplier clock;
    private final TimerWheel wheel;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the loop thread.
     *
     * @param clock monotonic nanoseconds, the stack's clock
     * @param name a suffix for the thread's name, e.g. the stack's identity
     */
    StackLoop(LongSupplier clock, String name) {
        this.clock = clock;
        this.wheel = new TimerWheel(clock.getAsLong(), TICK_NANOS, WHEEL_SLOTS);
        this.thread = Thread.ofPlatform().daemon(true).name("netstack-timers" + name).unstarted(this::run);
        thread.start();
    }

    /**
     * @param task what a timer does; allocate the timer once per owner
     * @return a new idle timer of this loop's wheel
     */
    TimerWheel.Timer newTimer(TimerWheel.Task task) {
        return wheel.newTimer(task);
    }

    /**
     * Runs {@code task} on the loop thread soon, after the tasks handed over before it. Never blocks. Tasks handed
     * over after {@link #close()} are dropped.
     *
     * @param task the task
     */
    void execute(Runnable task) {
        tasks.add(task);
        LockSupport.unpark(thread);
    }

    /**
     * (Re)schedules a timer from any thread.
     *
     * @param timer a timer of this loop
     * @param deadlineNanos when, on the stack's clock; {@link Long#MAX_VALUE} cancels
     */
    void schedule(TimerWheel.Timer timer, long deadlineNanos) {
        if (Thread.currentThread() == thread) {
            scheduleOnLoop(timer, deadlineNanos);
        } else {
            execute(() -> scheduleOnLoop(timer, deadlineNanos));
        }
    }

    /** @return whether the caller runs on the loop thread */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private void scheduleOnLoop(TimerWheel.Timer timer, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            wheel.cancel(timer);
        } else {
            wheel.schedule(timer, deadlineNanos);
        }
    }

    private void run() {
        while (running) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
            long now = clock.getAsLong();
            try {
                wheel.poll(now);
            } catch (RuntimeException | AssertionError e) {
                LOG.log(System.Logger.Level.ERROR, "a stack timer failed", e);
            }
            if (!tasks.isEmpty()) {
                continue;
            }
            long next = wheel.nextWakeupNanos();
            long sleep = next == Long.MAX_VALUE ? MAX_SLEEP_NANOS : Math.min(MAX_SLEEP_NANOS, next - now);
            if (sleep > 0 && running) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            LOG.log(System.Logger.Level.ERROR, "a stack task failed", e);
        }
    }

    /** Stops the loop and waits for its thread to end; pending tasks and timers are dropped. Idempotent. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join(1000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        tasks.clear();
    }
}
