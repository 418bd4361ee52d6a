package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenBucket} and {@link TokenBucket.PerDestination} on a manual clock: burst, refill, rate rounding,
 * Linux's ICMP defaults and its two-step host-wide/per-destination use, wrap-around of the clock, exact counters
 * under concurrency.
 */
class TokenBucketTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullThenRefusesUntilATokenIsEarned() {
        long now = 123_456_789L;
        TokenBucket bucket = new TokenBucket(10 * MS, 3, now);
        assertEquals(3, bucket.available(now));
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now + 10 * MS - 1), "one nanosecond short of a token");
        assertTrue(bucket.tryAcquire(now + 10 * MS));
        assertFalse(bucket.tryAcquire(now + 10 * MS));
        assertEquals(4, bucket.granted());
        assertEquals(3, bucket.refused());
        assertEquals(3, bucket.available(now + 10 * SECOND), "a long pause refills to the burst, no more");
        assertTrue(bucket.toString().contains("burst 3"));
    }

    @Test
    void perSecondRoundsTheIntervalUpSoTheRateIsNeverExceeded() {
        assertEquals(MS, TokenBucket.perSecond(1000, 1, 0).intervalNanos());
        assertEquals(333_333_334L, TokenBucket.perSecond(3, 1, 0).intervalNanos());
        assertEquals(1, TokenBucket.perSecond(1_000_000_000L, 1, 0).intervalNanos());
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perSecond(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perSecond(1_000_000_001L, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(SECOND, Long.MAX_VALUE / 2, 0));
    }

    @Test
    void linuxHostWideDefaultsGiveBurst50Then1000PerSecond() {
        TokenBucket bucket = TokenBucket.icmpHostWide(0);
        assertEquals(50, bucket.burst());
        int granted = 0;
        int requests = 0;
        // A request every 100 µs for 10 s: 50 at once, then one per millisecond (at 1 ms .. 9999 ms).
        for (long now = 0; now < 10 * SECOND; now += 100_000) {
            requests++;
            if (bucket.tryAcquire(now)) {
                granted++;
            }
        }
        assertEquals(50 + 9999, granted);
        assertEquals(granted, bucket.granted());
        assertEquals(requests - granted, bucket.refused());
    }

    @Test
    void severalTokensAreAllOrNothing() {
        TokenBucket bucket = new TokenBucket(MS, 5, 0);
        assertTrue(bucket.tryAcquire(0, 4));
        assertFalse(bucket.tryAcquire(0, 2), "only one left");
        assertEquals(1, bucket.available(0));
        assertTrue(bucket.tryAcquire(MS, 2));
        assertThrows(IllegalArgumentException.class, () -> bucket.tryAcquire(0, 0));
        assertThrows(IllegalArgumentException.class, () -> bucket.tryAcquire(0, 6));
    }

    @Test
    void hasTokenTakesNothingAndConsumeMayRunIntoBoundedDebt() {
        TokenBucket bucket = new TokenBucket(MS, 2, 0);
        assertTrue(bucket.hasToken(0));
        assertEquals(2, bucket.available(0));
        bucket.consume(0, 0);
        assertEquals(2, bucket.available(0));
        bucket.consume(0, 2);
        assertEquals(0, bucket.available(0));
        assertFalse(bucket.hasToken(0));
        assertEquals(1, bucket.refused(), "a no from hasToken is counted");
        bucket.consume(0, 1);
        assertEquals(-1, bucket.available(0), "one token of debt");
        assertFalse(bucket.hasToken(MS), "the debt is paid back first");
        assertTrue(bucket.hasToken(2 * MS));
        bucket.consume(2 * MS, 2);
        bucket.consume(2 * MS, 2);
        bucket.consume(2 * MS, 2);
        assertEquals(-2, bucket.available(2 * MS), "debt is capped at the burst");
        assertEquals(6, bucket.granted());
        assertThrows(IllegalArgumentException.class, () -> bucket.consume(0, -1));
        assertThrows(IllegalArgumentException.class, () -> bucket.consume(0, 3));
    }

    @Test
    void aClockCrossingLongOverflowChangesNothing() {
        long start = Long.MAX_VALUE - 5 * MS;
        TokenBucket bucket = new TokenBucket(MS, 2, start);
        assertTrue(bucket.tryAcquire(start));
        assertTrue(bucket.tryAcquire(start));
        assertFalse(bucket.tryAcquire(start));
        long later = start + 10 * MS; // wraps to a negative value
        assertTrue(later < start);
        assertEquals(2, bucket.available(later));
        assertTrue(bucket.tryAcquire(later));
    }

    /**
     * Linux's order: host-wide check, per-destination acquire, then a random host-wide charge of 0..2 tokens. A
     * flood towards many destinations stays near 1000 per second overall, one destination near 1 per second
     * after its burst of 6, and the flood to others does not starve a quiet destination's own bucket.
     */
    @Test
    void linuxTwoStepIcmpLimiting() {
        Random random = new Random(11);
        TokenBucket hostWide = TokenBucket.icmpHostWide(0);
        TokenBucket.PerDestination perDestination = new TokenBucket.PerDestination(
                TokenBucket.ICMPV4_PER_DESTINATION_INTERVAL_NANOS, TokenBucket.PER_DESTINATION_BURST, 4096,
                random.nextLong());
        int sent = 0;
        int sentToVictim = 0;
        int victim = Ipv4Address.parse("198.51.100.7").bits();
        int others = Ipv4Address.parse("203.0.113.0").bits();
        long duration = 20 * SECOND;
        for (long now = 0; now < duration; now += 20_000) {
            // 50k triggers per second from 1000 sources, one of them the victim every tenth time.
            int destination = random.nextInt(10) == 0 ? victim
                    : others + random.nextInt(250);
            if (hostWide.hasToken(now) && perDestination.tryAcquireIpv4(destination, now)) {
                hostWide.consume(now, random.nextInt(3));
                sent++;
                if (destination == victim) {
                    sentToVictim++;
                }
            }
        }
        // 250 destinations x (6 + 20) is 6500: the per-destination buckets, not the host-wide one, bind here.
        assertTrue(sent <= 250 * (6 + 20) + 6 + 20, "sent " + sent);
        assertEquals(6 + 19, sentToVictim, "burst 6, then one per second");
        assertTrue(perDestination.refused() > 0);
        assertTrue(perDestination.granted() == sent);

        // Now 100k destinations: the host-wide bucket binds, at 1000 per second on average.
        TokenBucket hostWide2 = TokenBucket.icmpHostWide(0);
        TokenBucket.PerDestination perDestination2 = new TokenBucket.PerDestination(SECOND, 6, 4096, 99);
        int sent2 = 0;
        for (long now = 0; now < duration; now += 20_000) {
            int destination = random.nextInt(100_000);
            if (hostWide2.hasToken(now) && perDestination2.tryAcquireIpv4(destination, now)) {
                hostWide2.consume(now, random.nextInt(3));
                sent2++;
            }
        }
        double expected = 50 + 1000.0 * duration / SECOND;
        assertTrue(sent2 > 0.9 * expected && sent2 < 1.1 * expected, "sent " + sent2 + ", about " + expected);
    }

    @Test
    void perDestinationBucketsAreIndependentAndEvictFullOnesFirst() {
        TokenBucket.PerDestination table = new TokenBucket.PerDestination(SECOND, 2, 4, 1234);
        assertEquals(4, table.capacity(), "one set of four ways");
        Ipv6Address a = Ipv6Address.parse("2001:db8::a");
        Ipv6Address b = Ipv6Address.parse("2001:db8::b");
        assertTrue(table.tryAcquireIpv6(a.high(), a.low(), 0));
        assertTrue(table.tryAcquireIpv6(a.high(), a.low(), 0));
        assertFalse(table.tryAcquireIpv6(a.high(), a.low(), 0), "a is empty");
        assertTrue(table.tryAcquireIpv6(b.high(), b.low(), 0), "b has its own bucket");
        int v4 = Ipv4Address.parse("192.0.2.1").bits();
        assertTrue(table.tryAcquireIpv4(v4, 0));
        Ipv6Address mapped = Ipv6Address.mapped(Ipv4Address.of(v4));
        assertTrue(table.tryAcquireIpv6(mapped.high(), mapped.low(), 0), "the mapped form is the same key");
        assertFalse(table.tryAcquireIpv4(v4, 0));
        // a, b and 192.0.2.1 are held and drained; a fourth destination takes the free way.
        assertTrue(table.tryAcquireIpv6(0, 4, 0));
        assertEquals(0, table.lossyEvictions());
        // A fifth one must evict a drained entry: state is lost, and counted.
        assertTrue(table.tryAcquireIpv6(0, 5, 0));
        assertEquals(1, table.lossyEvictions());
        // New destinations a second apart: each finds the others refilled, so eviction loses nothing.
        for (int i = 6; i < 20; i++) {
            assertTrue(table.tryAcquireIpv6(0, i, i * SECOND));
        }
        assertEquals(1, table.lossyEvictions());
        assertEquals(2, table.refused(), "a once, 192.0.2.1 once");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket.PerDestination(SECOND, 1, 0, 0));
    }

    @Test
    void countersAreExactUnderConcurrency() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(SECOND, 1000, 0);
        int threads = 2;
        int attempts = 50_000;
        AtomicInteger won = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < attempts; i++) {
                    if (bucket.tryAcquire(0)) {
                        won.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(1000, won.get(), "exactly the burst, however the threads interleave");
        assertEquals(1000, bucket.granted());
        assertEquals(threads * attempts - 1000, bucket.refused());
    }

    @Test
    void allocatesNothing() {
        TokenBucket bucket = TokenBucket.icmpHostWide(0);
        TokenBucket.PerDestination table = new TokenBucket.PerDestination(SECOND, 6, 1024, 7);
        long[] sink = {0};
        long[] clock = {0};
        Runnable work = () -> {
            for (int i = 0; i < 50_000; i++) {
                long now = clock[0] += 10_000L;
                if (bucket.hasToken(now) && table.tryAcquireIpv4(i % 3000, now)) {
                    bucket.consume(now, i % 3);
                }
                sink[0] += bucket.tryAcquire(now) ? 1 : 0;
                sink[0] ^= bucket.available(now);
            }
        };
        work.run();
        assertEquals(0, AllocationProbe.steadyStateBytes(work, 10));
        assertTrue(bucket.granted() > 0 && table.granted() > 0 && sink[0] != Long.MIN_VALUE);
    }
}
