package netstack.ip.internal;

import java.util.Arrays;

/**
 * A hashed timing wheel (Varghese and Lauck, "Hashed and Hierarchical Timing Wheels", SOSP 1987, scheme 6; the
 * same layout as Agrona's {@code DeadlineTimerWheel} and Netty's {@code HashedWheelTimer}) for protocol timers:
 * retransmission, neighbor probes, reassembly timeouts, and TCP's per-connection timers at 100k connections.
 *
 * <h2>Model</h2>
 * Time is cut into ticks of {@link #tickNanos()} starting at the origin given to the constructor. A timer whose
 * deadline falls in tick {@code t} lives in slot {@code t mod wheelSize}, in an intrusive doubly linked list, so
 * {@link #schedule}, {@link #cancel} and rescheduling are O(1) and allocate nothing: a {@link Timer} is a reusable
 * handle created once (e.g. per connection) and scheduled any number of times.
 *
 * <p>Deadlines more than one rotation ({@code wheelSize * tickNanos}) ahead share their slot with nearer ones and
 * are simply skipped until their rotation comes round (Agrona's approach; no per-timer round counter is kept
 * because the exact deadline is compared instead). Such a timer is visited once per rotation: with a 1 ms tick and
 * 4096 slots, a 2-hour keep-alive timer is looked at 1800 times before it fires, which at 100k connections is
 * about 25k cheap comparisons per second. That cost buys O(1) scheduling with no cascading.
 *
 * <h2>Firing</h2>
 * {@link #poll(long)} fires every timer whose deadline is at or before {@code nowNanos} (never earlier: the exact
 * deadline is compared, the tick only buckets), in deadline order, ties in the order they were scheduled. A
 * deadline already in the past when scheduled fires on the next poll. Timers scheduled by a callback fire on a
 * later poll at the earliest, so a timer that re-arms itself with a zero delay cannot loop forever. Cancelling or
 * rescheduling a timer from a callback of the same poll, before it has fired, takes effect: it does not fire.
 * Cancelling a timer that fired or was cancelled is a no-op.
 *
 * <h2>Costs</h2>
 * {@code schedule}/{@code cancel}: O(1). {@code poll}: O(s/64 + n + k log k) for s slots passed (at most one
 * rotation), n timers in those slots and k timers due. {@link #nextWakeupNanos()}: O(wheelSize/64).
 *
 * <h2>Threading</h2>
 * Not thread-safe, by design: the wheel belongs to one owner thread (the stack's timer loop), which schedules,
 * cancels and polls; callbacks run on it. Other threads that need a timer hop onto the owner (through its task
 * queue) instead of touching the wheel. With assertions enabled (as in tests) the first {@code poll} binds the
 * owner thread and later calls from other threads fail an assertion.
 *
 * <h2>Allocation</h2>
 * {@link #schedule}, {@link #cancel} and {@link #nextWakeupNanos} never allocate. {@link #poll} collects due
 * timers in a scratch array that grows (doubling) to the largest number ever due in one poll, then stays:
 * allocation-free in steady state.
 */
final class TimerWheel {

    /** What a timer does when it fires. Implemented once per owner (e.g. a connection), never per schedule. */
    @FunctionalInterface
    interface Task {
        /**
         * Runs on the owner thread during {@link TimerWheel#poll(long)}. The timer is idle when this is called and
         * may be rescheduled from here.
         *
         * @param timer the timer that fired, to tell several timers of one owner apart
         * @param nowNanos the time passed to {@code poll}
         */
        void onTimer(Timer timer, long nowNanos);
    }

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    /** Taken off its slot by the running poll, about to fire. */
    private static final int DUE = 2;

    /**
     * A reusable timer handle, bound to one wheel and one task. Owner-thread only, like its wheel.
     */
    static final class Timer {
        private final TimerWheel wheel;
        private final Task task;
        private Timer previous;
        private Timer next;
        /** Deadline relative to the wheel's origin. */
        private long deadline;
        /** The tick whose slot holds this timer: the deadline's tick, or the current tick if that had passed. */
        private long tick;
        /** Schedule order, breaking ties between equal deadlines. */
        private long sequence;
        private int state = IDLE;

        private Timer(TimerWheel wheel, Task task) {
            this.wheel = wheel;
            this.task = task;
        }

        /**
         * Schedules or reschedules this timer; see {@link TimerWheel#schedule(Timer, long)}.
         *
         * @param deadlineNanos when to fire, on the wheel's clock
         */
        void schedule(long deadlineNanos) {
            wheel.schedule(this, deadlineNanos);
        }

        /** @return whether this timer was pending; see {@link TimerWheel#cancel(Timer)} */
        boolean cancel() {
            return wheel.cancel(this);
        }

        /** @return whether the timer will fire (scheduled and neither fired nor cancelled since) */
        boolean isScheduled() {
            return state != IDLE;
        }

        /** @return the deadline last scheduled, on the wheel's clock (meaningful while scheduled) */
        long deadlineNanos() {
            return wheel.originNanos + deadline;
        }

        /** @return the task this timer runs */
        Task task() {
            return task;
        }

        @Override
        public String toString() {
            return "Timer[" + (state == IDLE ? "idle" : "deadline " + deadlineNanos()) + "]";
        }
    }

    private final long originNanos;
    private final long tickNanos;
    private final int mask;
    private final Timer[] slots;
    /** One bit per slot: set while the slot's list is not empty. */
    private final long[] occupied;
    /** The tick of the last poll (or of the origin): every scheduled timer's tick is at or after it. */
    private long currentTick;
    /**
     * A lower bound of the deadlines of the timers in the current slot that belong to the current tick (not to a
     * later rotation). Exact after a poll; lowered by schedules; a cancel may leave it stale-low, which is safe.
     */
    private long currentSlotMinDeadline = Long.MAX_VALUE;
    private int size;
    private long nextSequence;
    private Timer[] due = new Timer[16];
    private boolean polling;
    private Thread owner;

    /**
     * @param nowNanos the current time: the origin of the ticks
     * @param tickNanos the tick length, e.g. one millisecond; timers in one tick share a slot
     * @param wheelSize slots per rotation, a power of two (e.g. 4096)
     * @throws IllegalArgumentException if the tick is not positive or the size not a power of two of at least 2
     */
    TimerWheel(long nowNanos, long tickNanos, int wheelSize) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick must be positive: " + tickNanos + " ns");
        }
        if (wheelSize < 2 || Integer.bitCount(wheelSize) != 1 || wheelSize > 1 << 24) {
            throw new IllegalArgumentException("wheel size must be a power of two in 2.." + (1 << 24) + ": "
                    + wheelSize);
        }
        this.originNanos = nowNanos;
        this.tickNanos = tickNanos;
        this.mask = wheelSize - 1;
        this.slots = new Timer[wheelSize];
        this.occupied = new long[(wheelSize + 63) >>> 6];
    }

    /**
     * Creates a timer handle for this wheel. Allocates; do it once per owner, not per schedule.
     *
     * @param task what the timer does when it fires
     * @return an idle timer
     */
    Timer newTimer(Task task) {
        if (task == null) {
            throw new IllegalArgumentException("timer task is null");
        }
        return new Timer(this, task);
    }

    /** @return the tick length in nanoseconds */
    long tickNanos() {
        return tickNanos;
    }

    /** @return the number of slots */
    int wheelSize() {
        return slots.length;
    }

    /** @return the number of timers scheduled (including those due in the running poll but not fired yet) */
    int size() {
        return size;
    }

    /**
     * Schedules a timer, or moves it if it is already scheduled (O(1), allocation-free). A deadline at or before
     * the current time fires on the next poll. Deadlines must lie within about 146 years of the wheel's origin.
     *
     * @param timer a timer of this wheel
     * @param deadlineNanos when to fire, on the clock passed to {@link #poll(long)}
     * @throws IllegalArgumentException if the timer belongs to another wheel
     */
    void schedule(Timer timer, long deadlineNanos) {
        assert ownerOrUnbound();
        if (timer.wheel != this) {
            throw new IllegalArgumentException("timer belongs to another wheel");
        }
        if (timer.state == SCHEDULED) {
            unlink(timer);
        } else if (timer.state == IDLE) {
            size++;
        }
        // A DUE timer is already counted and on no slot; re-linking it makes the running poll skip it.
        long relative = deadlineNanos - originNanos;
        long tick = Math.floorDiv(relative, tickNanos);
        if (tick < currentTick) {
            tick = currentTick;
        }
        timer.deadline = relative;
        timer.tick = tick;
        timer.sequence = nextSequence++;
        timer.state = SCHEDULED;
        link(timer, (int) tick & mask);
        if (tick == currentTick && relative < currentSlotMinDeadline) {
            currentSlotMinDeadline = relative;
        }
    }

    /**
     * Cancels a timer (O(1), allocation-free).
     *
     * @param timer a timer of this wheel
     * @return {@code true} if it was pending and now will not fire; {@code false} if it had fired, had been
     *     cancelled or was never scheduled (a no-op)
     * @throws IllegalArgumentException if the timer belongs to another wheel
     */
    boolean cancel(Timer timer) {
        assert ownerOrUnbound();
        if (timer.wheel != this) {
            throw new IllegalArgumentException("timer belongs to another wheel");
        }
        switch (timer.state) {
            case SCHEDULED -> unlink(timer);
            case DUE -> {
                // Off its slot already; the running poll sees IDLE and skips it.
            }
            default -> {
                return false;
            }
        }
        timer.state = IDLE;
        size--;
        return true;
    }

    /**
     * Fires the timers due at {@code nowNanos}, in deadline order (ties in scheduling order). Callbacks run on the
     * calling thread; a callback that throws stops this poll after putting the timers not yet fired back, due on
     * the next poll, and the exception propagates.
     *
     * @param nowNanos the current time; a time before the previous poll's is treated as that time
     * @return the number of timers fired
     * @throws IllegalStateException if called from a timer callback
     */
    int poll(long nowNanos) {
        assert bindOwner();
        if (polling) {
            throw new IllegalStateException("TimerWheel.poll called from a timer callback");
        }
        long now = nowNanos - originNanos;
        long targetTick = Math.max(Math.floorDiv(now, tickNanos), currentTick);
        int count = 0;
        if (size > 0) {
            // Visit the slots from the current tick to the target tick, at most one whole rotation.
            long span = targetTick - currentTick;
            int slotsToVisit = span >= slots.length ? slots.length : (int) span + 1;
            int first = (int) currentTick & mask;
            int offset = nextOccupied(first, 0, slotsToVisit);
            while (offset >= 0) {
                count = collectDue((first + offset) & mask, now, count);
                offset = nextOccupied(first, offset + 1, slotsToVisit);
            }
        }
        currentTick = targetTick;
        recomputeCurrentSlotMin();
        if (count == 0) {
            return 0;
        }
        sortDue(count);
        return fireDue(count, nowNanos);
    }

    /**
     * A time at which {@link #poll(long)} should run next: never later than the earliest deadline, possibly
     * earlier (at most once per occupied slot and rotation, when the slot holds only timers of a later rotation,
     * or after a cancel). Allocation-free.
     *
     * @return that time on the wheel's clock, possibly in the past (poll now), or {@link Long#MAX_VALUE} if no
     *     timer is scheduled
     */
    long nextWakeupNanos() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long best = Long.MAX_VALUE;
        int current = (int) currentTick & mask;
        if (slots[current] != null) {
            // Timers of this slot in a later rotation cannot be due before that rotation starts.
            best = Math.min(currentSlotMinDeadline, (currentTick + slots.length) * tickNanos);
        }
        int offset = nextOccupied(current, 1, slots.length);
        if (offset > 0) {
            best = Math.min(best, (currentTick + offset) * tickNanos);
        }
        return best == Long.MAX_VALUE ? Long.MAX_VALUE : originNanos + best;
    }

    // ---- internals ----

    private void link(Timer timer, int slot) {
        Timer head = slots[slot];
        timer.previous = null;
        timer.next = head;
        if (head != null) {
            head.previous = timer;
        } else {
            occupied[slot >>> 6] |= 1L << slot;
        }
        slots[slot] = timer;
    }

    private void unlink(Timer timer) {
        Timer previous = timer.previous;
        Timer next = timer.next;
        if (next != null) {
            next.previous = previous;
        }
        if (previous != null) {
            previous.next = next;
        } else {
            int slot = (int) timer.tick & mask;
            slots[slot] = next;
            if (next == null) {
                occupied[slot >>> 6] &= ~(1L << slot);
            }
        }
        timer.previous = null;
        timer.next = null;
    }

    /**
     * @param base the slot that offset 0 stands for
     * @param fromOffset the first offset to look at
     * @param limitOffset one past the last offset to look at (at most the wheel size)
     * @return the smallest offset in [fromOffset, limitOffset) whose slot {@code (base + offset) mod size} is
     *     occupied, or -1
     */
    private int nextOccupied(int base, int fromOffset, int limitOffset) {
        int offset = fromOffset;
        while (offset < limitOffset) {
            int slot = (base + offset) & mask;
            long word = occupied[slot >>> 6] >>> (slot & 63);
            if (word != 0) {
                int found = offset + Long.numberOfTrailingZeros(word);
                return found < limitOffset ? found : -1;
            }
            // Skip to the next word boundary (or the wrap-around to slot 0, whichever comes first).
            int step = 64 - (slot & 63);
            int toWrap = slots.length - slot;
            offset += Math.min(step, toWrap);
        }
        return -1;
    }

    private int collectDue(int slot, long now, int count) {
        Timer timer = slots[slot];
        while (timer != null) {
            Timer next = timer.next;
            if (timer.deadline <= now) {
                unlink(timer);
                timer.state = DUE;
                if (count == due.length) {
                    due = Arrays.copyOf(due, count * 2);
                }
                due[count++] = timer;
            }
            timer = next;
        }
        return count;
    }

    private void recomputeCurrentSlotMin() {
        long min = Long.MAX_VALUE;
        for (Timer t = slots[(int) currentTick & mask]; t != null; t = t.next) {
            if (t.tick == currentTick && t.deadline < min) {
                min = t.deadline;
            }
        }
        currentSlotMinDeadline = min;
    }

    private int fireDue(int count, long nowNanos) {
        polling = true;
        int fired = 0;
        int i = 0;
        try {
            for (; i < count; i++) {
                Timer timer = due[i];
                due[i] = null;
                if (timer.state == DUE) {
                    timer.state = IDLE;
                    size--;
                    fired++;
                    timer.task.onTimer(timer, nowNanos);
                }
            }
        } finally {
            polling = false;
            // Only after a callback threw: put back the timers that did not get their turn, due next poll.
            for (int j = i + 1; j < count; j++) {
                Timer timer = due[j];
                due[j] = null;
                if (timer.state == DUE) {
                    timer.state = SCHEDULED;
                    timer.tick = currentTick;
                    link(timer, (int) currentTick & mask);
                    currentSlotMinDeadline = Math.min(currentSlotMinDeadline, timer.deadline);
                }
            }
        }
        return fired;
    }

    private static boolean before(Timer a, Timer b) {
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence);
    }

    /** Sorts {@code due[0, count)} by (deadline, sequence) in place, without allocating. */
    private void sortDue(int count) {
        Timer[] a = due;
        if (count <= 16) {
            for (int i = 1; i < count; i++) {
                Timer t = a[i];
                int j = i - 1;
                while (j >= 0 && before(t, a[j])) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = t;
            }
            return;
        }
        // Heapsort: a max-heap by (deadline, sequence), then swap the maximum to the end.
        for (int i = count / 2 - 1; i >= 0; i--) {
            siftDown(a, i, count);
        }
        for (int end = count - 1; end > 0; end--) {
            Timer t = a[0];
            a[0] = a[end];
            a[end] = t;
            siftDown(a, 0, end);
        }
    }

    private static void siftDown(Timer[] a, int root, int n) {
        Timer t = a[root];
        int i = root;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && before(a[child], a[child + 1])) {
                child++;
            }
            if (!before(t, a[child])) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = t;
    }

    private boolean bindOwner() {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        return owner == Thread.currentThread();
    }

    private boolean ownerOrUnbound() {
        return owner == null || owner == Thread.currentThread();
    }

    @Override
    public String toString() {
        return "TimerWheel[" + size + " timers, tick " + tickNanos + " ns x " + slots.length + "]";
    }
}
