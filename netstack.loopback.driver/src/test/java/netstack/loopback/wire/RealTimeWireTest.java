package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real-time modes: THREAD (a delivery thread per direction) and INLINE (delivery on the transmitting thread).
 * Waiting is on latches released by the deliveries themselves, never on sleeps.
 */
@Timeout(60)
class RealTimeWireTest {

    private static final long WAIT_SECONDS = 20;

    private static List<Thread> wireThreads(String wireName) {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("netstack-wire-" + wireName + "-") && t.isAlive()) {
                found.add(t);
            }
        }
        return found;
    }

    private static void awaitCount(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "deliveries did not complete; "
                + latch.getCount() + " missing");
    }

    @Test
    void threadModeDeliversEverythingInOrderAndStopsItsThreads() throws InterruptedException {
        int n = 10_000;
        Bench b = new Bench(Wire.builder().name("rt1")).attach();
        try (b) {
            List<Thread> threads = wireThreads("rt1");
            assertEquals(2, threads.size(), threads.toString());
            assertTrue(threads.stream().allMatch(Thread::isDaemon));
            CountDownLatch done = new CountDownLatch(n);
            b.ctxB.reaction = d -> done.countDown();
            for (int i = 0; i < n; i++) {
                assertTrue(b.sendA(i, 60 + i % 1455));
            }
            awaitCount(done);
            int[] s = b.ctxB.sequences();
            for (int i = 0; i < n; i++) {
                assertEquals(i, s[i]);
                assertArrayEquals(TestFrames.bytes(i, 60 + i % 1455), b.ctxB.deliveries.get(i).bytes());
                assertEquals("netstack-wire-rt1-rx-rt1b", b.ctxB.deliveries.get(i).thread());
            }
            assertEquals(1, b.ctxB.maxConcurrent.get());
            // A batch is counted when its delivering thread is done with it: read the counters once it stopped.
            b.wire.close();
            WireCounters c = b.ab();
            assertEquals(n, c.deliveredFrames());
            assertEquals(0, c.inFlightFrames());
            assertTrue(c.balanced());
        }
        assertTrue(wireThreads("rt1").isEmpty(), "close() joined the delivery threads");
    }

    @Test
    void bothDirectionsRunInParallel() throws InterruptedException {
        int n = 5_000;
        try (Bench b = new Bench(Wire.builder().name("rt2")).attach()) {
            CountDownLatch done = new CountDownLatch(2 * n);
            b.ctxA.reaction = d -> done.countDown();
            b.ctxB.reaction = d -> done.countDown();
            Thread other = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < n; i++) {
                    b.sendB(i, 100);
                }
            });
            for (int i = 0; i < n; i++) {
                b.sendA(i, 100);
            }
            other.join();
            awaitCount(done);
            for (TestContext ctx : List.of(b.ctxA, b.ctxB)) {
                int[] s = ctx.sequences();
                for (int i = 0; i < n; i++) {
                    assertEquals(i, s[i]);
                }
            }
        }
        assertTrue(wireThreads("rt2").isEmpty());
    }

    @Test
    void threadModeNeverDeliversEarly() throws InterruptedException {
        long delay = 2_000_000;
        int n = 50;
        try (Bench b = new Bench(Wire.builder().name("rt3").impairment(Impairment.NONE.withDelayNanos(delay)))
                .attach()) {
            CountDownLatch done = new CountDownLatch(n);
            b.ctxB.reaction = d -> done.countDown();
            long[] sentAt = new long[n];
            for (int i = 0; i < n; i++) {
                sentAt[i] = System.nanoTime();
                b.sendA(i, 200);
            }
            awaitCount(done);
            for (TestContext.Delivery d : b.ctxB.deliveries) {
                assertTrue(d.atNanos() - sentAt[d.sequence()] >= delay,
                        "frame " + d.sequence() + " came after " + (d.atNanos() - sentAt[d.sequence()]) + " ns");
            }
        }
    }

    @Test
    void closeReleasesFramesInFlightWithoutWaitingForThem() {
        Bench b = new Bench(Wire.builder().name("rt4").impairment(Impairment.NONE.withDelayNanos(
                TimeUnit.HOURS.toNanos(1)))).attach();
        try (b) {
            for (int i = 0; i < 100; i++) {
                b.sendA(i, 1000);
                b.sendB(i, 1000);
            }
            assertEquals(100, b.ab().inFlightFrames());
            b.wire.close();
            assertTrue(wireThreads("rt4").isEmpty());
            assertEquals(100, b.ab().detachedDroppedFrames());
            assertEquals(0, b.poolA.outstanding());
            assertEquals(0, b.poolB.outstanding());
        }
    }

    @Test
    void closeFromInsideADeliveryEndsTheBatch() throws InterruptedException {
        Bench b = new Bench(Wire.builder().name("rt7")).attach();
        try (b) {
            // Frame 0's delivery holds the delivery thread until frames 1..49 are queued, so that they are taken
            // as one batch; frame 1's delivery closes the wire: frames 2..49 of that batch must not be delivered.
            CountDownLatch queued = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            b.ctxB.reaction = d -> {
                if (d.sequence() == 0) {
                    holding.countDown();
                    try {
                        queued.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (d.sequence() == 1) {
                    b.wire.close();
                    b.ctxB.detached = true;
                    closed.countDown();
                }
            };
            b.sendA(0, 64);
            awaitCount(holding);
            for (int i = 1; i < 50; i++) {
                b.sendA(i, 64);
            }
            queued.countDown();
            awaitCount(closed);
            // close() from the delivery thread cannot join itself; the thread ends as soon as deliver returns.
            for (Thread t : wireThreads("rt7")) {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
            assertTrue(wireThreads("rt7").isEmpty());
            assertEquals(0, b.ctxB.deliveriesWhileDetached.get(), "nothing delivered after close() returned");
            WireCounters c = b.ab();
            assertEquals(2, c.deliveredFrames());
            assertEquals(48, c.detachedDroppedFrames());
            assertEquals(0, c.inFlightFrames());
        }
    }

    @Test
    void noDeliveryReachesAContextAfterDetachReturns() throws InterruptedException {
        Bench b = new Bench(Wire.builder().name("rt5")).attach();
        try (b) {
            CountDownLatch flowing = new CountDownLatch(1000);
            b.ctxB.reaction = d -> flowing.countDown();
            AtomicBoolean stop = new AtomicBoolean();
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    b.sendA(i, 300);
                }
            });
            awaitCount(flowing);
            b.wire.b().detach();
            b.ctxB.detached = true;
            // Keep sending into the void until 100 frames met the detached end (after those purged at detach).
            long before = b.ab().detachedDroppedFrames();
            while (b.ab().detachedDroppedFrames() < before + 100) {
                Thread.onSpinWait();
            }
            TestContext again = new TestContext("again", b.poolB, System::nanoTime);
            CountDownLatch resumed = new CountDownLatch(100);
            again.reaction = d -> resumed.countDown();
            b.wire.b().attach(again);
            awaitCount(resumed);
            stop.set(true);
            sender.join();
            assertEquals(0, b.ctxB.deliveriesWhileDetached.get(), "delivered to a detached context");
            WireCounters c = b.ab();
            assertTrue(c.detachedDroppedFrames() >= 100);
            b.wire.b().detach();
            assertTrue(b.ab().balanced());
            assertEquals(0, b.ab().inFlightFrames());
            assertEquals(0, b.poolB.outstanding(), "a detached end holds none of the receiver's buffers");
        }
    }

    @Test
    void replyFromInsideDeliverIsScheduledNotReentered() throws InterruptedException {
        int rounds = 2_000;
        try (Bench b = new Bench(Wire.builder().name("rt6")).attach()) {
            CountDownLatch done = new CountDownLatch(1);
            b.ctxB.reaction = d -> b.sendB(d.sequence() + 1, 64);
            b.ctxA.reaction = d -> {
                if (d.sequence() >= rounds) {
                    done.countDown();
                } else {
                    b.sendA(d.sequence() + 1, 64);
                }
            };
            b.sendA(0, 64);
            awaitCount(done);
            assertEquals(1, b.ctxA.maxDepth.get());
            assertEquals(1, b.ctxB.maxDepth.get());
            assertTrue(b.ctxA.deliveries.stream().allMatch(d -> d.thread().equals("netstack-wire-rt6-rx-rt6a")));
        }
    }

    @Test
    void inlineDeliversOnTheTransmittingThreadWithoutThreads() {
        try (Bench b = new Bench(Wire.builder().name("in1").mode(Wire.Mode.INLINE)).attach()) {
            assertTrue(wireThreads("in1").isEmpty());
            for (int i = 0; i < 1000; i++) {
                assertTrue(b.sendA(i, 60 + i));
                assertEquals(i + 1, b.ctxB.deliveries.size(), "delivered before transmit returned");
            }
            String me = Thread.currentThread().getName();
            assertTrue(b.ctxB.deliveries.stream().allMatch(d -> d.thread().equals(me)));
            assertEquals(Long.MAX_VALUE, b.wire.nextDueNanos());
            assertTrue(b.ab().balanced());
        }
    }

    @Test
    void inlinePingPongDoesNotRecurse() {
        // Recursion would need one Java frame chain per hop: 30,000 hops overflow any default thread stack.
        int rounds = 30_000;
        try (Bench b = new Bench(Wire.builder().name("in2").mode(Wire.Mode.INLINE)).attach()) {
            b.ctxB.reaction = d -> {
                if (d.sequence() < rounds) {
                    assertTrue(b.sendB(d.sequence() + 1, 64), "a parked reply counts as accepted");
                }
            };
            b.ctxA.reaction = d -> {
                if (d.sequence() < rounds) {
                    b.sendA(d.sequence() + 1, 64);
                }
            };
            b.sendA(0, 64);
            // Everything happened inside that one call, one delivery deep.
            assertEquals(rounds / 2 + 1, b.ctxB.deliveries.size());
            assertEquals(rounds / 2, b.ctxA.deliveries.size());
            assertEquals(1, b.ctxA.maxDepth.get());
            assertEquals(1, b.ctxB.maxDepth.get());
            assertEquals(rounds, b.ctxB.deliveries.getLast().sequence());
        }
    }

    @Test
    void inlineSerialisesConcurrentTransmitters() throws InterruptedException {
        int threads = 4;
        int each = 2_000;
        try (Bench b = new Bench(Wire.builder().name("in3").mode(Wire.Mode.INLINE)).attach()) {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 1_000_000;
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        b.sendA(base + i, 128);
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            assertEquals(threads * each, b.ctxB.deliveries.size());
            assertEquals(1, b.ctxB.maxConcurrent.get(), "one direction's deliveries never overlap");
            int[] next = new int[threads];
            for (int s : b.ctxB.sequences()) {
                int t = s / 1_000_000;
                assertEquals(next[t]++, s % 1_000_000, "each sender's frames in its order");
            }
        }
    }

    @Test
    void inlineMakesTheSameDecisionsAsManual() {
        Impairment imp = Impairment.NONE.withLossProbability(0.3).withDuplicateProbability(0.2)
                .withCorruptProbability(0.1);
        List<TestContext.Delivery> manual;
        List<TestContext.Delivery> inlineDeliveries;
        try (Bench b = new Bench(Wire.builder().name("in4").mode(Wire.Mode.INLINE).seed(77).impairment(imp))
                .attach()) {
            for (int i = 0; i < 2000; i++) {
                b.sendA(i, 80);
            }
            inlineDeliveries = List.copyOf(b.ctxB.deliveries);
        }
        try (Bench b = new Bench(Wire.builder().name("m4").manualClock(new ManualClock()).seed(77)
                .impairment(imp)).attach()) {
            for (int i = 0; i < 2000; i++) {
                b.sendA(i, 80);
            }
            b.wire.advanceTo(0);
            manual = List.copyOf(b.ctxB.deliveries);
        }
        assertEquals(manual.size(), inlineDeliveries.size());
        for (int i = 0; i < manual.size(); i++) {
            assertArrayEquals(manual.get(i).bytes(), inlineDeliveries.get(i).bytes(), "delivery " + i);
        }
    }

    @Test
    void inlineRefusesTimedImpairments() {
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().mode(Wire.Mode.INLINE)
                .impairment(Impairment.NONE.withDelayNanos(1)).build());
        assertThrows(IllegalArgumentException.class, () -> Wire.builder().mode(Wire.Mode.INLINE)
                .impairment(Wire.Direction.B_TO_A, Impairment.NONE.withRateBitsPerSecond(1_000)).build());
        try (Wire w = Wire.builder().mode(Wire.Mode.INLINE).build()) {
            assertThrows(IllegalArgumentException.class, () -> w.setImpairment(Wire.Direction.A_TO_B,
                    Impairment.NONE.withJitterNanos(5)));
            w.setImpairment(Wire.Direction.A_TO_B, Impairment.NONE.withLossProbability(0.5));
            assertEquals(0.5, w.impairment(Wire.Direction.A_TO_B).lossProbability());
        }
    }

    @Test
    void inlineToADetachedEndIsRefusedAndAParkedDropIsCounted() {
        try (Bench b = new Bench(Wire.builder().name("in5").mode(Wire.Mode.INLINE)).attach()) {
            // B detaches itself while handling a frame, then "replies": A's end is fine, but B's own next frame to
            // A goes out normally; A's reply to B is parked and dropped once B is gone: A's stack counts it.
            b.ctxA.reaction = d -> b.sendA(d.sequence() + 1, 64);
            b.ctxB.reaction = d -> {
                b.sendB(d.sequence() + 1, 64);
                b.wire.b().detach();
            };
            assertTrue(b.sendA(0, 64));
            assertEquals(1, b.ctxB.deliveries.size());
            assertEquals(1, b.ctxA.deliveries.size());
            assertEquals(1, b.ab().detachedDroppedFrames());
            assertEquals(1, b.ctxA.otherDrops.get(), "the parked frame's drop reaches the sender's counters");
            assertFalse(b.sendA(5, 64));
        }
    }
}
