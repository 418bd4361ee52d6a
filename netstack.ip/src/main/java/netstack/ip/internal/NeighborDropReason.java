package netstack.ip.internal;

/**
 * Why a {@link NeighborCache} gave a packet back through {@link NeighborActions#dropUnresolved} instead of
 * sending it, and whether the sender should be told with an ICMP error.
 *
 * <p>For {@link #reportsUnreachable()} reasons the caller sends ICMP destination unreachable about the packet
 * (subject to ICMP rate limiting): for IPv6 type 1 code 3 "address unreachable" (RFC 4861 §7.2.2, RFC 4443 §3.1);
 * for IPv4 type 3 code 1 "host unreachable" (RFC 792, RFC 1122 §3.2.2.1). Either way the caller counts the drop
 * (MIB {@code neighborResolutionDrops}) and releases the buffer.
 */
enum NeighborDropReason {

    /**
     * Address resolution failed: MAX_MULTICAST_SOLICIT solicitations went unanswered. RFC 4861 §7.2.2: "The sender
     * MUST return ICMP destination unreachable indications with code 3 (Address Unreachable) for each packet queued
     * awaiting address resolution."
     */
    RESOLUTION_FAILED(true),
    /**
     * The entry's queue was full and this, its oldest packet, made room for a newer one. RFC 4861 §7.2.2: "When a
     * queue overflows, the new arrival SHOULD replace the oldest entry." No ICMP (Linux counts it as
     * {@code unresolved_discards}).
     */
    QUEUE_OVERFLOW(false),
    /**
     * No entry could be created: the cache holds its maximum of entries and none could be collected (Linux
     * {@code table_fulls}, "neighbour table overflow"). No ICMP.
     */
    TABLE_FULL(false),
    /**
     * The operator deleted or flushed the INCOMPLETE entry the packet waited in. Reported as unreachable, as Linux
     * does ({@code neigh_invalidate} on an administrative change to FAILED).
     */
    DELETED(true),
    /** The link went down or its driver detached; the entry was flushed. No ICMP (Linux purges silently). */
    LINK_DOWN(false),
    /**
     * The destination cannot be resolved at all: another address family, or a multicast, broadcast or unspecified
     * address, which map to link addresses without neighbor discovery (RFC 1112 §6.4, RFC 2464 §7). A caller bug;
     * no ICMP.
     */
    NOT_RESOLVABLE(false);

    private final boolean reportsUnreachable;

    NeighborDropReason(boolean reportsUnreachable) {
        this.reportsUnreachable = reportsUnreachable;
    }

    /** @return whether the caller should send ICMP destination unreachable for the dropped packet */
    boolean reportsUnreachable() {
        return reportsUnreachable;
    }
}
