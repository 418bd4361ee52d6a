package netstack.api.admin;

/** Neighbor cache entry states (RFC 4861 §7.3.2; ARP entries use the same). */
public enum NeighborState {
    /** Resolution in progress; packets wait in a bounded queue. */
    INCOMPLETE,
    /** Recently confirmed reachable. */
    REACHABLE,
    /** Not confirmed lately; used, and verified on next use. */
    STALE,
    /** Waiting a little for upper-layer confirmation before probing. */
    DELAY,
    /** Probing with unicast solicitations. */
    PROBE,
    /** Resolution failed. */
    FAILED,
    /** Configured, never expires. */
    PERMANENT
}
