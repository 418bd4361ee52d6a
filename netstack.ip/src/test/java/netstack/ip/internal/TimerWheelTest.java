package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link TimerWheel} on a manual clock: exact firing times, deadline order within and across ticks, deadlines
 * beyond one rotation, cancel/reschedule (also from callbacks), the wake-up hint, and a seeded model check against
 * a sorted reference.
 */
class TimerWheelTest {

    private static final long MS = 1_000_000L;
    /** A clock origin far from zero, negative, to catch arithmetic that assumes positive nanoTime values. */
    private static final long ORIGIN = -7_000_000_000_123L;

    /** Records (timer, time) pairs as timers fire. */
    private static final class Recorder implements TimerWheel.Task {
        final List<TimerWheel.Timer> fired = new ArrayList<>();
        final List<Long> at = new ArrayList<>();

        @Override
        public void onTimer(TimerWheel.Timer timer, long nowNanos) {
            assertFalse(timer.isScheduled(), "a firing timer is idle");
            fired.add(timer);
            at.add(nowNanos);
        }
    }

    private final Recorder recorder = new Recorder();

    @Test
    void firesAtTheDeadlineAndNeverBefore() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer t = wheel.newTimer(recorder);
        t.schedule(ORIGIN + 5 * MS + 300);
        assertTrue(t.isScheduled());
        assertEquals(ORIGIN + 5 * MS + 300, t.deadlineNanos());
        assertEquals(0, wheel.poll(ORIGIN + 5 * MS), "same tick, but before the deadline");
        assertEquals(0, wheel.poll(ORIGIN + 5 * MS + 299));
        assertEquals(1, wheel.size());
        assertEquals(1, wheel.poll(ORIGIN + 5 * MS + 300));
        assertEquals(List.of(t), recorder.fired);
        assertEquals(List.of(ORIGIN + 5 * MS + 300), recorder.at);
        assertFalse(t.isScheduled());
        assertEquals(0, wheel.size());
        assertEquals(0, wheel.poll(ORIGIN + 100 * MS), "fires once");
    }

    @Test
    void sameTickFiresInDeadlineOrderThenSchedulingOrder() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer late = wheel.newTimer(recorder);
        TimerWheel.Timer early = wheel.newTimer(recorder);
        TimerWheel.Timer tieFirst = wheel.newTimer(recorder);
        TimerWheel.Timer tieSecond = wheel.newTimer(recorder);
        late.schedule(ORIGIN + 3 * MS + 900_000);
        tieFirst.schedule(ORIGIN + 3 * MS + 500_000);
        early.schedule(ORIGIN + 3 * MS + 1);
        tieSecond.schedule(ORIGIN + 3 * MS + 500_000);
        assertEquals(4, wheel.poll(ORIGIN + 4 * MS));
        assertEquals(List.of(early, tieFirst, tieSecond, late), recorder.fired);
    }

    @Test
    void oneLatePollFiresManyTicksInDeadlineOrder() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 16);
        List<TimerWheel.Timer> timers = new ArrayList<>();
        // Deadlines spread over three rotations, scheduled in a scrambled order.
        int[] ms = {40, 3, 17, 1, 33, 16, 2, 47, 0, 31};
        for (int m : ms) {
            TimerWheel.Timer t = wheel.newTimer(recorder);
            t.schedule(ORIGIN + m * MS + 7);
            timers.add(t);
        }
        assertEquals(ms.length, wheel.poll(ORIGIN + 1000 * MS));
        List<TimerWheel.Timer> expected = new ArrayList<>(timers);
        expected.sort(Comparator.comparingLong(TimerWheel.Timer::deadlineNanos));
        assertEquals(expected, recorder.fired);
    }

    @Test
    void pastDeadlineFiresOnTheNextPoll() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        wheel.poll(ORIGIN + 50 * MS);
        TimerWheel.Timer past = wheel.newTimer(recorder);
        TimerWheel.Timer beforeOrigin = wheel.newTimer(recorder);
        past.schedule(ORIGIN + 10 * MS);
        beforeOrigin.schedule(ORIGIN - 1_000 * MS);
        assertTrue(wheel.nextWakeupNanos() <= ORIGIN + 50 * MS, "a past deadline asks for a poll now");
        assertEquals(2, wheel.poll(ORIGIN + 50 * MS), "no time needs to pass");
        assertEquals(List.of(beforeOrigin, past), recorder.fired, "still in deadline order");
    }

    @Test
    void deadlinesBeyondOneRotationWaitForTheirRotation() {
        int size = 8;
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, size);
        TimerWheel.Timer far = wheel.newTimer(recorder);
        TimerWheel.Timer near = wheel.newTimer(recorder);
        long farDeadline = ORIGIN + (3 * size + 2) * MS + 5;
        far.schedule(farDeadline);
        near.schedule(ORIGIN + 2 * MS + 5); // same slot as far, three rotations earlier
        for (long now = ORIGIN; now < farDeadline; now += MS / 4) {
            wheel.poll(now);
            if (now >= ORIGIN + 2 * MS + 5) {
                assertEquals(List.of(near), recorder.fired);
            }
        }
        assertEquals(List.of(near), recorder.fired, "far has not fired a rotation early");
        assertEquals(1, wheel.poll(farDeadline));
        assertEquals(List.of(near, far), recorder.fired);
    }

    @Test
    void pollsJumpingSeveralRotationsMissNothing() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 4);
        TimerWheel.Timer a = wheel.newTimer(recorder);
        TimerWheel.Timer b = wheel.newTimer(recorder);
        a.schedule(ORIGIN + 9 * MS);
        b.schedule(ORIGIN + 30 * MS);
        assertEquals(1, wheel.poll(ORIGIN + 29 * MS));
        assertEquals(0, wheel.poll(ORIGIN + 29 * MS + 999_999));
        assertEquals(1, wheel.poll(ORIGIN + 10_000 * MS));
        assertEquals(List.of(a, b), recorder.fired);
    }

    @Test
    void cancelIsIdempotentAndANoOpAfterFiring() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer t = wheel.newTimer(recorder);
        assertFalse(t.cancel(), "never scheduled");
        t.schedule(ORIGIN + 2 * MS);
        assertTrue(t.cancel());
        assertFalse(t.cancel(), "already cancelled");
        assertEquals(0, wheel.size());
        assertEquals(0, wheel.poll(ORIGIN + 10 * MS));
        t.schedule(ORIGIN + 11 * MS);
        assertEquals(1, wheel.poll(ORIGIN + 11 * MS));
        assertFalse(t.cancel(), "fired");
        assertEquals(List.of(t), recorder.fired);
    }

    @Test
    void rescheduleMovesTheTimerWithoutDuplicatingIt() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer t = wheel.newTimer(recorder);
        for (int i = 0; i < 1000; i++) {
            t.schedule(ORIGIN + (i % 97 + 1) * MS);
        }
        assertEquals(1, wheel.size());
        t.schedule(ORIGIN + 500 * MS);
        t.schedule(ORIGIN + 5 * MS); // earlier again
        assertEquals(0, wheel.poll(ORIGIN + 4 * MS));
        assertEquals(1, wheel.poll(ORIGIN + 5 * MS));
        assertEquals(0, wheel.poll(ORIGIN + 1000 * MS), "the earlier schedules are gone");
        assertEquals(1, recorder.fired.size());
    }

    @Test
    void aTimerReschedulingItselfWithZeroDelayFiresOncePerPoll() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        int[] count = {0};
        TimerWheel.Timer t = wheel.newTimer((timer, now) -> {
            count[0]++;
            timer.schedule(now);
        });
        t.schedule(ORIGIN + MS);
        assertEquals(1, wheel.poll(ORIGIN + MS));
        assertEquals(1, count[0]);
        assertTrue(t.isScheduled());
        assertEquals(1, wheel.poll(ORIGIN + MS), "due again, on the next poll");
        assertEquals(2, count[0]);
    }

    @Test
    void aCallbackCancellingOrMovingAnotherDueTimerStopsItFiring() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer[] victims = new TimerWheel.Timer[2];
        TimerWheel.Timer killer = wheel.newTimer((timer, now) -> {
            victims[0].cancel();
            victims[1].schedule(now + 10 * MS);
        });
        victims[0] = wheel.newTimer(recorder);
        victims[1] = wheel.newTimer(recorder);
        killer.schedule(ORIGIN + MS);
        victims[0].schedule(ORIGIN + MS + 1);
        victims[1].schedule(ORIGIN + MS + 2);
        assertEquals(1, wheel.poll(ORIGIN + 2 * MS), "only the killer fired");
        assertEquals(List.of(), recorder.fired);
        assertEquals(1, wheel.size());
        assertEquals(0, wheel.poll(ORIGIN + 12 * MS - 1));
        assertEquals(1, wheel.poll(ORIGIN + 12 * MS));
        assertEquals(List.of(victims[1]), recorder.fired);
    }

    @Test
    void aThrowingCallbackLeavesTheRestDueForTheNextPoll() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer first = wheel.newTimer(recorder);
        TimerWheel.Timer bomb = wheel.newTimer((timer, now) -> {
            throw new IllegalStateException("boom");
        });
        TimerWheel.Timer last = wheel.newTimer(recorder);
        first.schedule(ORIGIN + MS);
        bomb.schedule(ORIGIN + MS + 1);
        last.schedule(ORIGIN + MS + 2);
        assertThrows(IllegalStateException.class, () -> wheel.poll(ORIGIN + 5 * MS));
        assertEquals(List.of(first), recorder.fired);
        assertFalse(bomb.isScheduled());
        assertTrue(last.isScheduled());
        assertEquals(1, wheel.size());
        assertEquals(1, wheel.poll(ORIGIN + 5 * MS));
        assertEquals(List.of(first, last), recorder.fired);
    }

    @Test
    void pollFromACallbackIsRefused() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 64);
        TimerWheel.Timer t = wheel.newTimer((timer, now) -> wheel.poll(now));
        t.schedule(ORIGIN);
        assertThrows(IllegalStateException.class, () -> wheel.poll(ORIGIN + MS));
    }

    @Test
    void timersOfAnotherWheelAndBadSettingsAreRejected() {
        TimerWheel a = new TimerWheel(0, MS, 8);
        TimerWheel b = new TimerWheel(0, MS, 8);
        TimerWheel.Timer t = a.newTimer(recorder);
        assertThrows(IllegalArgumentException.class, () -> b.schedule(t, 5));
        assertThrows(IllegalArgumentException.class, () -> b.cancel(t));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, MS, 12));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, MS, 1));
        assertThrows(IllegalArgumentException.class, () -> a.newTimer(null));
    }

    @Test
    void nextWakeupIsNeverLaterThanTheEarliestDeadline() {
        TimerWheel wheel = new TimerWheel(ORIGIN, MS, 32);
        assertEquals(Long.MAX_VALUE, wheel.nextWakeupNanos());
        TimerWheel.Timer t = wheel.newTimer(recorder);
        t.schedule(ORIGIN + 7 * MS + 3);
        assertEquals(ORIGIN + 7 * MS, wheel.nextWakeupNanos(), "the start of the deadline's tick");
        wheel.poll(ORIGIN + 7 * MS);
        assertEquals(ORIGIN + 7 * MS + 3, wheel.nextWakeupNanos(), "exact once its tick is current");
        t.schedule(ORIGIN + 7 * MS + 100 * 32 * MS);
        long hint = wheel.nextWakeupNanos();
        assertTrue(hint > ORIGIN + 7 * MS, "a far timer in the current slot does not make the owner spin");
        assertTrue(hint <= t.deadlineNanos());
        t.cancel();
        assertEquals(Long.MAX_VALUE, wheel.nextWakeupNanos());
    }

    /**
     * An owner loop that sleeps until {@link TimerWheel#nextWakeupNanos()} fires every timer at its deadline
     * (never late). Wake-ups are bounded: at most two per tick holding due timers (the tick's start, then the exact
     * deadline), plus one per occupied slot and rotation for timers of later rotations.
     */
    @Test
    void sleepingUntilTheWakeupHintFiresEveryTimerOnTime() {
        int n = 2000;
        long horizon = 10_000 * MS;
        for (int size : new int[] {64, 16384}) {
            Random random = new Random(42);
            TimerWheel wheel = new TimerWheel(ORIGIN, MS, size);
            long[] lateness = {0};
            for (int i = 0; i < n; i++) {
                TimerWheel.Timer t = wheel.newTimer((timer, now) -> lateness[0] = Math.max(lateness[0],
                        now - timer.deadlineNanos()));
                t.schedule(ORIGIN + (long) (random.nextDouble() * horizon));
            }
            int wakeups = 0;
            int fired = 0;
            long now = ORIGIN;
            while (wheel.size() > 0) {
                long next = wheel.nextWakeupNanos();
                assertTrue(next != Long.MAX_VALUE);
                now = Math.max(now, next);
                fired += wheel.poll(now);
                wakeups++;
            }
            assertEquals(n, fired);
            assertEquals(0, lateness[0], "every timer fired exactly at its deadline");
            long rotations = horizon / (size * MS) + 1;
            long bound = 2L * n + (rotations > 1 ? size * rotations : 0);
            assertTrue(wakeups <= bound, "size " + size + ": wake-ups " + wakeups + " > " + bound);
        }
    }

    /** Random schedule/reschedule/cancel/poll sequences against a sorted reference model. */
    @Test
    void matchesASortedReferenceUnderRandomOperations() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            long tick = 1 + random.nextInt(3) * 499_999L;
            int size = 1 << (1 + random.nextInt(7));
            TimerWheel wheel = new TimerWheel(ORIGIN, tick, size);
            record Entry(long deadline, long sequence, int id) {
            }
            TreeSet<Entry> model = new TreeSet<>(Comparator.comparingLong(Entry::deadline)
                    .thenComparingLong(Entry::sequence));
            Entry[] byId = new Entry[200];
            List<Integer> fired = new ArrayList<>();
            TimerWheel.Timer[] timers = new TimerWheel.Timer[byId.length];
            for (int i = 0; i < timers.length; i++) {
                int id = i;
                timers[i] = wheel.newTimer((timer, now) -> fired.add(id));
            }
            long now = ORIGIN;
            long sequence = 0;
            for (int step = 0; step < 5000; step++) {
                int id = random.nextInt(timers.length);
                int op = random.nextInt(10);
                if (op < 5) {
                    long horizon = (long) size * tick * (1 + random.nextInt(4));
                    long deadline = now - tick + (long) (random.nextDouble() * horizon);
                    timers[id].schedule(deadline);
                    if (byId[id] != null) {
                        model.remove(byId[id]);
                    }
                    byId[id] = new Entry(deadline, sequence++, id);
                    model.add(byId[id]);
                } else if (op < 7) {
                    assertEquals(byId[id] != null, timers[id].cancel(), "seed " + seed + " step " + step);
                    if (byId[id] != null) {
                        model.remove(byId[id]);
                        byId[id] = null;
                    }
                } else {
                    now += (long) (random.nextDouble() * random.nextDouble() * 3 * size * tick);
                    fired.clear();
                    int count = wheel.poll(now);
                    List<Integer> expected = new ArrayList<>();
                    while (!model.isEmpty() && model.first().deadline() <= now) {
                        Entry e = model.pollFirst();
                        expected.add(e.id());
                        byId[e.id()] = null;
                    }
                    assertEquals(expected, fired, "seed " + seed + " step " + step);
                    assertEquals(expected.size(), count);
                    long hint = wheel.nextWakeupNanos();
                    if (!model.isEmpty()) {
                        assertTrue(hint <= model.first().deadline(), "hint after the earliest deadline");
                    } else {
                        assertEquals(Long.MAX_VALUE, hint);
                    }
                }
                assertEquals(model.size(), wheel.size());
            }
        }
    }

    @Test
    void hundredThousandTimersFireInOrder() {
        int n = 100_000;
        TimerWheel wheel = new TimerWheel(0, MS, 4096);
        long[] last = {Long.MIN_VALUE};
        int[] count = {0};
        TimerWheel.Task task = (timer, now) -> {
            assertTrue(timer.deadlineNanos() >= last[0]);
            assertTrue(timer.deadlineNanos() <= now);
            last[0] = timer.deadlineNanos();
            count[0]++;
        };
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            wheel.newTimer(task).schedule((long) (random.nextDouble() * 20_000 * MS));
        }
        for (long now = 0; now <= 20_000 * MS; now += MS) {
            wheel.poll(now);
        }
        assertEquals(n, count[0]);
        assertEquals(0, wheel.size());
    }

    @Test
    void steadyStateAllocatesNothing() {
        TimerWheel wheel = new TimerWheel(0, MS, 1024);
        TimerWheel.Task task = (timer, now) -> timer.schedule(now + 3 * MS);
        TimerWheel.Timer[] timers = new TimerWheel.Timer[1000];
        for (int i = 0; i < timers.length; i++) {
            timers[i] = wheel.newTimer(task);
        }
        Runnable round = () -> {
            long now = 0;
            for (int r = 0; r < 2000; r++) {
                for (int i = r % 10; i < timers.length; i += 10) {
                    if ((i & 1) == 0) {
                        timers[i].schedule(now + i * 1000L);
                    } else {
                        timers[i].cancel();
                    }
                }
                now += MS;
                wheel.poll(now);
                wheel.nextWakeupNanos();
            }
        };
        round.run(); // warm up: the scratch array reaches its size
        assertEquals(0, AllocationProbe.steadyStateBytes(round, 10), "bytes allocated in steady state");
    }

    @Test
    void theTaskIsKeptAndToStringSaysTheState() {
        TimerWheel wheel = new TimerWheel(0, MS, 8);
        TimerWheel.Timer t = wheel.newTimer(recorder);
        assertSame(recorder, t.task());
        assertTrue(t.toString().contains("idle"));
        t.schedule(5 * MS);
        assertTrue(t.toString().contains("deadline"));
        assertTrue(wheel.toString().contains("1 timers"));
        assertEquals(MS, wheel.tickNanos());
        assertEquals(8, wheel.wheelSize());
    }
}
