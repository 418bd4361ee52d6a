package netstack.ip.internal;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the current thread allocates while running some work, for "allocation-free in steady state"
 * checks in unit tests (JMH with {@code -prof gc} is the real proof; this is a cheap guard against regressions).
 *
 * <p>Steady state means compiled code: until the JIT has compiled a path with escape analysis, the interpreter
 * and C1 allocate objects that C2 scalar-replaces. So the work is repeated until one run allocates nothing, up to
 * a bound; a design that allocates per operation never gets there.
 */
final class AllocationProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationProbe() {
    }

    /**
     * @param work the work to measure, repeatable
     * @param maxRuns how many runs to try
     * @return the fewest bytes allocated by one run (0 once steady state is reached)
     */
    static long steadyStateBytes(Runnable work, int maxRuns) {
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < maxRuns && fewest > 0; run++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }

    /**
     * @param work the work to measure
     * @return bytes allocated by one run
     */
    static long bytes(Runnable work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
