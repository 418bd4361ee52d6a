package netstack.ip.internal;

import static netstack.ip.internal.NeighborTransitions.CONFIRMED;
import static netstack.ip.internal.NeighborTransitions.CREATE;
import static netstack.ip.internal.NeighborTransitions.DELAY;
import static netstack.ip.internal.NeighborTransitions.DROP_QUEUED;
import static netstack.ip.internal.NeighborTransitions.FAILED;
import static netstack.ip.internal.NeighborTransitions.IGNORE;
import static netstack.ip.internal.NeighborTransitions.INCOMPLETE;
import static netstack.ip.internal.NeighborTransitions.NONE;
import static netstack.ip.internal.NeighborTransitions.PROBE;
import static netstack.ip.internal.NeighborTransitions.QUEUE_PACKET;
import static netstack.ip.internal.NeighborTransitions.REACHABLE;
import static netstack.ip.internal.NeighborTransitions.RECORD_ADDRESS;
import static netstack.ip.internal.NeighborTransitions.REMOVE;
import static netstack.ip.internal.NeighborTransitions.SEND_NOW;
import static netstack.ip.internal.NeighborTransitions.SEND_QUEUED;
import static netstack.ip.internal.NeighborTransitions.SOLICIT_MULTICAST;
import static netstack.ip.internal.NeighborTransitions.SOLICIT_UNICAST;
import static netstack.ip.internal.NeighborTransitions.STALE;
import static netstack.ip.internal.NeighborTransitions.STATIC;
import static netstack.ip.internal.NeighborTransitions.UPDATE_ROUTER;
import static netstack.ip.internal.NeighborTransitions.has;
import static netstack.ip.internal.NeighborTransitions.newState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.NeighborState;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;

/**
 * The neighbor cache of one interface for one address family: ARP for IPv4 (RFC 826, RFC 1122 §2.3.2) and Neighbor
 * Discovery for IPv6 (RFC 4861 §7), driven by the one Neighbor Unreachability Detection state machine of RFC 4861
 * §7.3 ({@link NeighborTransitions}), as Linux drives {@code arp_tbl} and {@code nd_tbl}. For ARP the broadcast
 * request plays the multicast solicitation's part, a unicast request the NUD probe's, and a reply addressed to us
 * an advertisement with Solicited and Override set.
 *
 * <p>The cache does no I/O and reads no clock: every event carries {@code nowNanos}, and everything the cache wants
 * done goes out through {@link NeighborActions}. Timers are per-entry deadlines in a heap; a timer facility calls
 * {@link #onTimer(long)} at {@link #nextDeadlineNanos()}, which the cache also announces through
 * {@link NeighborActions#scheduleTimer(long)}. Randomness (ReachableTime, RFC 4861 §6.3.2, and the hash seed) comes
 * from an injected {@link RandomGenerator}.
 *
 * <h2>Entries</h2>
 * States are RFC 4861's INCOMPLETE, REACHABLE, STALE, DELAY and PROBE, plus FAILED (resolution or probing failed:
 * shown for {@link NeighborParams#failedLifetimeNanos()}, then removed; a packet sent meanwhile starts resolution
 * again, as in Linux) and STATIC (operator entries, {@code ip neigh add ... permanent}: never changed by the protocol,
 * never collected, not counted against {@link NeighborParams#maxEntries()}). {@link #snapshot()} reports them with
 * {@link NeighborState}, STATIC as {@link NeighborState#PERMANENT}.
 *
 * <h2>Buffer ownership</h2>
 * {@link #resolve} either returns a MAC address ({@code >= 0}), and the caller keeps the packet and sends it, or
 * returns {@link #QUEUED} or {@link #DROPPED}, and the cache has taken the packet. A taken packet is handed on exactly
 * once, to {@link NeighborActions#transmit} or {@link NeighborActions#dropUnresolved}, and the cache forgets it. The
 * cache never releases a buffer itself and holds buffers only while they wait in an INCOMPLETE entry's queue or in
 * its outbox.
 *
 * <h2>Bounds</h2>
 * At most {@link NeighborParams#maxEntries()} dynamic entries. When a new one is needed and the table is full, one
 * collection pass removes every FAILED entry and then STALE entries, least recently updated first, down to 7/8 of
 * the limit (Linux's forced GC likewise removes several at once, down to {@code gc_thresh2}). REACHABLE, DELAY, PROBE
 * and INCOMPLETE entries are in use and are never evicted for a newcomer, so a flood of packets to unused addresses
 * (the neighbor-cache exhaustion of RFC 6583) can stop new resolutions, counted as
 * {@link NeighborDropReason#TABLE_FULL} drops, but cannot push out neighbors being talked to. Each INCOMPLETE entry
 * queues at most {@link NeighborParams#maxQueuedPackets()} packets and {@link NeighborParams#maxQueuedBytes()} bytes;
 * the oldest makes room (RFC 4861 §7.2.2).
 *
 * <h2>Threading</h2>
 * Thread-safe. Every change happens under one {@link ReentrantLock} per cache, which is a leaf: nothing else is
 * locked while it is held, and no {@link NeighborActions} method is called while it is held (they run afterwards,
 * from an outbox; see {@link NeighborActions}). Two data-path calls take no lock in the common case:
 * <ul>
 *   <li>{@link #resolve} for an entry that is REACHABLE (and within ReachableTime), DELAY, PROBE or STATIC, with no
 *       earlier packet of that neighbor still waiting in the outbox, reads the entry through an acquire load of the
 *       hash table and one {@code volatile} word holding state and MAC together;
 *   <li>{@link #confirmReachable} writes the entry's confirmation time and, if the entry is REACHABLE, is done (as
 *       Linux's {@code neigh_confirm}). The REACHABLE timeout rechecks that time after publishing STALE, so a
 *       confirmation racing with it is never lost.
 * </ul>
 * Everything else, and any case the lock-free read cannot settle, takes the lock. A stale lock-free read can only
 * send one packet with an address that was valid an instant earlier. Whichever thread finds the outbox idle runs it
 * until it is empty, including actions that other threads' calls added meanwhile.
 *
 * <h2>Lookups and allocation</h2>
 * Entries live in an open-addressing table (linear probing, backward-shift deletion, load factor at most 1/2, sized
 * once from the limits) keyed by the address bits as two {@code long}s, hashed with a per-cache random seed so that
 * remote hosts cannot aim addresses at one probe chain. A lookup reads the {@link Ipv4Address}/{@link Ipv6Address}
 * record the caller already has and allocates nothing. In steady state no method on the data path allocates:
 * {@link #resolve}, {@link #confirmReachable}, the receive-side methods and {@link #onTimer} allocate only when an
 * entry is created (the entry itself), when a queue or the outbox first grows beyond its previous largest size, and
 * in a forced collection (a sort). Operator methods allocate freely.
 */
final class NeighborCache {

    /** {@link #nextDeadlineNanos()} when no timer is pending. */
    static final long NO_DEADLINE = Long.MAX_VALUE;
    /** A link-layer address argument meaning "the message carried none". */
    static final long NO_LINK_ADDRESS = -1L;
    /** {@link #resolve} result: the cache took the packet and will transmit or drop it. */
    static final long QUEUED = -1L;
    /** {@link #resolve} result: the cache took the packet and dropped it ({@link NeighborActions#dropUnresolved}). */
    static final long DROPPED = -2L;

    /** How a message changes the IsRouter flag of an entry that exists or is created. */
    enum RouterFlag {
        /** Leave it: Neighbor Solicitations (RFC 4861 §7.2.3: "the IsRouter flag should not be modified"). */
        KEEP,
        /** Set it: Router Advertisements (§6.3.4), Redirects to a router (§8.3). */
        SET,
        /** Clear it: Router Solicitations, which only hosts send (§6.2.6). */
        CLEAR
    }

    private static final int REMOVED = 8;
    private static final int STATE_SHIFT = 48;
    private static final long MAC_MASK = 0xffff_ffff_ffffL;
    private static final long MULTICAST_MAC_BIT = 1L << 40;

    private static final byte OUT_SOLICIT = 1;
    private static final byte OUT_TRANSMIT = 2;
    private static final byte OUT_DROP = 3;
    private static final byte OUT_ROUTER_CLEARED = 4;
    private static final byte OUT_TIMER = 5;
    private static final int INITIAL_OUTBOX = 64;
    private static final int INITIAL_QUEUE = 4;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Entry.class, "pendingTransmits", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** FAILED before STALE, then least recently updated first. */
    private static final Comparator<Entry> GC_ORDER = (a, b) -> {
        int byState = Integer.compare(stateOf(b), stateOf(a));
        return byState != 0 ? byState : Long.compare(a.updatedNanos - b.updatedNanos, 0);
    };

    private final String interfaceName;
    private final IpFamily family;
    private final RandomGenerator random;
    private final NeighborActions actions;
    private final long hashSeed;
    private final ReentrantLock lock = new ReentrantLock();
    /** The hash table; its size never changes. Written under the lock with release stores, read with acquire. */
    private final Entry[] slots;
    private final int mask;

    /** The current ReachableTime, drawn in [0.5, 1.5) × BaseReachableTime. Written under the lock. */
    private volatile long reachableTimeNanos;

    // Everything below is guarded by the lock.
    private NeighborParams params;
    private long reachableTimeDrawnNanos;
    private final Entry[] heap;
    private int heapSize;
    private long announcedDeadlineNanos = NO_DEADLINE;
    private int dynamicCount;
    private int staticCount;
    /** Entries a forced collection could remove (STALE or FAILED), so a futile collection costs nothing. */
    private int collectableCount;
    private final Entry[] scratch;

    private byte[] outKind = new byte[INITIAL_OUTBOX];
    private IpAddress[] outAddress = new IpAddress[INITIAL_OUTBOX];
    private Entry[] outEntry = new Entry[INITIAL_OUTBOX];
    private PacketBuffer[] outPacket = new PacketBuffer[INITIAL_OUTBOX];
    private long[] outValue = new long[INITIAL_OUTBOX];
    private long[] outTime = new long[INITIAL_OUTBOX];
    private NeighborDropReason[] outReason = new NeighborDropReason[INITIAL_OUTBOX];
    private IpAddress[] outSource = new IpAddress[INITIAL_OUTBOX];
    private int outHead;
    private int outSize;
    private boolean draining;

    private long allocs;
    private long destroys;
    private long resolutionFailures;
    private long multicastSolicitations;
    private long unicastSolicitations;
    private long queueOverflowDrops;
    private long unreachableDrops;
    private long tableFullDrops;
    private long otherDrops;
    private long forcedGcRuns;
    private long gcEvictions;

    /**
     * @param interfaceName the interface, for {@link NeighborInfo}
     * @param family the address family this cache resolves: IPv4 (ARP) or IPv6 (NDP)
     * @param params the parameters
     * @param random the source of ReachableTime jitter and of the hash seed; used under the cache's lock only. Outside
     *     tests it must be seeded unpredictably (e.g. from {@link java.security.SecureRandom}): the hash seed is
     *     what keeps remote hosts from choosing addresses that collide
     * @param actions what the cache asks of the world
     * @param nowNanos the current time, on the clock all later calls use
     */
    NeighborCache(String interfaceName, IpFamily family, NeighborParams params, RandomGenerator random,
            NeighborActions actions, long nowNanos) {
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.family = Objects.requireNonNull(family, "family");
        this.params = Objects.requireNonNull(params, "params");
        this.random = Objects.requireNonNull(random, "random");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.hashSeed = random.nextLong();
        int total = params.maxEntries() + params.maxStaticEntries();
        int capacity = Integer.highestOneBit(Math.max(2, total) * 2 - 1) << 1;
        this.slots = new Entry[capacity];
        this.mask = capacity - 1;
        this.heap = new Entry[params.maxEntries()];
        this.scratch = new Entry[Math.max(params.maxEntries(), 1)];
        drawReachableTime(nowNanos);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data path
    // ---------------------------------------------------------------------------------------------------------

    /**
     * {@link #resolve(IpAddress, IpAddress, PacketBuffer, long)} without a source address for solicitations.
     *
     * @param nextHop the unicast neighbor address, of this cache's family
     * @param packet the packet; the caller keeps it if a MAC is returned, the cache takes it otherwise
     * @param nowNanos the current time
     * @return the 48-bit MAC address to send to, or {@link #QUEUED} or {@link #DROPPED} if the cache took the packet
     */
    long resolve(IpAddress nextHop, PacketBuffer packet, long nowNanos) {
        return resolve(nextHop, null, packet, nowNanos);
    }

    /**
     * Finds the link-layer address for a packet to the on-link neighbor {@code nextHop}, the output path's event
     * "packet to send" (RFC 4861 §7.2.2, §7.3.3).
     *
     * <p>If the entry is usable the MAC comes back at once: REACHABLE, DELAY, PROBE, STATIC, and STALE, which moves to
     * DELAY (§7.3.3). Otherwise the cache takes the packet: it queues it in the INCOMPLETE entry (creating the entry
     * and soliciting if there was none, or if it had FAILED), or hands it to {@link NeighborActions#transmit} after
     * packets of the same neighbor still in the outbox, or drops it ({@link NeighborDropReason#TABLE_FULL},
     * {@link NeighborDropReason#NOT_RESOLVABLE}).
     *
     * <p>Allocation-free in steady state; lock-free for REACHABLE, DELAY, PROBE and STATIC entries.
     *
     * @param nextHop the unicast neighbor address, of this cache's family
     * @param source the packet's IP source address, offered to {@link NeighborActions#sendSolicitation} as the
     *     solicitation's source (RFC 4861 §7.2.2); {@code null} if unknown
     * @param packet the packet; the caller keeps it if a MAC is returned, the cache takes it otherwise
     * @param nowNanos the current time
     * @return the 48-bit MAC address to send to, or {@link #QUEUED} or {@link #DROPPED} if the cache took the packet
     */
    long resolve(IpAddress nextHop, IpAddress source, PacketBuffer packet, long nowNanos) {
        long usable = usableMac(nextHop, nowNanos);
        if (usable != MISS) {
            return usable;
        }
        return resolveSlow(nextHop, source, packet, nowNanos);
    }

    /** {@link #usableMac(long, long, long)}'s answer when the entry is missing or not usable without the lock. */
    static final long MISS = -3L;

    /**
     * The lock-free, allocation-free part of {@link #resolve}: the neighbor's MAC when its entry is usable right now
     * (REACHABLE within ReachableTime, DELAY, PROBE, STATIC, with no packet of it still waiting to go out), else
     * {@link #MISS}, in which case the caller must call {@link #resolve} (which handles STALE, INCOMPLETE and
     * missing entries). Lets the output path look up by address bits without creating an address object.
     *
     * @param high the address's first 64 bits (0 for IPv4)
     * @param low the address's last 64 bits (for IPv4, the 32 address bits, unsigned)
     * @param nowNanos the current time
     * @return the 48-bit MAC or {@link #MISS}
     */
    long usableMac(long high, long low, long nowNanos) {
        Entry e = lookupAcquire(high, low);
        if (e != null) {
            long link = e.link;
            int state = stateOf(link);
            if ((state == REACHABLE && nowNanos - e.confirmedNanos < reachableTimeNanos)
                    || state == DELAY || state == PROBE || state == STATIC) {
                if (e.pendingTransmits == 0) {
                    return link & MAC_MASK;
                }
            }
        }
        return MISS;
    }

    private long usableMac(IpAddress address, long nowNanos) {
        return switch (address) {
            case Ipv4Address v4 -> family == IpFamily.IPV4 ? usableMac(0, v4.bits() & 0xffff_ffffL, nowNanos) : MISS;
            case Ipv6Address v6 -> family == IpFamily.IPV6 ? usableMac(v6.high(), v6.low(), nowNanos) : MISS;
        };
    }

    private long resolveSlow(IpAddress nextHop, IpAddress source, PacketBuffer packet, long nowNanos) {
        Objects.requireNonNull(packet, "packet");
        long result;
        boolean drain;
        lock.lock();
        try {
            result = resolveLocked(nextHop, source, packet, nowNanos);
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
        return result;
    }

    private long resolveLocked(IpAddress nextHop, IpAddress source, PacketBuffer packet, long nowNanos) {
        if (!resolvable(nextHop)) {
            postDrop(nextHop, packet, NeighborDropReason.NOT_RESOLVABLE);
            return DROPPED;
        }
        refreshReachableTime(nowNanos);
        Entry e = lookupAcquire(nextHop);
        if (e != null && stateOf(e) == REACHABLE) {
            expireReachable(e, nowNanos);
        }
        int decision = NeighborTransitions.onSend(e == null ? NONE : stateOf(e));
        if (has(decision, CREATE)) {
            e = createDynamic(nextHop, nowNanos);
            if (e == null) {
                postDrop(nextHop, packet, NeighborDropReason.TABLE_FULL);
                return DROPPED;
            }
        }
        if (has(decision, QUEUE_PACKET) && source != null) {
            e.promptingSource = source;
        }
        return apply(e, decision, NO_LINK_ADDRESS, false, packet, nowNanos);
    }

    /**
     * Upper-layer reachability confirmation (RFC 4861 §7.3.1): a transport saw forward progress with {@code neighbor}
     * (TCP: an acknowledgement of new data, or a SYN-ACK). A REACHABLE entry stays REACHABLE for another
     * ReachableTime; STALE, DELAY and PROBE become REACHABLE (Appendix C). Entries without an address, operator
     * entries and unknown neighbors are unaffected.
     *
     * <p>Allocation-free; lock-free when the entry is REACHABLE, so it may be called for every acknowledgement.
     *
     * @param neighbor the next hop the confirmed traffic went through
     * @param nowNanos the current time
     */
    void confirmReachable(IpAddress neighbor, long nowNanos) {
        Entry e = lookupAcquire(neighbor);
        if (e == null) {
            return;
        }
        if (e.confirmedNanos != nowNanos) {
            e.confirmedNanos = nowNanos;
        }
        int state = stateOf(e.link);
        if (state != STALE && state != DELAY && state != PROBE) {
            return;
        }
        boolean drain;
        lock.lock();
        try {
            Entry current = lookupAcquire(neighbor);
            if (current != null) {
                int decision = NeighborTransitions.onConfirmation(stateOf(current));
                if (!has(decision, IGNORE)) {
                    apply(current, decision, NO_LINK_ADDRESS, false, null, nowNanos);
                }
            }
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Receive path
    // ---------------------------------------------------------------------------------------------------------

    /**
     * A valid Neighbor Solicitation (RFC 4861 §7.1.1) from {@code source} with a Source Link-Layer Address option
     * (§7.2.3): creates the entry as STALE, or makes an existing one STALE if the address differs, or resolves an
     * INCOMPLETE one (STALE, queued packets sent, hence DELAY by §7.3.3). The IsRouter flag is kept. The caller
     * does not call this for Duplicate Address Detection solicitations (unspecified source) or without the option.
     *
     * @param source the solicitation's IP source address
     * @param sourceMacBits the Source Link-Layer Address
     * @param nowNanos the current time
     */
    void solicitationReceived(IpAddress source, long sourceMacBits, long nowNanos) {
        linkAddressReceived(source, sourceMacBits, RouterFlag.KEEP, true, nowNanos);
    }

    /**
     * Link-layer address information from a message other than an advertisement: the rules of RFC 4861 Appendix C's
     * second table for Router Solicitations (§6.2.6: IsRouter cleared), Router Advertisements (§6.3.4: IsRouter set),
     * Redirects (§8.3: IsRouter set when the target is a router) and Neighbor Solicitations (§7.2.3).
     *
     * @param neighbor the address the information is about
     * @param macBits its link-layer address, or {@link #NO_LINK_ADDRESS} if the message carried none (then only the
     *     IsRouter flag of an existing entry changes)
     * @param routerFlag what the message says about the IsRouter flag
     * @param mayCreate whether an entry may be created
     * @param nowNanos the current time
     */
    void linkAddressReceived(IpAddress neighbor, long macBits, RouterFlag routerFlag, boolean mayCreate,
            long nowNanos) {
        if (!resolvable(neighbor) || (macBits != NO_LINK_ADDRESS && !unicastMac(macBits))) {
            return;
        }
        boolean drain;
        lock.lock();
        try {
            refreshReachableTime(nowNanos);
            linkAddressLocked(neighbor, macBits, routerFlag, mayCreate, nowNanos);
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    private void linkAddressLocked(IpAddress neighbor, long macBits, RouterFlag routerFlag, boolean mayCreate,
            long nowNanos) {
        Entry e = lookupAcquire(neighbor);
        if (macBits != NO_LINK_ADDRESS) {
            int state = e == null ? NONE : stateOf(e);
            int decision = NeighborTransitions.onLinkAddress(state, sameAddress(e, state, macBits), mayCreate);
            if (has(decision, CREATE)) {
                e = createDynamic(neighbor, nowNanos);
                if (e == null) {
                    return;
                }
            }
            if (!has(decision, IGNORE)) {
                apply(e, decision, macBits, false, null, nowNanos);
            }
        }
        if (e != null && routerFlag != RouterFlag.KEEP && stateOf(e) != STATIC) {
            setRouter(e, routerFlag == RouterFlag.SET);
        }
    }

    /**
     * A valid Neighbor Advertisement (RFC 4861 §7.1.2) for {@code target}: the whole table of §7.2.5. Without an
     * entry it is ignored.
     *
     * @param target the advertisement's Target Address
     * @param targetMacBits the Target Link-Layer Address, or {@link #NO_LINK_ADDRESS} without the option
     * @param solicited the S flag
     * @param override the O flag
     * @param router the R flag
     * @param nowNanos the current time
     */
    void advertisementReceived(IpAddress target, long targetMacBits, boolean solicited, boolean override,
            boolean router, long nowNanos) {
        if (!resolvable(target) || (targetMacBits != NO_LINK_ADDRESS && !unicastMac(targetMacBits))) {
            return;
        }
        boolean drain;
        lock.lock();
        try {
            refreshReachableTime(nowNanos);
            Entry e = lookupAcquire(target);
            if (e != null) {
                advertisementLocked(e, targetMacBits, solicited, override, router, nowNanos);
            }
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    private void advertisementLocked(Entry e, long macBits, boolean solicited, boolean override, boolean router,
            long nowNanos) {
        int state = stateOf(e);
        boolean hasAddress = macBits != NO_LINK_ADDRESS;
        int decision = NeighborTransitions.onAdvertisement(state, hasAddress,
                hasAddress && sameAddress(e, state, macBits), solicited, override);
        if (!has(decision, IGNORE)) {
            apply(e, decision, macBits, router, null, nowNanos);
        }
    }

    /**
     * An ARP packet (RFC 826) from {@code sender}, applying the RFC's "merge" step with Linux's choices:
     * <ul>
     *   <li>a reply addressed to us updates an existing entry as a Neighbor Advertisement with Solicited and Override
     *       set: REACHABLE, the sender's address recorded, queued packets sent;
     *   <li>any other ARP packet from a sender we have an entry for (a request, a gratuitous ARP announcement of
     *       RFC 5227 §2.3, a reply to someone else) is treated as a Neighbor Solicitation: a new address makes the
     *       entry STALE, an INCOMPLETE entry is resolved;
     *   <li>only a request for one of our addresses creates an entry (RFC 826: "Am I the target protocol address? If
     *       Merge_flag is false, add the triplet"); a reply nobody asked for does not, which is Linux's default
     *       ({@code arp_accept=0}) and keeps unsolicited replies from planting entries.
     * </ul>
     * ARP probes (sender address 0.0.0.0, RFC 5227 §2.1.1) and packets claiming a multicast or broadcast sender
     * address (RFC 1812 §3.3.2) are ignored. The caller has already checked hardware and protocol types and lengths
     * and handles conflicts with its own addresses (RFC 5227 §2.4) itself.
     *
     * @param sender the sender protocol address
     * @param senderMacBits the sender hardware address
     * @param reply whether the opcode is reply
     * @param targetIsLocal whether the target protocol address is one of ours
     * @param nowNanos the current time
     */
    void arpReceived(Ipv4Address sender, long senderMacBits, boolean reply, boolean targetIsLocal, long nowNanos) {
        if (!resolvable(sender) || !unicastMac(senderMacBits)) {
            return;
        }
        boolean drain;
        lock.lock();
        try {
            refreshReachableTime(nowNanos);
            Entry e = lookupAcquire(sender);
            if (e != null && reply && targetIsLocal) {
                advertisementLocked(e, senderMacBits, true, true, e.router, nowNanos);
            } else if (e != null || (!reply && targetIsLocal)) {
                linkAddressLocked(sender, senderMacBits, RouterFlag.KEEP, targetIsLocal, nowNanos);
            }
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Timers
    // ---------------------------------------------------------------------------------------------------------

    /**
     * @return the earliest entry deadline, or {@link #NO_DEADLINE}; the time at which {@link #onTimer} has work
     */
    long nextDeadlineNanos() {
        lock.lock();
        try {
            return heapSize == 0 ? NO_DEADLINE : heap[0].deadlineNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every entry timer due at {@code nowNanos}: INCOMPLETE retransmits and failure (queued packets dropped as
     * {@link NeighborDropReason#RESOLUTION_FAILED}), REACHABLE to STALE, DELAY to PROBE, PROBE retransmits and
     * failure, removal of FAILED entries. Ends by announcing the next deadline through
     * {@link NeighborActions#scheduleTimer}. Calling it early or twice is harmless.
     *
     * @param nowNanos the current time
     */
    void onTimer(long nowNanos) {
        boolean drain;
        lock.lock();
        try {
            refreshReachableTime(nowNanos);
            NeighborParams p = params;
            while (heapSize > 0 && heap[0].deadlineNanos - nowNanos <= 0) {
                Entry e = heap[0];
                cancel(e);
                int state = stateOf(e);
                if (state == REACHABLE) {
                    expireReachable(e, nowNanos);
                    continue;
                }
                int decision = NeighborTransitions.onTimeout(state, e.solicitationsSent, p.maxMulticastSolicit(),
                        p.maxUnicastSolicit());
                if (!has(decision, IGNORE)) {
                    apply(e, decision, NO_LINK_ADDRESS, false, null, nowNanos);
                }
            }
            long next = heapSize == 0 ? NO_DEADLINE : heap[0].deadlineNanos;
            announcedDeadlineNanos = next;
            post(OUT_TIMER, null, null, null, next, 0, null);
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operator
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Adds or replaces an operator entry ({@code ip neigh replace ADDR lladdr MAC nud permanent}). Packets waiting in
     * an INCOMPLETE entry for the address are sent to {@code mac}.
     *
     * @param address a unicast address of this cache's family
     * @param mac the link-layer address
     * @param router the IsRouter flag
     * @param nowNanos the current time
     * @throws IllegalArgumentException if {@code address} cannot be resolved by this cache
     * @throws IllegalStateException if the cache already holds {@link NeighborParams#maxStaticEntries()} operator
     *     entries
     */
    void addStatic(IpAddress address, MacAddress mac, boolean router, long nowNanos) {
        Objects.requireNonNull(mac, "mac");
        if (!resolvable(address)) {
            throw new IllegalArgumentException("interface " + interfaceName + ": " + address
                    + " is not a unicast " + family + " address, so it has no neighbor entry");
        }
        boolean drain;
        lock.lock();
        try {
            Entry e = lookupAcquire(address);
            int state = e == null ? NONE : stateOf(e);
            if (state != STATIC && staticCount >= params.maxStaticEntries()) {
                throw new IllegalStateException("interface " + interfaceName + ": already "
                        + staticCount + " static " + family + " neighbor entries, the configured maximum");
            }
            if (e == null) {
                e = insert(address, nowNanos);
            } else if (state != STATIC) {
                dynamicCount--;
                cancel(e);
            }
            if (state != STATIC) {
                staticCount++;
            }
            flushQueue(e, mac.bits());
            setRouter(e, router);
            e.solicitationsSent = 0;
            e.updatedNanos = nowNanos;
            publish(e, STATIC, mac.bits());
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    /**
     * Deletes one entry, dynamic or static ({@code ip neigh del}). Packets waiting in it are dropped as
     * {@link NeighborDropReason#DELETED}.
     *
     * @param address the neighbor
     * @param nowNanos the current time
     * @return whether there was an entry
     */
    boolean delete(IpAddress address, long nowNanos) {
        boolean found;
        boolean drain;
        lock.lock();
        try {
            Entry e = lookupAcquire(address);
            found = e != null;
            if (found) {
                remove(e, NeighborDropReason.DELETED);
            }
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
        return found;
    }

    /**
     * Deletes every dynamic entry, keeping operator entries ({@code ip neigh flush dev IF}). Waiting packets are
     * dropped as {@link NeighborDropReason#DELETED}.
     *
     * @param nowNanos the current time
     */
    void flush(long nowNanos) {
        removeDynamic(NeighborDropReason.DELETED);
    }

    /**
     * The link went down or its driver detached: every dynamic entry goes, operator entries stay (Linux
     * {@code neigh_carrier_down}). Waiting packets are dropped as {@link NeighborDropReason#LINK_DOWN}.
     *
     * @param nowNanos the current time
     */
    void linkDown(long nowNanos) {
        removeDynamic(NeighborDropReason.LINK_DOWN);
    }

    private void removeDynamic(NeighborDropReason reason) {
        boolean drain;
        lock.lock();
        try {
            int n = 0;
            for (Entry e : slots) {
                if (e != null && stateOf(e) != STATIC) {
                    scratch[n++] = e;
                }
            }
            for (int i = 0; i < n; i++) {
                remove(scratch[i], reason);
                scratch[i] = null;
            }
            drain = finishLocked();
        } finally {
            lock.unlock();
        }
        if (drain) {
            drainOutbox();
        }
    }

    /**
     * Replaces the parameters, e.g. with BaseReachableTime or RetransTimer from a Router Advertisement (RFC 4861
     * §6.3.4). A new BaseReachableTime draws a new ReachableTime at once (§6.3.4: "recompute a new random
     * ReachableTime"); other changes apply from the next timer or packet on.
     *
     * @param newParams the parameters
     * @param nowNanos the current time
     * @throws IllegalArgumentException if the entry limits differ: the table is sized once
     */
    void params(NeighborParams newParams, long nowNanos) {
        Objects.requireNonNull(newParams, "newParams");
        lock.lock();
        try {
            if (newParams.maxEntries() != params.maxEntries()
                    || newParams.maxStaticEntries() != params.maxStaticEntries()) {
                throw new IllegalArgumentException("the entry limits of a neighbor cache are fixed when it is created");
            }
            boolean redraw = newParams.baseReachableTimeNanos() != params.baseReachableTimeNanos();
            params = newParams;
            if (redraw) {
                drawReachableTime(nowNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the parameters */
    NeighborParams params() {
        lock.lock();
        try {
            return params;
        } finally {
            lock.unlock();
        }
    }

    /** @return the ReachableTime now in force */
    long reachableTimeNanos() {
        return reachableTimeNanos;
    }

    /** @return the interface this cache belongs to */
    String interfaceName() {
        return interfaceName;
    }

    /** @return the address family this cache resolves */
    IpFamily family() {
        return family;
    }

    /** @return every entry, ordered by address, as {@code ip neigh show} lists them; allocates */
    List<NeighborInfo> snapshot() {
        lock.lock();
        try {
            List<NeighborInfo> list = new ArrayList<>(dynamicCount + staticCount);
            for (Entry e : slots) {
                if (e != null) {
                    list.add(info(e));
                }
            }
            list.sort(Comparator.comparing(NeighborInfo::address));
            return list;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param address a neighbor
     * @return its entry, or {@code null}
     */
    NeighborInfo find(IpAddress address) {
        lock.lock();
        try {
            Entry e = lookupAcquire(address);
            return e == null ? null : info(e);
        } finally {
            lock.unlock();
        }
    }

    /** @return the counters now */
    NeighborCacheStats stats() {
        lock.lock();
        try {
            return new NeighborCacheStats(dynamicCount, staticCount, allocs, destroys, resolutionFailures,
                    multicastSolicitations, unicastSolicitations, queueOverflowDrops, unreachableDrops, tableFullDrops,
                    otherDrops, forcedGcRuns, gcEvictions);
        } finally {
            lock.unlock();
        }
    }

    private NeighborInfo info(Entry e) {
        int state = stateOf(e);
        NeighborState shown = switch (state) {
            case INCOMPLETE -> NeighborState.INCOMPLETE;
            case REACHABLE -> NeighborState.REACHABLE;
            case STALE -> NeighborState.STALE;
            case DELAY -> NeighborState.DELAY;
            case PROBE -> NeighborState.PROBE;
            case FAILED -> NeighborState.FAILED;
            case STATIC -> NeighborState.PERMANENT;
            default -> throw new IllegalStateException("entry in state " + state + " is in the table");
        };
        MacAddress mac = state == INCOMPLETE || state == FAILED ? null : new MacAddress(e.link & MAC_MASK);
        return new NeighborInfo(e.address, mac, interfaceName, shown, e.router);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Carrying out decisions (under the lock)
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Carries out one decision of {@link NeighborTransitions} on {@code e}.
     *
     * @return for a send decision, the MAC or {@link #QUEUED}; otherwise meaningless
     */
    private long apply(Entry e, int decision, long macBits, boolean routerFlag, PacketBuffer packet, long nowNanos) {
        int old = stateOf(e);
        int next = newState(decision);
        long mac = has(decision, RECORD_ADDRESS) ? macBits : e.link & MAC_MASK;
        if (has(decision, UPDATE_ROUTER)) {
            setRouter(e, routerFlag);
        }
        if (next != old) {
            e.solicitationsSent = 0;
            e.updatedNanos = nowNanos;
        } else if (has(decision, RECORD_ADDRESS)) {
            e.updatedNanos = nowNanos;
        }
        if (has(decision, CONFIRMED)) {
            e.confirmedNanos = nowNanos;
        }
        if (has(decision, QUEUE_PACKET)) {
            enqueue(e, packet);
        }
        // Queued packets enter the outbox (and pendingTransmits) before the new state is published, so a lock-free
        // resolve that sees the usable state also sees them pending and does not overtake them.
        int sent = has(decision, SEND_QUEUED) ? flushQueue(e, mac) : 0;
        publish(e, next, mac);
        boolean solicited = false;
        if (has(decision, SOLICIT_MULTICAST)) {
            e.solicitationsSent++;
            multicastSolicitations++;
            postSolicitation(e.address, e.promptingSource, NeighborActions.MULTICAST, nowNanos);
            solicited = true;
        } else if (has(decision, SOLICIT_UNICAST)) {
            e.solicitationsSent++;
            unicastSolicitations++;
            postSolicitation(e.address, null, mac, nowNanos);
            solicited = true;
        }
        if (has(decision, DROP_QUEUED)) {
            resolutionFailures++;
            dropQueue(e, NeighborDropReason.RESOLUTION_FAILED);
        }
        if (has(decision, REMOVE)) {
            remove(e, NeighborDropReason.DELETED);
            return QUEUED;
        }
        if (next != old || solicited || (next == REACHABLE && e.heapIndex < 0)) {
            armTimer(e, next, nowNanos);
        }
        if (sent > 0 && next == STALE) {
            // RFC 4861 §7.3.3: sending the queued packets is sending to a STALE neighbor, so it moves to DELAY
            // (Linux does the same through neigh_resolve_output).
            apply(e, NeighborTransitions.onSend(STALE) & ~SEND_NOW, NO_LINK_ADDRESS, false, null, nowNanos);
        }
        if (has(decision, SEND_NOW)) {
            if (e.pendingTransmits > 0) {
                // Earlier packets of this neighbor are still in the outbox: keep the order.
                PENDING.getAndAdd(e, 1);
                post(OUT_TRANSMIT, e.address, e, packet, mac, 0, null);
                return QUEUED;
            }
            return mac;
        }
        return QUEUED;
    }

    /**
     * The REACHABLE timeout (RFC 4861 §7.3.2), lazily: a confirmation only stores a time, so the entry is STALE only
     * once ReachableTime has passed since the last one. After publishing STALE the confirmation time is read again:
     * a lock-free {@link #confirmReachable} writes the time before it reads the state, so if it saw REACHABLE, the
     * second read sees its time and the entry goes back to REACHABLE.
     */
    private void expireReachable(Entry e, long nowNanos) {
        long confirmed = e.confirmedNanos;
        if (nowNanos - confirmed < reachableTimeNanos) {
            schedule(e, confirmed + reachableTimeNanos);
            return;
        }
        apply(e, NeighborTransitions.onTimeout(REACHABLE, 0, 1, 1), NO_LINK_ADDRESS, false, null, nowNanos);
        if (e.confirmedNanos != confirmed) {
            apply(e, REACHABLE, NO_LINK_ADDRESS, false, null, nowNanos);
        }
    }

    private void armTimer(Entry e, int state, long nowNanos) {
        NeighborParams p = params;
        switch (state) {
            case INCOMPLETE, PROBE -> schedule(e, nowNanos + p.retransTimerNanos());
            case DELAY -> schedule(e, nowNanos + p.delayFirstProbeTimeNanos());
            case REACHABLE -> schedule(e, e.confirmedNanos + reachableTimeNanos);
            case FAILED -> schedule(e, nowNanos + p.failedLifetimeNanos());
            default -> cancel(e);
        }
    }

    private void setRouter(Entry e, boolean router) {
        if (e.router && !router) {
            post(OUT_ROUTER_CLEARED, e.address, null, null, 0, 0, null);
        }
        e.router = router;
    }

    /** RFC 4861 §7.2.2: "When a queue overflows, the new arrival SHOULD replace the oldest entry." */
    private void enqueue(Entry e, PacketBuffer packet) {
        NeighborParams p = params;
        long bytes = packet.capacity();
        while (e.queueSize > 0
                && (e.queueSize >= p.maxQueuedPackets() || e.queuedBytes + bytes > p.maxQueuedBytes())) {
            postDrop(e.address, pollQueue(e), NeighborDropReason.QUEUE_OVERFLOW);
        }
        if (e.queue == null || e.queueSize == e.queue.length) {
            growQueue(e);
        }
        e.queue[(e.queueHead + e.queueSize) & (e.queue.length - 1)] = packet;
        e.queueSize++;
        e.queuedBytes += bytes;
    }

    private static void growQueue(Entry e) {
        PacketBuffer[] grown = new PacketBuffer[e.queue == null ? INITIAL_QUEUE : e.queue.length * 2];
        for (int i = 0; i < e.queueSize; i++) {
            grown[i] = e.queue[(e.queueHead + i) & (e.queue.length - 1)];
        }
        e.queue = grown;
        e.queueHead = 0;
    }

    private static PacketBuffer pollQueue(Entry e) {
        PacketBuffer packet = e.queue[e.queueHead];
        e.queue[e.queueHead] = null;
        e.queueHead = (e.queueHead + 1) & (e.queue.length - 1);
        e.queueSize--;
        e.queuedBytes -= packet.capacity();
        return packet;
    }

    /** Moves the queue to the outbox as transmissions to {@code mac}, oldest first; returns how many. */
    private int flushQueue(Entry e, long mac) {
        int n = e.queueSize;
        if (n > 0) {
            PENDING.getAndAdd(e, n);
            while (e.queueSize > 0) {
                post(OUT_TRANSMIT, e.address, e, pollQueue(e), mac, 0, null);
            }
        }
        return n;
    }

    private void dropQueue(Entry e, NeighborDropReason reason) {
        while (e.queueSize > 0) {
            postDrop(e.address, pollQueue(e), reason);
        }
    }

    private void postDrop(IpAddress address, PacketBuffer packet, NeighborDropReason reason) {
        switch (reason) {
            case QUEUE_OVERFLOW -> queueOverflowDrops++;
            case RESOLUTION_FAILED -> unreachableDrops++;
            case TABLE_FULL -> tableFullDrops++;
            default -> otherDrops++;
        }
        post(OUT_DROP, address, null, packet, 0, 0, reason);
    }

    private Entry createDynamic(IpAddress address, long nowNanos) {
        if (dynamicCount >= params.maxEntries() && !collect()) {
            return null;
        }
        dynamicCount++;
        return insert(address, nowNanos);
    }

    /**
     * Forced garbage collection: every FAILED entry, then STALE entries least recently updated first, until 1/8 of
     * the limit is free. Neither holds packets.
     *
     * @return whether there is room for one more dynamic entry
     */
    private boolean collect() {
        if (collectableCount == 0) {
            // Full of entries in use: refuse in O(1), so a flood of new addresses cannot make every packet scan.
            return false;
        }
        forcedGcRuns++;
        int n = 0;
        for (Entry e : slots) {
            if (e != null && collectable(stateOf(e))) {
                scratch[n++] = e;
            }
        }
        Arrays.sort(scratch, 0, n, GC_ORDER);
        int max = params.maxEntries();
        int target = max - Math.max(1, max / 8);
        for (int i = 0; i < n; i++) {
            Entry e = scratch[i];
            scratch[i] = null;
            if (stateOf(e) == FAILED || dynamicCount > target) {
                remove(e, NeighborDropReason.DELETED);
                gcEvictions++;
            }
        }
        return dynamicCount < max;
    }

    private void remove(Entry e, NeighborDropReason reason) {
        cancel(e);
        dropQueue(e, reason);
        if (stateOf(e) == STATIC) {
            staticCount--;
        } else {
            dynamicCount--;
        }
        publish(e, REMOVED, 0);
        unlink(e);
        destroys++;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outbox
    // ---------------------------------------------------------------------------------------------------------

    private void post(byte kind, IpAddress address, Entry e, PacketBuffer packet, long value, long timeNanos,
            NeighborDropReason reason) {
        if (outSize == outKind.length) {
            growOutbox();
        }
        int i = (outHead + outSize) & (outKind.length - 1);
        outKind[i] = kind;
        outAddress[i] = address;
        outEntry[i] = e;
        outPacket[i] = packet;
        outValue[i] = value;
        outTime[i] = timeNanos;
        outReason[i] = reason;
        outSource[i] = null;
        outSize++;
    }

    private void postSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits, long nowNanos) {
        post(OUT_SOLICIT, target, null, null, unicastMacBits, nowNanos, null);
        outSource[(outHead + outSize - 1) & (outKind.length - 1)] = promptingSource;
    }

    private void growOutbox() {
        int length = outKind.length;
        int grown = length * 2;
        byte[] kind = new byte[grown];
        IpAddress[] address = new IpAddress[grown];
        Entry[] entry = new Entry[grown];
        PacketBuffer[] packet = new PacketBuffer[grown];
        long[] value = new long[grown];
        long[] time = new long[grown];
        NeighborDropReason[] reason = new NeighborDropReason[grown];
        IpAddress[] source = new IpAddress[grown];
        for (int k = 0; k < outSize; k++) {
            int i = (outHead + k) & (length - 1);
            kind[k] = outKind[i];
            address[k] = outAddress[i];
            entry[k] = outEntry[i];
            packet[k] = outPacket[i];
            value[k] = outValue[i];
            time[k] = outTime[i];
            reason[k] = outReason[i];
            source[k] = outSource[i];
        }
        outKind = kind;
        outAddress = address;
        outEntry = entry;
        outPacket = packet;
        outValue = value;
        outTime = time;
        outReason = reason;
        outSource = source;
        outHead = 0;
    }

    /**
     * Ends a locked section: announces a deadline that moved earlier, and claims the outbox if it has work and
     * nobody is running it.
     *
     * @return whether the caller must run {@link #drainOutbox()} after unlocking
     */
    private boolean finishLocked() {
        if (heapSize > 0) {
            long earliest = heap[0].deadlineNanos;
            if (announcedDeadlineNanos == NO_DEADLINE || earliest - announcedDeadlineNanos < 0) {
                announcedDeadlineNanos = earliest;
                post(OUT_TIMER, null, null, null, earliest, 0, null);
            }
        }
        if (draining || outSize == 0) {
            return false;
        }
        draining = true;
        return true;
    }

    /** Runs outbox actions one at a time, without the lock, until the outbox is empty. */
    private void drainOutbox() {
        Throwable failure = null;
        while (true) {
            byte kind;
            IpAddress address;
            Entry e;
            PacketBuffer packet;
            long value;
            long timeNanos;
            NeighborDropReason reason;
            IpAddress source;
            lock.lock();
            try {
                if (outSize == 0) {
                    draining = false;
                    break;
                }
                int i = outHead;
                kind = outKind[i];
                address = outAddress[i];
                e = outEntry[i];
                packet = outPacket[i];
                value = outValue[i];
                timeNanos = outTime[i];
                reason = outReason[i];
                source = outSource[i];
                outSource[i] = null;
                outAddress[i] = null;
                outEntry[i] = null;
                outPacket[i] = null;
                outReason[i] = null;
                outHead = (i + 1) & (outKind.length - 1);
                outSize--;
            } finally {
                lock.unlock();
            }
            try {
                switch (kind) {
                    case OUT_SOLICIT -> actions.sendSolicitation(address, source, value, timeNanos);
                    case OUT_TRANSMIT -> actions.transmit(address, packet, value);
                    case OUT_DROP -> actions.dropUnresolved(address, packet, reason);
                    case OUT_ROUTER_CLEARED -> actions.routerFlagCleared(address);
                    case OUT_TIMER -> actions.scheduleTimer(value);
                    default -> throw new IllegalStateException("outbox action " + kind);
                }
            } catch (RuntimeException | Error t) {
                if (failure == null) {
                    failure = t;
                }
            } finally {
                if (kind == OUT_TRANSMIT) {
                    PENDING.getAndAdd(e, -1);
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hash table, heap, helpers
    // ---------------------------------------------------------------------------------------------------------

    private Entry lookupAcquire(IpAddress address) {
        long high;
        long low;
        if (address instanceof Ipv4Address v4) {
            if (family != IpFamily.IPV4) {
                return null;
            }
            high = 0;
            low = v4.bits() & 0xffff_ffffL;
        } else {
            Ipv6Address v6 = (Ipv6Address) address;
            if (family != IpFamily.IPV6) {
                return null;
            }
            high = v6.high();
            low = v6.low();
        }
        return lookupAcquire(high, low);
    }

    private Entry lookupAcquire(long high, long low) {
        Entry[] table = slots;
        int i = hash(high, low) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Entry e = (Entry) SLOTS.getAcquire(table, i);
            if (e == null) {
                return null;
            }
            if (e.keyHigh == high && e.keyLow == low) {
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private Entry insert(IpAddress address, long nowNanos) {
        long high;
        long low;
        if (address instanceof Ipv4Address v4) {
            high = 0;
            low = v4.bits() & 0xffff_ffffL;
        } else {
            Ipv6Address v6 = (Ipv6Address) address;
            high = v6.high();
            low = v6.low();
        }
        Entry e = new Entry(address, high, low, hash(high, low), nowNanos);
        int i = e.hash & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        SLOTS.setRelease(slots, i, e);
        allocs++;
        return e;
    }

    /** Backward-shift deletion: lock-free readers may miss an entry being moved, and then take the lock. */
    private void unlink(Entry e) {
        int hole = e.hash & mask;
        while (slots[hole] != e) {
            hole = (hole + 1) & mask;
        }
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            Entry moving = slots[j];
            if (moving == null) {
                break;
            }
            int home = moving.hash & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                SLOTS.setRelease(slots, hole, moving);
                hole = j;
            }
        }
        SLOTS.setRelease(slots, hole, (Entry) null);
    }

    private int hash(long high, long low) {
        long h = (high * 0x9E37_79B9_7F4A_7C15L) ^ low ^ hashSeed;
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private void schedule(Entry e, long deadlineNanos) {
        e.deadlineNanos = deadlineNanos;
        if (e.heapIndex < 0) {
            e.heapIndex = heapSize;
            heap[heapSize++] = e;
        }
        siftUp(e.heapIndex);
        siftDown(e.heapIndex);
    }

    private void cancel(Entry e) {
        int i = e.heapIndex;
        if (i < 0) {
            return;
        }
        e.heapIndex = -1;
        Entry last = heap[--heapSize];
        heap[heapSize] = null;
        if (last != e) {
            heap[i] = last;
            last.heapIndex = i;
            siftUp(i);
            siftDown(last.heapIndex);
        }
    }

    private void siftUp(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (p.deadlineNanos - e.deadlineNanos <= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    private void siftDown(int i) {
        Entry e = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1].deadlineNanos - heap[child].deadlineNanos < 0) {
                child++;
            }
            Entry c = heap[child];
            if (e.deadlineNanos - c.deadlineNanos <= 0) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    /** RFC 4861 §6.3.2: ReachableTime is uniform in [MIN_RANDOM_FACTOR, MAX_RANDOM_FACTOR) × BaseReachableTime. */
    private void drawReachableTime(long nowNanos) {
        long base = params.baseReachableTimeNanos();
        reachableTimeNanos = params.minReachableTimeNanos() + random.nextLong(base);
        reachableTimeDrawnNanos = nowNanos;
    }

    /** RFC 4861 §6.3.4: a new ReachableTime is drawn "at least once every few hours" (Linux: every 300 s). */
    private void refreshReachableTime(long nowNanos) {
        if (nowNanos - reachableTimeDrawnNanos >= params.reachableTimeRefreshNanos()) {
            drawReachableTime(nowNanos);
        }
    }

    private boolean resolvable(IpAddress address) {
        return switch (address) {
            case Ipv4Address v4 -> family == IpFamily.IPV4 && !v4.isUnspecified() && !v4.isMulticast()
                    && !v4.isLimitedBroadcast();
            case Ipv6Address v6 -> family == IpFamily.IPV6 && !v6.isUnspecified() && !v6.isMulticast();
        };
    }

    /** RFC 1812 §3.3.2: a unicast neighbor's link address is never a multicast or broadcast address. */
    private static boolean unicastMac(long macBits) {
        return (macBits & ~MAC_MASK) == 0 && (macBits & MULTICAST_MAC_BIT) == 0;
    }

    private static boolean sameAddress(Entry e, int state, long macBits) {
        return e != null && (state == REACHABLE || state == STALE || state == DELAY || state == PROBE)
                && (e.link & MAC_MASK) == macBits;
    }

    /** Writes state and MAC in one volatile store, keeping {@link #collectableCount}. */
    private void publish(Entry e, int state, long mac) {
        if (collectable(stateOf(e))) {
            collectableCount--;
        }
        if (collectable(state)) {
            collectableCount++;
        }
        e.link = pack(state, mac);
    }

    private static boolean collectable(int state) {
        return state == STALE || state == FAILED;
    }

    private static long pack(int state, long mac) {
        return ((long) state << STATE_SHIFT) | mac;
    }

    private static int stateOf(long link) {
        return (int) (link >>> STATE_SHIFT);
    }

    private static int stateOf(Entry e) {
        return stateOf(e.link);
    }

    /** One neighbor. Identity is for life: a removed entry is never reused, so a lock-free reader sees REMOVED. */
    static final class Entry {
        final IpAddress address;
        final long keyHigh;
        final long keyLow;
        final int hash;
        /** State in bits 63..48, MAC in 47..0: one volatile word, so state and address are read together. */
        volatile long link;
        /** The last reachability confirmation (RFC 4861 §7.3.1); written without the lock by confirmations. */
        volatile long confirmedNanos;
        /** Packets of this entry in the outbox; decremented after each has been handed to the link. */
        volatile int pendingTransmits;

        // Guarded by the cache's lock.
        boolean router;
        int solicitationsSent;
        /** The source of the newest packet queued with one, for the next multicast solicitation (§7.2.2). */
        IpAddress promptingSource;
        long updatedNanos;
        long deadlineNanos;
        int heapIndex = -1;
        PacketBuffer[] queue;
        int queueHead;
        int queueSize;
        long queuedBytes;

        Entry(IpAddress address, long keyHigh, long keyLow, int hash, long nowNanos) {
            this.address = address;
            this.keyHigh = keyHigh;
            this.keyLow = keyLow;
            this.hash = hash;
            this.updatedNanos = nowNanos;
            // Never confirmed: one ReachableTime-free instant before creation, so no window counts as confirmed.
            this.confirmedNanos = nowNanos - NeighborParams.MAX_BASE_REACHABLE_TIME_NANOS * 2;
            this.link = pack(NONE, 0);
        }
    }
}
