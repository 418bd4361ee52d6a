package netstack.ip.internal;

import java.util.concurrent.TimeUnit;

/**
 * The parameters of one {@link NeighborCache}: RFC 4861 §10 protocol constants and node variables, with the bounds
 * Linux uses for its {@code arp_tbl} and {@code nd_tbl} (which share the same defaults).
 *
 * @param baseReachableTimeNanos BaseReachableTime, the middle of the randomised ReachableTime (RFC 4861 §6.3.2,
 *     §10: REACHABLE_TIME 30 s; Linux {@code base_reachable_time_ms}). A Router Advertisement may change it (§6.3.4)
 * @param retransTimerNanos RetransTimer, the time between solicitations (§10: RETRANS_TIMER 1 s; Linux
 *     {@code retrans_time_ms}; RFC 1122 §2.3.2.1 recommends at most one ARP request per second per destination).
 *     A Router Advertisement may change it (§6.3.4)
 * @param delayFirstProbeTimeNanos DELAY_FIRST_PROBE_TIME (§10: 5 s; Linux {@code delay_first_probe_time})
 * @param maxMulticastSolicit MAX_MULTICAST_SOLICIT (§10: 3; Linux {@code mcast_solicit}); for ARP the number of
 *     broadcast requests
 * @param maxUnicastSolicit MAX_UNICAST_SOLICIT (§10: 3; Linux {@code ucast_solicit})
 * @param reachableTimeRefreshNanos how long a randomised ReachableTime is used before it is drawn again; §6.3.4 asks
 *     for "at least once every few hours", Linux re-draws every 300 s
 * @param failedLifetimeNanos how long a FAILED entry stays visible before it is removed; Linux removes FAILED
 *     entries on its periodic pass every BaseReachableTime/2 = 15 s (once the table holds more than
 *     {@code gc_thresh1} entries)
 * @param maxQueuedPackets packets queued per INCOMPLETE entry, at least 1 (§7.2.2: "The queue MUST hold at least one
 *     packet"; RFC 1122 §2.3.2.2 keeps at least the latest). Linux derives 101 from its byte limit
 * @param maxQueuedBytes buffer bytes ({@link netstack.api.link.PacketBuffer#capacity()}, like Linux's skb
 *     truesize) queued per INCOMPLETE entry; the newest packet is kept even if alone it is larger (Linux
 *     {@code unres_qlen_bytes}, default 212 992)
 * @param maxEntries dynamic entries per cache (Linux {@code gc_thresh3} 1024); operator entries do not count, as
 *     Linux exempts NUD_PERMANENT entries from garbage collection
 * @param maxStaticEntries operator entries per cache
 */
record NeighborParams(long baseReachableTimeNanos, long retransTimerNanos, long delayFirstProbeTimeNanos,
        int maxMulticastSolicit, int maxUnicastSolicit, long reachableTimeRefreshNanos, long failedLifetimeNanos,
        int maxQueuedPackets, long maxQueuedBytes, int maxEntries, int maxStaticEntries) {

    /** MIN_RANDOM_FACTOR (RFC 4861 §10), as the divisor of BaseReachableTime for the low end. */
    static final int MIN_RANDOM_FACTOR_DIVISOR = 2;
    /** The largest {@link #maxEntries} + {@link #maxStaticEntries}: the hash table is sized from it up front. */
    static final int MAX_TOTAL_ENTRIES = 1 << 20;
    /** The largest BaseReachableTime a Router Advertisement can carry: 3 600 000 ms (RFC 4861 §6.2.1, §4.2). */
    static final long MAX_BASE_REACHABLE_TIME_NANOS = TimeUnit.HOURS.toNanos(1);

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    NeighborParams {
        positive("baseReachableTimeNanos", baseReachableTimeNanos);
        if (baseReachableTimeNanos > MAX_BASE_REACHABLE_TIME_NANOS) {
            throw new IllegalArgumentException("baseReachableTimeNanos " + baseReachableTimeNanos
                    + " exceeds the RFC 4861 maximum of one hour");
        }
        positive("retransTimerNanos", retransTimerNanos);
        positive("delayFirstProbeTimeNanos", delayFirstProbeTimeNanos);
        positive("maxMulticastSolicit", maxMulticastSolicit);
        positive("maxUnicastSolicit", maxUnicastSolicit);
        positive("reachableTimeRefreshNanos", reachableTimeRefreshNanos);
        positive("failedLifetimeNanos", failedLifetimeNanos);
        positive("maxQueuedPackets", maxQueuedPackets);
        positive("maxQueuedBytes", maxQueuedBytes);
        positive("maxEntries", maxEntries);
        if (maxStaticEntries < 0) {
            throw new IllegalArgumentException("maxStaticEntries must not be negative: " + maxStaticEntries);
        }
        if ((long) maxEntries + maxStaticEntries > MAX_TOTAL_ENTRIES) {
            throw new IllegalArgumentException("maxEntries + maxStaticEntries exceeds " + MAX_TOTAL_ENTRIES);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** @return the RFC 4861 §10 constants and Linux's table bounds */
    static NeighborParams defaults() {
        return new NeighborParams(TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(5), 3, 3, TimeUnit.SECONDS.toNanos(300), TimeUnit.SECONDS.toNanos(15),
                101, 212_992, 1024, 1024);
    }

    /**
     * @param nanos the new BaseReachableTime, e.g. from a Router Advertisement's Reachable Time (§6.3.4)
     * @return a copy with it
     */
    NeighborParams withBaseReachableTimeNanos(long nanos) {
        return new NeighborParams(nanos, retransTimerNanos, delayFirstProbeTimeNanos, maxMulticastSolicit,
                maxUnicastSolicit, reachableTimeRefreshNanos, failedLifetimeNanos, maxQueuedPackets, maxQueuedBytes,
                maxEntries, maxStaticEntries);
    }

    /**
     * @param nanos the new RetransTimer, e.g. from a Router Advertisement's Retrans Timer (§6.3.4)
     * @return a copy with it
     */
    NeighborParams withRetransTimerNanos(long nanos) {
        return new NeighborParams(baseReachableTimeNanos, nanos, delayFirstProbeTimeNanos, maxMulticastSolicit,
                maxUnicastSolicit, reachableTimeRefreshNanos, failedLifetimeNanos, maxQueuedPackets, maxQueuedBytes,
                maxEntries, maxStaticEntries);
    }

    /**
     * @param packets the packet limit per queue
     * @param bytes the byte limit per queue
     * @return a copy with them
     */
    NeighborParams withQueueLimits(int packets, long bytes) {
        return new NeighborParams(baseReachableTimeNanos, retransTimerNanos, delayFirstProbeTimeNanos,
                maxMulticastSolicit, maxUnicastSolicit, reachableTimeRefreshNanos, failedLifetimeNanos, packets, bytes,
                maxEntries, maxStaticEntries);
    }

    /**
     * @param dynamicEntries the dynamic entry limit
     * @param staticEntries the operator entry limit
     * @return a copy with them
     */
    NeighborParams withMaxEntries(int dynamicEntries, int staticEntries) {
        return new NeighborParams(baseReachableTimeNanos, retransTimerNanos, delayFirstProbeTimeNanos,
                maxMulticastSolicit, maxUnicastSolicit, reachableTimeRefreshNanos, failedLifetimeNanos,
                maxQueuedPackets, maxQueuedBytes, dynamicEntries, staticEntries);
    }

    /** @return the lowest ReachableTime: BaseReachableTime × MIN_RANDOM_FACTOR (0.5) */
    long minReachableTimeNanos() {
        return baseReachableTimeNanos / MIN_RANDOM_FACTOR_DIVISOR;
    }
}
