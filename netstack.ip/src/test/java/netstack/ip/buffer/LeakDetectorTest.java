package netstack.ip.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import netstack.api.link.PacketBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool's leak detector: a {@link java.lang.ref.Cleaner} registered per buffer runs {@link PooledBuffer.Lease}
 * when the buffer becomes unreachable, and reports it if it was still leased with a recorded allocation site.
 */
class LeakDetectorTest {

    private static final long GC_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static PacketPool trackingPool(boolean direct, BlockingQueue<String> reports) {
        return new PacketPool(new PacketPool.Options(direct, 128, 8, true, reports::add));
    }

    /** Leases a buffer and drops it: nothing refers to it once this returns. */
    private static void leakOneBuffer(PacketPool pool) {
        PacketBuffer b = pool.allocate(100);
        b.append(10);
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void unreleasedBufferIsReportedWithItsAllocationSite(boolean direct) throws InterruptedException {
        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        try (PacketPool pool = trackingPool(direct, reports)) {
            leakOneBuffer(pool);
            assertEquals(1, pool.outstanding());
            String report = awaitReport(reports);
            assertNotNull(report, "no leak report within 10 s of repeated GCs");
            assertTrue(report.startsWith("LEAK"), report);
            assertTrue(report.contains("allocated here"), report);
            assertTrue(report.contains("leakOneBuffer"), "the report names the allocating method: " + report);
            assertTrue(report.contains(LeakDetectorTest.class.getName()), report);
            assertEquals(1, pool.leaks());
            assertEquals(0, pool.outstanding(), "a reported leak is no longer outstanding");
        }
    }

    /** Runs GC until a report arrives, bounded by {@link #GC_TIMEOUT_NANOS}. */
    private static String awaitReport(BlockingQueue<String> reports) throws InterruptedException {
        long deadline = System.nanoTime() + GC_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            System.gc();
            String report = reports.poll(50, TimeUnit.MILLISECONDS);
            if (report != null) {
                return report;
            }
        }
        return null;
    }

    // The cleaner action itself, run directly: deterministic, no GC involved.

    @Test
    void releasedBufferIsNotALeak() {
        List<String> reports = new ArrayList<>();
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 8, true, reports::add))) {
            PooledBuffer b = (PooledBuffer) pool.allocate(100);
            b.release();
            b.lease.run();
            assertEquals(List.of(), reports);
            assertEquals(0, pool.leaks());
            assertEquals(0, pool.outstanding());
        }
    }

    @Test
    void leasedBufferIsALeakWhenTracking() {
        List<String> reports = new ArrayList<>();
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 8, true, reports::add))) {
            PooledBuffer b = (PooledBuffer) pool.allocate(100);
            b.lease.run();
            assertEquals(1, reports.size());
            assertTrue(reports.get(0).contains("leasedBufferIsALeakWhenTracking"), reports.get(0));
            assertEquals(1, pool.leaks());
            b.release(); // so that the real cleaner stays quiet when b is collected
        }
    }

    @Test
    void withoutTrackingNothingIsRecordedOrReported() {
        List<String> reports = new ArrayList<>();
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 8, false, reports::add))) {
            PooledBuffer b = (PooledBuffer) pool.allocate(100);
            assertNull(b.lease.allocationSite, "no allocation site recorded without tracking");
            b.lease.run();
            assertEquals(List.of(), reports);
            assertEquals(0, pool.leaks());
            assertEquals(1, pool.outstanding(), "untracked leases stay outstanding: outstanding() counts every mode");
            b.release();
            assertNull(b.lease.releaseSite, "no release site recorded without tracking");
        }
    }

    @Test
    void trackingRecordsASiteOnEveryLease() {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 8, true, r -> { }))) {
            PooledBuffer b = (PooledBuffer) pool.allocate(100);
            Throwable first = b.lease.allocationSite;
            assertNotNull(first);
            b.release();
            assertNull(b.lease.allocationSite, "cleared on release, so a recycled idle buffer is no leak");
            PooledBuffer again = (PooledBuffer) pool.allocate(100);
            assertTrue(again == b);
            assertNotNull(again.lease.allocationSite);
            assertTrue(again.lease.allocationSite != first, "each lease records its own site");
            assertNull(again.lease.releaseSite, "a new lease forgets the previous release");
            again.release();
        }
    }

    // Allocation-free steady state without tracking: measured in bytes allocated by this thread, not in time.

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void untrackedAllocateReleaseAllocatesNothing(boolean direct) {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(direct, 128, 8, false, null))) {
            int cycles = 100_000;
            long bytes = allocatedBytesFor(pool, cycles);
            assertTrue(bytes < 1024, "allocate/release allocated " + bytes + " bytes over " + cycles + " cycles");
            assertEquals(1, pool.created(), "one buffer, recycled every time");
        }
    }

    @Test
    void trackedAllocateReleaseDoesAllocate() {
        // The counterpart that shows the measurement above can fail: tracking records a Throwable per lease.
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 8, true, r -> { }))) {
            int cycles = 10_000;
            long bytes = allocatedBytesFor(pool, cycles);
            assertTrue(bytes > 16L * cycles, "tracking allocated only " + bytes + " bytes over " + cycles + " cycles");
        }
    }

    private static long allocatedBytesFor(PacketPool pool, int cycles) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure per-thread allocation");
        cycle(pool, cycles); // warm up: creates the buffer, loads classes, lets the JIT settle
        long before = threads.getCurrentThreadAllocatedBytes();
        cycle(pool, cycles);
        long after = threads.getCurrentThreadAllocatedBytes();
        assertEquals(0, pool.outstanding());
        return after - before;
    }

    private static void cycle(PacketPool pool, int cycles) {
        for (int i = 0; i < cycles; i++) {
            PacketBuffer b = pool.allocate(1500);
            b.append(60);
            b.prepend(14);
            b.release();
        }
    }
}
