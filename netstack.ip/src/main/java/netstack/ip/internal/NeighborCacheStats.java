package netstack.ip.internal;

/**
 * Counters of one {@link NeighborCache}, after Linux's {@code /proc/net/stat/arp_cache} and {@code ndisc_cache}.
 * A snapshot: the values do not change afterwards.
 *
 * @param dynamicEntries dynamic entries now (a gauge)
 * @param staticEntries operator entries now (a gauge)
 * @param allocs entries created (Linux {@code allocs})
 * @param destroys entries removed (Linux {@code destroys})
 * @param resolutionFailures entries that went to FAILED, from INCOMPLETE or PROBE (Linux {@code res_failed})
 * @param multicastSolicitations multicast (broadcast for ARP) solicitations asked for
 * @param unicastSolicitations unicast NUD probes asked for
 * @param queueOverflowDrops queued packets dropped to make room for newer ones (Linux {@code unresolved_discards})
 * @param unreachableDrops queued packets dropped because resolution failed
 * @param tableFullDrops packets dropped because no entry could be created (Linux {@code table_fulls} counts the
 *     events; this counts the packets)
 * @param otherDrops packets dropped because the operator deleted their entry, the link went down, or the address
 *     cannot be resolved
 * @param forcedGcRuns collections run because the table was full (Linux {@code forced_gc_runs})
 * @param gcEvictions entries removed by those collections
 */
record NeighborCacheStats(int dynamicEntries, int staticEntries, long allocs, long destroys, long resolutionFailures,
        long multicastSolicitations, long unicastSolicitations, long queueOverflowDrops, long unreachableDrops,
        long tableFullDrops, long otherDrops, long forcedGcRuns, long gcEvictions) {

    /** @return every packet handed to {@link NeighborActions#dropUnresolved} */
    long totalDrops() {
        return queueOverflowDrops + unreachableDrops + tableFullDrops + otherDrops;
    }
}
