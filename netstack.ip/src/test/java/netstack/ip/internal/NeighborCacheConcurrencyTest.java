package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.Ipv6Address;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;

/**
 * {@link NeighborCache} under real threads: two output threads resolve packets (and confirm reachability, as TCP
 * acknowledgements would) while a control thread moves a shared manual clock, runs the timer and feeds
 * advertisements, solicitations and address changes. The outbox then runs on whichever thread gets there first.
 *
 * <p>Checked afterwards: every packet was handed over exactly once (sent by the caller with a returned address,
 * transmitted from a queue, or dropped), nothing leaked, and each thread's packets to each neighbor left in the order
 * the thread produced them (NeighborActions#transmit's promise). Bounded by counts, not time; no sleeping.
 */
class NeighborCacheConcurrencyTest {

    private static final int NEIGHBORS = 4;
    private static final int SENDERS = 2;
    private static final int PACKETS_PER_SENDER = 20_000;
    private static final long MAC_BASE = 0x02_00_5e_00_00_00L;
    private static final int PACKETS_PER_STEP = 2;
    private static final int SLACK = 32;
    private static final long SILENT_STEPS = 2000;

    /** Thread-safe: logs what left for each neighbor, releases every buffer. */
    private static final class Link implements NeighborActions {
        final List<List<Integer>> sent = new ArrayList<>();
        final BitSet handedOver = new BitSet();
        long transmitted;
        long dropped;
        long duplicates;

        Link() {
            for (int i = 0; i < NEIGHBORS; i++) {
                sent.add(new ArrayList<>());
            }
        }

        synchronized void record(IpAddress neighbor, int id) {
            if (handedOver.get(id)) {
                duplicates++;
            }
            handedOver.set(id);
            sent.get(index(neighbor)).add(id);
        }

        @Override
        public void sendSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits,
                long nowNanos) {
        }

        @Override
        public void transmit(IpAddress neighbor, PacketBuffer packet, long macBits) {
            record(neighbor, RecordingNeighborActions.id(packet));
            synchronized (this) {
                transmitted++;
            }
            packet.release();
        }

        @Override
        public void dropUnresolved(IpAddress neighbor, PacketBuffer packet, NeighborDropReason reason) {
            int id = RecordingNeighborActions.id(packet);
            synchronized (this) {
                if (handedOver.get(id)) {
                    duplicates++;
                }
                handedOver.set(id);
                dropped++;
            }
            packet.release();
        }
    }

    private static Ipv6Address neighbor(int i) {
        return new Ipv6Address(0x2001_0db8_0000_0000L, 0x100 + i);
    }

    private static int index(IpAddress a) {
        return (int) (((Ipv6Address) a).low() - 0x100);
    }

    @Test
    void everyPacketIsHandedOverOnceAndInOrderUnderContention() throws InterruptedException {
        List<String> leaks = new ArrayList<>();
        PacketPool pool = new PacketPool(new PacketPool.Options(false, 64, 512, true, leaks::add));
        Link link = new Link();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        // FAILED entries live long enough that no entry is removed during the run: order is promised per entry.
        NeighborParams params = NeighborParams.defaults().withQueueLimits(8, Long.MAX_VALUE);
        params = new NeighborParams(params.baseReachableTimeNanos(), params.retransTimerNanos(),
                params.delayFirstProbeTimeNanos(), params.maxMulticastSolicit(), params.maxUnicastSolicit(),
                params.reachableTimeRefreshNanos(), TimeUnit.DAYS.toNanos(365), params.maxQueuedPackets(),
                params.maxQueuedBytes(), params.maxEntries(), params.maxStaticEntries());
        NeighborCache cache = new NeighborCache("eth0", IpFamily.IPV6, params, new SplittableRandom(3), link,
                clock.get());
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean sendersDone = new AtomicBoolean();
        CountDownLatch senders = new CountDownLatch(SENDERS);
        long[] directlySent = new long[SENDERS];

        // Loose lock-step: each side may run at most SLACK ahead of the other, so sends, resolutions, failures and
        // queue flushes interleave instead of one thread finishing first. Spinning yields; nothing sleeps.
        AtomicLong controlSteps = new AtomicLong();
        AtomicLong[] progress = {new AtomicLong(), new AtomicLong()};
        // Neighbor silentNeighbor answers nothing for SILENT_STEPS steps (about 100 s of clock), long enough to go
        // REACHABLE, STALE, DELAY, PROBE, FAILED and to fail fresh resolutions, then it answers again.
        AtomicLong silentNeighbor = new AtomicLong(-1);

        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    SplittableRandom random = new SplittableRandom(100 + sender);
                    for (int seq = 0; seq < PACKETS_PER_SENDER; seq++) {
                        while (seq > controlSteps.get() * PACKETS_PER_STEP + SLACK && failures.isEmpty()) {
                            Thread.yield();
                        }
                        int id = seq * SENDERS + sender;
                        int n = random.nextInt(NEIGHBORS);
                        Ipv6Address to = neighbor(n);
                        PacketBuffer p = RecordingNeighborActions.packet(pool, id);
                        long mac = cache.resolve(to, p, clock.get());
                        if (mac >= 0) {
                            link.record(to, id);
                            directlySent[sender]++;
                            p.release();
                        }
                        if ((seq & 7) == 0 && silentNeighbor.get() != n) {
                            cache.confirmReachable(to, clock.get()); // as a TCP acknowledgement would
                        }
                        progress[sender].set(seq + 1);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    senders.countDown();
                }
            }, "sender-" + s));
        }
        threads.add(new Thread(() -> {
            try {
                start.await();
                SplittableRandom random = new SplittableRandom(7);
                for (long step = 0; !sendersDone.get(); step++) {
                    long slowest = Math.min(progress[0].get(), progress[1].get());
                    while (step * PACKETS_PER_STEP > slowest + SLACK && senders.getCount() > 0
                            && failures.isEmpty()) {
                        Thread.yield();
                        slowest = Math.min(progress[0].get(), progress[1].get());
                    }
                    silentNeighbor.set((step / SILENT_STEPS) % (NEIGHBORS + 1) - 1);
                    long now = clock.addAndGet(random.nextLong(100_000_000L));
                    cache.onTimer(now);
                    int i = random.nextInt(NEIGHBORS);
                    if (i != silentNeighbor.get()) {
                        Ipv6Address n = neighbor(i);
                        long mac = MAC_BASE + i + (random.nextInt(8) == 0 ? 0x100 : 0);
                        switch (random.nextInt(4)) {
                            case 0 -> cache.advertisementReceived(n, mac, true, random.nextBoolean(), false, now);
                            case 1 -> cache.advertisementReceived(n, mac, false, true, false, now);
                            case 2 -> cache.solicitationReceived(n, mac, now);
                            default -> cache.confirmReachable(n, now);
                        }
                    }
                    controlSteps.set(step + 1);
                    sendersDone.set(senders.getCount() == 0);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "control"));

        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        assertEquals(List.of(), List.copyOf(failures));

        long now = clock.get();
        for (int i = 0; i < NEIGHBORS; i++) {
            cache.advertisementReceived(neighbor(i), MAC_BASE + i, true, true, false, now);
        }
        cache.linkDown(now);

        long total = (long) SENDERS * PACKETS_PER_SENDER;
        assertEquals(0, link.duplicates, "a packet was handed over twice");
        assertEquals(total, link.handedOver.cardinality(), "every packet handed over");
        assertEquals(total, directlySent[0] + directlySent[1] + link.transmitted + link.dropped);
        assertEquals(link.dropped, cache.stats().totalDrops());
        String paths = link.transmitted + " transmitted from queues, " + directlySent[0] + " and " + directlySent[1]
                + " sent directly, " + link.dropped + " dropped, " + cache.stats();
        assertTrue(link.transmitted >= 8 && directlySent[0] > 1000 && directlySent[1] > 1000, paths);
        NeighborCacheStats stats = cache.stats();
        assertTrue(stats.resolutionFailures() > 0 && stats.unreachableDrops() > 0 && stats.queueOverflowDrops() > 0,
                "failures exercised: " + paths);
        for (int n = 0; n < NEIGHBORS; n++) {
            int[] last = new int[SENDERS];
            java.util.Arrays.fill(last, -1);
            for (int id : link.sent.get(n)) {
                int sender = id % SENDERS;
                assertTrue(id > last[sender], "neighbor " + n + ": packet " + id + " of sender " + sender
                        + " left after " + last[sender]);
                last[sender] = id;
            }
        }
        assertEquals(0, pool.outstanding());
        assertEquals(List.of(), leaks);
        pool.close();
    }

    /**
     * A lock-free confirmation racing the REACHABLE timeout is never lost: in each round the timer thread runs the
     * expiry while the other thread confirms at the same instant, and the entry must end REACHABLE whichever wins.
     * (Without the cache's re-read of the confirmation time after publishing STALE, some rounds end STALE.)
     */
    @Test
    void confirmationRacingTheReachableTimeoutIsNeverLost() throws InterruptedException {
        Ipv6Address a = neighbor(0);
        NeighborCache cache = new NeighborCache("eth0", IpFamily.IPV6, NeighborParams.defaults(),
                new SplittableRandom(5), new Link(), 0);
        cache.solicitationReceived(a, MAC_BASE, 0);
        AtomicLong go = new AtomicLong(-1); // the clock value of the round to run, published to both threads
        AtomicLong confirmedRound = new AtomicLong(-1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int rounds = ROUNDS;
        Thread confirmer = new Thread(() -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    long t;
                    while ((t = go.get()) < 0 || confirmedRound.get() == t) {
                        Thread.onSpinWait();
                    }
                    cache.confirmReachable(a, t);
                    confirmedRound.set(t);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "confirmer");
        confirmer.start();
        long now = 0;
        int stale = 0;
        for (int r = 0; r < rounds && failures.isEmpty(); r++) {
            now += 1_000_000_000L;
            cache.advertisementReceived(a, MAC_BASE, true, false, false, now); // REACHABLE, confirmed now
            now += cache.reachableTimeNanos();
            go.set(now);
            cache.onTimer(now); // expires exactly now, unless the confirmation got there first
            while (confirmedRound.get() != now) {
                Thread.onSpinWait();
            }
            if (cache.find(a).state() != netstack.api.admin.NeighborState.REACHABLE) {
                stale++;
            }
        }
        confirmer.join(TimeUnit.SECONDS.toMillis(60));
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(0, stale, "confirmations lost in " + rounds + " rounds");
    }

    private static final int ROUNDS = 1_000;
}
