package netstack.ip.internal;

import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;

/**
 * What a {@link NeighborCache} asks of the world: the narrow context through which it sends solicitations,
 * releases packets it queued and arms its timer. The cache does no I/O itself; tests implement this with a
 * recorder.
 *
 * <h2>When and on which thread</h2>
 * The cache never calls these methods while holding its lock. Each call made to the cache (on any thread) records
 * its actions in an outbox, in order, and after unlocking runs them on the calling thread, unless another thread
 * is already running the outbox, in which case that thread runs them. Actions therefore run one at a time, in the
 * order the cache decided them, and an implementation may call back into the same cache (sending an ICMP error
 * about a dropped packet may need to resolve its source): the nested call's actions run after the current one
 * returns. Implementations must not block and should not throw; if one throws, the remaining actions still run and
 * the first exception is then rethrown to the thread that ran them.
 *
 * <h2>Buffer ownership</h2>
 * {@link #transmit} and {@link #dropUnresolved} hand over a buffer that the cache took in
 * {@link NeighborCache#resolve}; the implementation owns it from then on and must send or release it. The cache
 * hands over each buffer it took exactly once, through exactly one of the two.
 *
 * <h2>Link-layer addresses</h2>
 * MAC addresses are passed as the 48 bits of {@link netstack.api.net.MacAddress#bits()} in a {@code long}, so the
 * data path allocates nothing.
 */
interface NeighborActions {

    /** {@link #sendSolicitation}'s {@code unicastMacBits} for a multicast (NDP) or broadcast (ARP) solicitation. */
    long MULTICAST = -1L;

    /**
     * Sends a Neighbor Solicitation (IPv6) or an ARP request (IPv4) for {@code target}.
     *
     * <p>With {@link #MULTICAST} this is address resolution: NDP sends to the target's solicited-node multicast
     * address with a Source Link-Layer Address option (RFC 4861 §7.2.2); ARP broadcasts (RFC 826). Otherwise it is a
     * NUD probe, unicast to the cached address (§7.3.3; for ARP a unicast request, as Linux sends).
     *
     * <p>RFC 4861 §7.2.2: "If the source address of the packet prompting the solicitation is the same as one of the
     * addresses assigned to the outgoing interface, that address SHOULD be placed in the IP Source Address of the
     * outgoing solicitation. Otherwise, any one of the addresses assigned to the interface should be used."
     * {@code promptingSource} is that packet's source as given to {@link NeighborCache#resolve(IpAddress, IpAddress,
     * PacketBuffer, long)} (the newest waiting packet's, as Linux's {@code arp_solicit} takes the queue's tail), or
     * {@code null} when unknown or for probes; the implementation checks that it is one of its own addresses.
     *
     * @param target the address being resolved or probed
     * @param promptingSource the source address of the packet that prompted resolution, or {@code null}
     * @param unicastMacBits the destination MAC, or {@link #MULTICAST}
     * @param nowNanos the time of the event that caused it
     */
    void sendSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits, long nowNanos);

    /**
     * Sends a packet that waited for resolution. Packets of one neighbor arrive here in the order they were given
     * to {@link NeighborCache#resolve}, and before any later packet to that neighbor gets its address from
     * {@code resolve}. The promise holds for the life of the neighbor's entry: packets that waited in an entry that
     * was then deleted may still be handed over after packets resolved through its successor.
     *
     * @param neighbor the next hop the packet waited for
     * @param packet the packet; ownership passes to the implementation
     * @param macBits the neighbor's MAC address
     */
    void transmit(IpAddress neighbor, PacketBuffer packet, long macBits);

    /**
     * Gives back a packet that will not be sent. The implementation counts it, sends ICMP destination unreachable
     * if {@link NeighborDropReason#reportsUnreachable()}, and releases it.
     *
     * @param neighbor the next hop the packet was for
     * @param packet the packet; ownership passes to the implementation
     * @param reason why
     */
    void dropUnresolved(IpAddress neighbor, PacketBuffer packet, NeighborDropReason reason);

    /**
     * The neighbor's IsRouter flag went from true to false. RFC 4861 §7.2.5: the node "MUST remove that router from
     * the Default Router List and update the Destination Cache entries for all destinations using that neighbor as
     * a router".
     *
     * @param neighbor the former router
     */
    default void routerFlagCleared(IpAddress neighbor) {
    }

    /**
     * Arms the cache's one-shot timer: call {@link NeighborCache#onTimer(long)} at or after {@code deadlineNanos},
     * replacing any earlier request. {@link NeighborCache#NO_DEADLINE} cancels it. Called when the earliest
     * deadline moves earlier and at the end of every {@code onTimer}; a call to {@code onTimer} that comes early
     * does no harm.
     *
     * @param deadlineNanos when, on the caller's {@code nowNanos} clock
     */
    default void scheduleTimer(long deadlineNanos) {
    }
}
