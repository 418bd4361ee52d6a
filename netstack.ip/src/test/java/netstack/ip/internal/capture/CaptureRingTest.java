package netstack.ip.internal.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link CaptureRing}: record fields and bytes survive, wrap-around with padding over many laps, both bounds
 * (bytes and records), closing, unreadable sources, and many producers against one consumer.
 */
class CaptureRingTest {

    record Seen(int tag, long timestamp, int interfaceIndex, int originalLength, byte[] data) {
    }

    private static List<Seen> drain(CaptureRing ring) throws Exception {
        List<Seen> seen = new ArrayList<>();
        while (ring.poll((tag, ts, index, original, mem, offset, captured) -> seen.add(new Seen(tag, ts, index,
                original, mem.asSlice(offset, captured).toArray(ValueLayout.JAVA_BYTE))), 1000) > 0) {
            // keep going until the head entry is unpublished or the ring is empty
        }
        return seen;
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static int offer(CaptureRing ring, int seed, int length) {
        return ring.offer(seed & 0xFFFF, 1000L + seed, seed % 7, length + 5, MemorySegment.ofArray(pattern(length,
                seed)), 0, length);
    }

    @Test
    void recordRoundTrip() throws Exception {
        CaptureRing ring = new CaptureRing(1024, 10);
        byte[] frame = pattern(100, 9);
        MemorySegment src = MemorySegment.ofArray(new byte[120]);
        MemorySegment.copy(frame, 0, src, ValueLayout.JAVA_BYTE, 10, 100);
        assertEquals(CaptureRing.OFFERED, ring.offer(0x0102, -5L, 42, 1500, src, 10, 100));
        assertEquals(CaptureRing.recordBytes(100), ring.pendingBytes());
        assertEquals(1, ring.pendingRecords());
        assertTrue(ring.hasPublished());
        List<Seen> seen = drain(ring);
        assertEquals(1, seen.size());
        Seen s = seen.get(0);
        assertEquals(0x0102, s.tag());
        assertEquals(-5L, s.timestamp());
        assertEquals(42, s.interfaceIndex());
        assertEquals(1500, s.originalLength());
        assertArrayEquals(frame, s.data());
        assertEquals(0, ring.pendingBytes());
        assertEquals(0, ring.pendingRecords());
        assertFalse(ring.hasPublished());
        assertEquals(1, ring.offeredCount());
    }

    @Test
    void recordSizes() {
        assertEquals(32, CaptureRing.recordBytes(0));
        assertEquals(40, CaptureRing.recordBytes(1));
        assertEquals(40, CaptureRing.recordBytes(8));
        assertEquals(48, CaptureRing.recordBytes(9));
        assertEquals(2 * 160, CaptureRing.minCapacityBytes(128));
    }

    @Test
    void wrapsAroundOverManyLapsInOrder() throws Exception {
        // 1000 bytes: records of 32..232 bytes land at every 8-aligned offset and often need end padding.
        CaptureRing ring = new CaptureRing(1000, 100);
        Random random = new Random(7);
        int seed = 0;
        int checked = 0;
        for (int round = 0; round < 2000; round++) {
            int batch = 1 + random.nextInt(5);
            List<int[]> sent = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                int length = random.nextInt(201);
                int result = offer(ring, seed, length);
                if (result == CaptureRing.OFFERED) {
                    sent.add(new int[] {seed, length});
                } else {
                    assertEquals(CaptureRing.FULL, result);
                }
                seed++;
            }
            List<Seen> seen = drain(ring);
            assertEquals(sent.size(), seen.size());
            for (int i = 0; i < sent.size(); i++) {
                int s = sent.get(i)[0];
                int length = sent.get(i)[1];
                assertEquals(s & 0xFFFF, seen.get(i).tag());
                assertEquals(1000L + s, seen.get(i).timestamp());
                assertEquals(length + 5, seen.get(i).originalLength());
                assertArrayEquals(pattern(length, s), seen.get(i).data(), "record " + s);
                checked++;
            }
            assertEquals(0, ring.pendingBytes());
        }
        assertTrue(checked > 4000, "most offers fit: " + checked);
    }

    @Test
    void emptyRingOfMinimumCapacityTakesTheLargestRecordWhereverTheTailStands() throws Exception {
        int largest = 200;
        CaptureRing ring = new CaptureRing((int) CaptureRing.minCapacityBytes(largest), 10);
        for (int shift = 0; shift < ring.capacityBytes(); shift += 8) {
            // Move the tail by one small record, then the largest must still fit into the emptied ring.
            assertEquals(CaptureRing.OFFERED, offer(ring, shift, (shift / 8) % 30));
            drain(ring);
            assertEquals(CaptureRing.OFFERED, offer(ring, shift + 1, largest), "tail at " + shift);
            assertEquals(1, drain(ring).size());
        }
    }

    @Test
    void byteBoundRefusesAndRecovers() throws Exception {
        CaptureRing ring = new CaptureRing(320, 100); // exactly two records of 128 bytes
        assertEquals(CaptureRing.OFFERED, offer(ring, 1, 128));
        assertEquals(CaptureRing.OFFERED, offer(ring, 2, 128));
        assertEquals(CaptureRing.FULL, offer(ring, 3, 128));
        assertEquals(CaptureRing.FULL, offer(ring, 4, 0), "not even an empty record fits");
        assertEquals(2, ring.pendingRecords());
        assertEquals(CaptureRing.FULL, offer(ring, 5, 400), "larger than the ring: never fits");
        List<Seen> seen = drain(ring);
        assertEquals(2, seen.size());
        assertEquals(CaptureRing.OFFERED, offer(ring, 6, 128));
        assertEquals(6, drain(ring).get(0).tag());
        assertEquals(3, ring.offeredCount());
    }

    @Test
    void recordBoundRefusesAndRecovers() throws Exception {
        CaptureRing ring = new CaptureRing(1 << 16, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(CaptureRing.OFFERED, offer(ring, i, 10));
        }
        assertEquals(CaptureRing.FULL, offer(ring, 3, 10));
        assertEquals(3, ring.pendingRecords());
        assertEquals(3, drain(ring).size());
        assertEquals(CaptureRing.OFFERED, offer(ring, 4, 10));
    }

    @Test
    void closeRefusesNewOffersAndKeepsClaimedOnes() throws Exception {
        CaptureRing ring = new CaptureRing(1024, 10);
        assertEquals(CaptureRing.OFFERED, offer(ring, 1, 10));
        ring.close();
        ring.close();
        assertTrue(ring.isClosed());
        assertEquals(CaptureRing.CLOSED, offer(ring, 2, 10));
        assertEquals(1, ring.pendingRecords(), "a refused offer gives its record slot back");
        assertEquals(1, drain(ring).size());
        assertEquals(0, ring.pendingBytes());
    }

    @Test
    void unreadableSourceBecomesPaddingAndLaterRecordsFlow() throws Exception {
        CaptureRing ring = new CaptureRing(1024, 10);
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocate(64);
        }
        assertEquals(CaptureRing.SOURCE_FAILED, ring.offer(1, 1, 1, 64, gone, 0, 64));
        assertEquals(0, ring.pendingRecords());
        assertEquals(CaptureRing.OFFERED, offer(ring, 2, 10));
        List<Seen> seen = drain(ring);
        assertEquals(1, seen.size());
        assertEquals(2, seen.get(0).tag());
        assertEquals(0, ring.pendingBytes());
        assertEquals(1, ring.offeredCount());
    }

    @Test
    void claimedButUnwrittenRecordHoldsBackTheConsumer() throws Exception {
        CaptureRing ring = new CaptureRing(1024, 10);
        int at = ring.claim(16);
        assertEquals(0, at);
        assertEquals(CaptureRing.OFFERED, offer(ring, 2, 10)); // claimed after, published first
        assertFalse(ring.hasPublished());
        assertEquals(0, drain(ring).size(), "nothing passes the unpublished record");
        assertEquals(CaptureRing.recordBytes(16) + CaptureRing.recordBytes(10), ring.pendingBytes());
        ring.close();
        assertEquals(-CaptureRing.CLOSED, ring.claim(16), "no claims once closed");
        assertEquals(CaptureRing.OFFERED, ring.write(at, 1, 1000L + 1, 1, 16, MemorySegment.ofArray(pattern(16,
                1)), 0, 16), "a claim made before the close is still written");
        List<Seen> seen = drain(ring);
        assertEquals(List.of(1, 2), seen.stream().map(Seen::tag).toList(), "claim order, not publication order");
        assertArrayEquals(pattern(16, 1), seen.get(0).data());
        assertEquals(0, ring.pendingBytes());
    }

    @Test
    void claimRefusesImpossibleLengths() {
        CaptureRing ring = new CaptureRing(1024, 10);
        assertEquals(-CaptureRing.FULL, ring.claim(-1));
        assertEquals(-CaptureRing.FULL, ring.claim(1024 - 32 + 1));
        assertEquals(-CaptureRing.FULL, ring.claim(Integer.MAX_VALUE));
        assertEquals(0, ring.claim(1024 - 32), "a record that fills the whole ring");
        assertEquals(-CaptureRing.FULL, ring.claim(0));
    }

    @Test
    void rejectsBadGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new CaptureRing(56, 1));
        assertThrows(IllegalArgumentException.class, () -> new CaptureRing(1001, 1));
        assertThrows(IllegalArgumentException.class, () -> new CaptureRing(1024, 0));
    }

    @Test
    void manyProducersOneConsumerKeepEachProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        CaptureRing ring = new CaptureRing(16 * 1024, 64);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int[] accepted = new int[producers];
        int[] full = new int[producers];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                try {
                    start.await();
                    byte[] frame = new byte[300];
                    MemorySegment src = MemorySegment.ofArray(frame);
                    for (int seq = 0; seq < perProducer; seq++) {
                        int length = seq % 300;
                        frame[0] = (byte) producer;
                        frame[Math.max(length - 1, 0)] = (byte) seq;
                        int result = ring.offer(producer, seq, producer, length, src, 0, length);
                        if (result == CaptureRing.OFFERED) {
                            accepted[producer]++;
                        } else if (result == CaptureRing.FULL) {
                            full[producer]++;
                        } else {
                            throw new AssertionError("offer returned " + result);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        long[] lastSeq = {-1, -1, -1, -1};
        int[] consumed = new int[producers];
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            try {
                while (!done.get() || ring.pendingBytes() > 0) {
                    ring.poll((tag, seq, index, original, mem, offset, captured) -> {
                        if (tag != index || captured != original || captured != seq % 300) {
                            throw new AssertionError("torn record: " + tag + " " + seq + " " + captured);
                        }
                        if (seq <= lastSeq[tag]) {
                            throw new AssertionError("producer " + tag + " out of order: " + seq);
                        }
                        if (captured > 0 && (mem.get(ValueLayout.JAVA_BYTE, offset + captured - 1) != (byte) seq
                                || mem.get(ValueLayout.JAVA_BYTE, offset) != (byte) tag && captured > 1)) {
                            throw new AssertionError("bytes of " + tag + "/" + seq + " corrupted");
                        }
                        lastSeq[tag] = seq;
                        consumed[tag]++;
                    }, 64);
                    Thread.onSpinWait();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        consumer.join();
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        long total = 0;
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, accepted[p] + full[p]);
            assertEquals(accepted[p], consumed[p], "producer " + p);
            total += accepted[p];
        }
        assertEquals(total, ring.offeredCount());
        assertTrue(total > 0);
        assertEquals(0, ring.pendingRecords());
    }
}
