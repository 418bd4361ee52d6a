package netstack.ip.internal;

/**
 * The Neighbor Unreachability Detection state machine of RFC 4861 §7.3 (Appendix C), shared by NDP and ARP, as pure
 * functions of (state, event) to a <em>decision</em>: the new state plus what to do. {@link NeighborCache} owns the
 * entries, the clock, the timers and the packets, and carries the decisions out; keeping the rules here, free of
 * I/O and time, lets a test walk every row of the RFC's tables.
 *
 * <p>A decision is an {@code int}: the low byte is the new state ({@link #newState(int)}), the bits above are
 * flags ({@link #has(int, int)}). {@link #IGNORE} means "change nothing at all", not even the IsRouter flag.
 *
 * <p>Where RFC 4861's Appendix C (informative) and the normative text of §7.2.5 disagree, the text wins, as it does
 * in Linux ({@code __neigh_update} with {@code NEIGH_UPDATE_F_WEAK_OVERRIDE}):
 * <ul>
 *   <li>a REACHABLE entry that receives an advertisement without Override and with a different link-layer address
 *       goes to STALE whatever the Solicited flag (§7.2.5 I.a); the appendix lists only Solicited=1;
 *   <li>a solicited advertisement without a Target Link-Layer Address option confirms reachability (§7.2.5 II: "or
 *       no Target Link-Layer Address option was supplied"); §7.2.4 lets a node leave the option out when it answers
 *       a unicast probe, so NUD would never succeed otherwise. The appendix row says "unchanged".
 * </ul>
 *
 * <p>Allocation-free; stateless; thread-safe.
 */
final class NeighborTransitions {

    /** No entry exists. */
    static final int NONE = 0;
    /** Address resolution in progress; packets wait (RFC 4861 §7.3.2). */
    static final int INCOMPLETE = 1;
    /** Positive confirmation within the last ReachableTime. */
    static final int REACHABLE = 2;
    /** Not known to be reachable; nothing is done until a packet is sent. */
    static final int STALE = 3;
    /** A packet was sent while STALE; waiting DELAY_FIRST_PROBE_TIME for an upper-layer confirmation. */
    static final int DELAY = 4;
    /** Unicast probes are being sent. */
    static final int PROBE = 5;
    /** Resolution or probing failed; kept briefly for operators, then removed (Linux NUD_FAILED). */
    static final int FAILED = 6;
    /** Configured by the operator; never changed by the protocol (Linux NUD_PERMANENT). */
    static final int STATIC = 7;

    private static final int STATE_MASK = 0xff;

    /** Change nothing: not the state, not the address, not the IsRouter flag. */
    static final int IGNORE = 1 << 8;
    /** Create the entry (the event found none). */
    static final int CREATE = 1 << 9;
    /** Store the link-layer address carried by the event. */
    static final int RECORD_ADDRESS = 1 << 10;
    /** Set the IsRouter flag from the advertisement's Router flag (§7.2.5). */
    static final int UPDATE_ROUTER = 1 << 11;
    /** Hand every queued packet to the link, oldest first (§7.2.2, §7.2.5). */
    static final int SEND_QUEUED = 1 << 12;
    /** Queue the packet being sent (§7.2.2). */
    static final int QUEUE_PACKET = 1 << 13;
    /** The packet being sent may go now, to the cached address. */
    static final int SEND_NOW = 1 << 14;
    /** Send a multicast (NDP) or broadcast (ARP) solicitation. */
    static final int SOLICIT_MULTICAST = 1 << 15;
    /** Send a unicast solicitation to the cached link-layer address (a NUD probe, §7.3.3). */
    static final int SOLICIT_UNICAST = 1 << 16;
    /** Drop every queued packet, reporting each as unreachable (§7.2.2). */
    static final int DROP_QUEUED = 1 << 17;
    /** Remove the entry. */
    static final int REMOVE = 1 << 18;
    /** Reachability was just confirmed: restart the ReachableTime clock. */
    static final int CONFIRMED = 1 << 19;

    private NeighborTransitions() {
    }

    /** @return the state a decision moves to */
    static int newState(int decision) {
        return decision & STATE_MASK;
    }

    /** @return whether {@code decision} carries {@code flag} */
    static boolean has(int decision, int flag) {
        return (decision & flag) != 0;
    }

    /** @return {@code true} for the states in which the cached link-layer address may be used for sending */
    static boolean usable(int state) {
        return state == REACHABLE || state == STALE || state == DELAY || state == PROBE || state == STATIC;
    }

    /**
     * A packet is to be sent to the neighbor (RFC 4861 §7.2.2, §7.3.3; RFC 826 / RFC 1122 §2.3.2.2 for ARP).
     *
     * @param state the entry's state, {@link #NONE} if there is none
     * @return the decision
     */
    static int onSend(int state) {
        return switch (state) {
            // §7.2.2: create an INCOMPLETE entry, queue the packet, solicit to the solicited-node multicast address.
            // A FAILED entry is the RFC's "discard entry" kept for display: start over the same way.
            case NONE -> INCOMPLETE | CREATE | QUEUE_PACKET | SOLICIT_MULTICAST;
            case FAILED -> INCOMPLETE | QUEUE_PACKET | SOLICIT_MULTICAST;
            // §7.2.2: while resolution is in progress the packet waits in the entry's queue.
            case INCOMPLETE -> INCOMPLETE | QUEUE_PACKET;
            // §7.3.3: the first packet sent to a STALE neighbor moves it to DELAY and starts the delay timer.
            case STALE -> DELAY | SEND_NOW;
            // §7.3.3: REACHABLE, DELAY and PROBE send with the cached address; sending changes nothing.
            case REACHABLE, DELAY, PROBE, STATIC -> state | SEND_NOW;
            default -> throw new IllegalArgumentException("state " + state);
        };
    }

    /**
     * A timer of the entry expired.
     *
     * @param state the entry's state
     * @param solicitationsSent solicitations sent since the entry entered {@code state}
     * @param maxMulticastSolicit MAX_MULTICAST_SOLICIT
     * @param maxUnicastSolicit MAX_UNICAST_SOLICIT
     * @return the decision
     */
    static int onTimeout(int state, int solicitationsSent, int maxMulticastSolicit, int maxUnicastSolicit) {
        return switch (state) {
            // §7.2.2: retransmit every RetransTimer until MAX_MULTICAST_SOLICIT solicitations went unanswered; then
            // resolution has failed and each queued packet gets an ICMP destination unreachable.
            case INCOMPLETE -> solicitationsSent < maxMulticastSolicit
                    ? INCOMPLETE | SOLICIT_MULTICAST
                    : FAILED | DROP_QUEUED;
            // §7.3.2: ReachableTime passed without confirmation.
            case REACHABLE -> STALE;
            // §7.3.3: still in DELAY when the timer expires: PROBE, sending the first unicast solicitation.
            case DELAY -> PROBE | SOLICIT_UNICAST;
            // §7.3.3: retransmit every RetransTimer; after MAX_UNICAST_SOLICIT unanswered probes the entry goes.
            case PROBE -> solicitationsSent < maxUnicastSolicit ? PROBE | SOLICIT_UNICAST : FAILED | DROP_QUEUED;
            // Linux-like: a FAILED entry is shown for a while, then removed.
            case FAILED -> NONE | REMOVE;
            // STALE and STATIC have no timer.
            case NONE, STALE, STATIC -> IGNORE;
            default -> throw new IllegalArgumentException("state " + state);
        };
    }

    /**
     * An upper layer confirmed forward progress (RFC 4861 §7.3.1, e.g. TCP acknowledged new data).
     *
     * @param state the entry's state
     * @return the decision
     */
    static int onConfirmation(int state) {
        return switch (state) {
            // Appendix C: "!INCOMPLETE, upper-layer reachability confirmation -> REACHABLE".
            case REACHABLE, STALE, DELAY, PROBE -> REACHABLE | CONFIRMED;
            // No address known (INCOMPLETE, FAILED) or not subject to NUD (STATIC): nothing to confirm.
            case NONE, INCOMPLETE, FAILED, STATIC -> IGNORE;
            default -> throw new IllegalArgumentException("state " + state);
        };
    }

    /**
     * Unsolicited information carrying the sender's link-layer address: a Neighbor Solicitation with a Source
     * Link-Layer Address option (RFC 4861 §7.2.3), a Router Solicitation (§6.2.6), Router Advertisement (§6.3.4)
     * or Redirect (§8.3) with one, or an ARP packet from the sender (RFC 826 "merge").
     *
     * <p>The IsRouter flag is not decided here: each message has its own rule, applied by the cache.
     *
     * @param state the entry's state
     * @param sameAddress the carried address equals the cached one (meaningless without a cached address)
     * @param mayCreate whether the message may create an entry (RFC 826 creates only when the packet is for us)
     * @return the decision
     */
    static int onLinkAddress(int state, boolean sameAddress, boolean mayCreate) {
        return switch (state) {
            // §7.2.3: "If an entry does not already exist, the node SHOULD create a new one and set its
            // reachability state to STALE".
            case NONE -> mayCreate ? STALE | CREATE | RECORD_ADDRESS : IGNORE;
            // Appendix C: INCOMPLETE + NS/RS/RA/Redirect with an address: record it, STALE, send queued packets.
            case INCOMPLETE -> STALE | RECORD_ADDRESS | SEND_QUEUED;
            // A FAILED entry has no usable address: it learns one like an INCOMPLETE entry (Linux: not NUD_VALID).
            case FAILED -> STALE | RECORD_ADDRESS;
            // §7.2.3: a different address replaces the cached one and the state MUST become STALE; the same
            // address changes nothing.
            case REACHABLE, STALE, DELAY, PROBE -> sameAddress ? IGNORE : STALE | RECORD_ADDRESS;
            // Operator entries are not changed by the protocol.
            case STATIC -> IGNORE;
            default -> throw new IllegalArgumentException("state " + state);
        };
    }

    /**
     * A Neighbor Advertisement for the entry's address (RFC 4861 §7.2.5), or an ARP reply addressed to us, which
     * behaves as Solicited=1, Override=1.
     *
     * @param state the entry's state
     * @param hasAddress the advertisement carries a Target Link-Layer Address option
     * @param sameAddress the carried address equals the cached one (meaningless without both)
     * @param solicited the S flag
     * @param override the O flag
     * @return the decision
     */
    static int onAdvertisement(int state, boolean hasAddress, boolean sameAddress, boolean solicited,
            boolean override) {
        switch (state) {
            case NONE, STATIC:
                // §7.2.5: "If no entry exists, the advertisement SHOULD be silently discarded." Operator entries are
                // not changed by the protocol.
                return IGNORE;
            case INCOMPLETE, FAILED:
                if (!hasAddress) {
                    // §7.2.5: on a link with addresses, an advertisement without the option cannot resolve: discard.
                    return IGNORE;
                }
                // §7.2.5: record the address; REACHABLE if solicited, else STALE; set IsRouter; send queued packets.
                return (solicited ? REACHABLE | CONFIRMED : STALE) | RECORD_ADDRESS | UPDATE_ROUTER | SEND_QUEUED;
            case REACHABLE, STALE, DELAY, PROBE: {
                boolean differs = hasAddress && !sameAddress;
                if (!override && differs) {
                    // §7.2.5 I.a: REACHABLE goes to STALE "but do not update the entry in any other way";
                    // I.b: otherwise the advertisement is ignored and MUST NOT update the cache.
                    return state == REACHABLE ? STALE : IGNORE;
                }
                // §7.2.5 II: Override set, or the same address, or no address option.
                int decision = UPDATE_ROUTER | (differs ? RECORD_ADDRESS : 0);
                if (solicited) {
                    return decision | REACHABLE | CONFIRMED;
                }
                // "If the Solicited flag is zero and the link-layer address was updated with a different address,
                // the state MUST be set to STALE. Otherwise, the entry's state remains unchanged."
                return decision | (differs ? STALE : state);
            }
            default:
                throw new IllegalArgumentException("state " + state);
        }
    }

    /**
     * @param state a state constant
     * @return its name, for messages and tests
     */
    static String name(int state) {
        return switch (state) {
            case NONE -> "NONE";
            case INCOMPLETE -> "INCOMPLETE";
            case REACHABLE -> "REACHABLE";
            case STALE -> "STALE";
            case DELAY -> "DELAY";
            case PROBE -> "PROBE";
            case FAILED -> "FAILED";
            case STATIC -> "STATIC";
            default -> "state " + state;
        };
    }
}
