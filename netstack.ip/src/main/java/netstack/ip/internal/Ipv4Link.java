package netstack.ip.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.wire.ArpPacket;
import netstack.ip.wire.EtherType;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.wire.Ipv4Packet;

/**
 * IPv4 on one interface: its addresses (from the interface's configuration) and, on Ethernet links, ARP (RFC 826)
 * with the interface's {@link NeighborCache}. The link-level end of the IPv4 output path: {@link #output} frames a
 * datagram for the link and resolves the next hop.
 *
 * <p>Threading: addresses are an immutable snapshot behind a volatile field; the neighbor cache is thread-safe;
 * everything else is stateless, so receive threads and senders call in concurrently.
 */
final class Ipv4Link implements NeighborActions {

    private static final System.Logger LOG = System.getLogger(Ipv4Link.class.getName());
    private static final long BROADCAST_MAC = MacAddress.BROADCAST.bits();
    /** RFC 5227 §1.1 ANNOUNCE_INTERVAL: two seconds between the two announcements. */
    static final long ANNOUNCE_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final Stack stack;
    private final Nic nic;
    private final NeighborCache arp;
    private final TimerWheel.Timer arpTimer;

    /** This interface's IPv4 addresses and prefix lengths, in configuration order; replaced, never mutated. */
    private volatile Addresses addresses = Addresses.NONE;

    /** Immutable address snapshot; the first address is the primary one. */
    record Addresses(int[] address, int[] prefixLength) {
        static final Addresses NONE = new Addresses(new int[0], new int[0]);
    }

    Ipv4Link(Stack stack, Nic nic) {
        this.stack = stack;
        this.nic = nic;
        this.arp = new NeighborCache(nic.name, IpFamily.IPV4, NeighborParams.defaults(), ThreadLocalRandom.current(),
                this, stack.nowNanos());
        this.arpTimer = stack.loop().newTimer((timer, now) -> arp.onTimer(now));
    }

    // ---- addresses ----

    /** @param prefixes the interface's configured addresses (any family; IPv4 ones are kept) */
    void addresses(List<IpPrefix> prefixes) {
        int n = 0;
        for (IpPrefix p : prefixes) {
            if (p.address() instanceof Ipv4Address) {
                n++;
            }
        }
        int[] address = new int[n];
        int[] length = new int[n];
        int i = 0;
        for (IpPrefix p : prefixes) {
            if (p.address() instanceof Ipv4Address v4) {
                address[i] = v4.bits();
                length[i++] = p.length();
            }
        }
        Addresses previous = addresses;
        addresses = new Addresses(address, length);
        for (int a : address) {
            boolean isNew = true;
            for (int old : previous.address()) {
                isNew &= old != a;
            }
            if (isNew) {
                announce(a);
            }
        }
    }

    /** A driver was attached: tell the link about every address (RFC 5227 §3 announcements). */
    void attached() {
        for (int a : addresses.address()) {
            announce(a);
        }
    }

    /**
     * Announces that we hold {@code address} (RFC 5227 §2.3 and §3, "gratuitous ARP"): an ARP request with our
     * address as both sender and target, broadcast now and again {@link #ANNOUNCE_INTERVAL_NANOS} later, so that
     * neighbors holding a stale entry for it update it. Nothing is sent on a link that is not Ethernet or not up.
     */
    private void announce(int address) {
        sendAnnouncement(address);
        TimerWheel.Timer again = stack.loop().newTimer((timer, now) -> {
            if (isLocal(address)) {
                sendAnnouncement(address);
            }
        });
        stack.loop().schedule(again, stack.nowNanos() + ANNOUNCE_INTERVAL_NANOS);
    }

    private void sendAnnouncement(int address) {
        MacAddress ourMac = nic.mac();
        if (ourMac == null || nic.linkType() != LinkType.ETHERNET || !nic.isUp()) {
            return;
        }
        PacketBuffer out = stack.pool().allocate(EthernetFrame.MIN_FRAME_BYTES);
        out.append(ArpPacket.PACKET_BYTES);
        new ArpPacket().wrap(out).emit(ArpPacket.OPERATION_REQUEST, ourMac.bits(), address, 0L, address);
        stack.counters.increment(StackCounter.ARP_OUT_REQUESTS);
        sendFrame(out, BROADCAST_MAC, EtherType.ARP);
    }

    /** @return this interface's IPv4 addresses; do not modify */
    int[] addressArray() {
        return addresses.address();
    }

    /** @return whether any IPv4 address is configured here */
    boolean hasAddresses() {
        return addresses.address().length > 0;
    }

    /**
     * @param address an IPv4 address
     * @return whether it is one of this interface's addresses
     */
    boolean isLocal(int address) {
        for (int a : addresses.address()) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param address an IPv4 address
     * @return whether it is the directed broadcast address of one of this interface's subnets (prefixes up to /30;
     *     RFC 3021: a /31 has no broadcast address)
     */
    boolean isSubnetBroadcast(int address) {
        Addresses a = addresses;
        for (int i = 0; i < a.address().length; i++) {
            int len = a.prefixLength()[i];
            if (len <= 30) {
                int hostMask = len == 0 ? -1 : (-1 >>> len);
                if ((address & ~hostMask) == (a.address()[i] & ~hostMask) && (address & hostMask) == hostMask) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The source address for a datagram to {@code destination} leaving through this interface: the address whose
     * subnet holds the destination (or the gateway), else the primary address (RFC 1122 §3.3.4.3).
     *
     * @param destination the destination or next hop
     * @return the source address, or 0 if the interface has no IPv4 address
     */
    int sourceFor(int destination) {
        Addresses a = addresses;
        for (int i = 0; i < a.address().length; i++) {
            int len = a.prefixLength()[i];
            int mask = len == 0 ? 0 : (-1 << (32 - len));
            if ((destination & mask) == (a.address()[i] & mask)) {
                return a.address()[i];
            }
        }
        return a.address().length == 0 ? 0 : a.address()[0];
    }

    // ---- ARP receive ----

    /**
     * Handles a received ARP packet (RFC 826, with RFC 5227's conflict rules). Ownership of {@code frame} passes
     * here. Replies to requests for our addresses; updates the cache; counts and ignores packets that claim one of
     * our addresses from another MAC (a conflict, or an attempt to spoof us) without letting them into the cache.
     *
     * @param frame the frame, its window at the ARP packet
     * @param packet a view to use
     * @param nowNanos the time
     */
    void receiveArp(PacketBuffer frame, ArpPacket packet, long nowNanos) {
        try {
            packet.wrap(frame);
            if (packet.check() != ArpPacket.Status.OK) {
                stack.counters.increment(StackCounter.ARP_IN_DROPS);
                return;
            }
            MacAddress ourMac = nic.mac();
            if (ourMac == null || !hasAddresses()) {
                return;
            }
            int sender = packet.senderProtocolAddress();
            int target = packet.targetProtocolAddress();
            long senderMac = packet.senderHardwareAddress();
            if (senderMac == ourMac.bits()) {
                return; // our own packet, looped back by the link
            }
            if (sender != 0 && isLocal(sender)) {
                // RFC 5227 §2.4: someone else claims our address. Never learn it; count it.
                stack.counters.increment(StackCounter.ARP_IN_DROPS);
                LOG.log(System.Logger.Level.WARNING, () -> "interface " + nic.name + ": "
                        + new MacAddress(senderMac) + " claims our address " + Ipv4Address.of(sender));
                return;
            }
            stack.counters.increment(packet.isRequest() ? StackCounter.ARP_IN_REQUESTS : StackCounter.ARP_IN_REPLIES);
            boolean targetIsLocal = isLocal(target);
            arp.arpReceived(Ipv4Address.of(sender), senderMac, packet.isReply(), targetIsLocal, nowNanos);
            if (packet.isRequest() && targetIsLocal) {
                reply(packet, ourMac, target, sender, senderMac);
            }
        } finally {
            frame.release();
        }
    }

    private void reply(ArpPacket request, MacAddress ourMac, int ourAddress, int asker, long askerMac) {
        PacketBuffer out = stack.pool().allocate(EthernetFrame.MIN_FRAME_BYTES);
        out.append(ArpPacket.PACKET_BYTES);
        ArpPacket reply = new ArpPacket().wrap(out);
        // RFC 5227 §2.1.1: a probe (sender 0.0.0.0) is answered to the broadcast address; a normal request unicast.
        reply.emit(ArpPacket.OPERATION_REPLY, ourMac.bits(), ourAddress, askerMac, asker);
        long destination = asker == 0 ? BROADCAST_MAC : askerMac;
        stack.counters.increment(StackCounter.ARP_OUT_REPLIES);
        sendFrame(out, destination, EtherType.ARP);
    }

    // ---- output ----

    /**
     * Sends an IPv4 datagram out of this interface. Ownership of {@code datagram} (window at the IPv4 header)
     * passes here.
     *
     * @param datagram the datagram
     * @param nextHop the neighbor to hand it to (the destination if on-link, else the gateway)
     * @param destination the datagram's destination, to recognise broadcast and multicast
     * @param nowNanos the time
     * @return {@link netstack.ip.spi.TransportContext#SENT} if sent or queued for resolution, else
     *     {@link netstack.ip.spi.TransportContext#DROPPED}
     */
    int output(PacketBuffer datagram, int nextHop, int destination, long nowNanos) {
        LinkType type = nic.linkType();
        if (type == null) {
            datagram.release();
            nic.countOutDiscard();
            return netstack.ip.spi.TransportContext.DROPPED;
        }
        if (type == LinkType.RAW_IP) {
            return nic.transmit(datagram) ? netstack.ip.spi.TransportContext.SENT
                    : netstack.ip.spi.TransportContext.DROPPED;
        }
        long mac;
        if (destination == -1 || isSubnetBroadcast(destination)) {
            mac = BROADCAST_MAC;
        } else if ((destination & 0xf000_0000) == 0xe000_0000) {
            mac = LinkAddressing.multicastMac(Ipv4Address.of(destination)).bits();
        } else {
            // Allocation-free when the neighbor is usable; only a miss creates the address object.
            mac = arp.usableMac(0, nextHop & 0xffff_ffffL, nowNanos);
            if (mac == NeighborCache.MISS) {
                mac = arp.resolve(Ipv4Address.of(nextHop), datagram, nowNanos);
            }
            if (mac == NeighborCache.QUEUED) {
                return netstack.ip.spi.TransportContext.SENT;
            }
            if (mac == NeighborCache.DROPPED) {
                return netstack.ip.spi.TransportContext.DROPPED;
            }
        }
        return sendFrame(datagram, mac, EtherType.IPV4) ? netstack.ip.spi.TransportContext.SENT
                : netstack.ip.spi.TransportContext.DROPPED;
    }

    /** Prepends the Ethernet header and transmits; ownership of {@code payload} passes here. */
    private boolean sendFrame(PacketBuffer payload, long destinationMac, int etherType) {
        MacAddress ourMac = nic.mac();
        if (ourMac == null || payload.headroom() < EthernetFrame.HEADER_BYTES) {
            payload.release();
            nic.countOutDiscard();
            return false;
        }
        payload.prepend(EthernetFrame.HEADER_BYTES);
        stack.views().ethernet.wrap(payload).emit(destinationMac, ourMac.bits(), etherType);
        return nic.transmit(payload);
    }

    // ---- NeighborActions ----

    @Override
    public void sendSolicitation(IpAddress target, IpAddress promptingSource, long unicastMacBits, long nowNanos) {
        MacAddress ourMac = nic.mac();
        int targetBits = ((Ipv4Address) target).bits();
        // RFC 1122 §2.3.2.1 leaves the sender address to us; like Linux (arp_announce 0), use the prompting packet's
        // source when it is one of this interface's addresses, else the address on the target's subnet.
        int source = promptingSource instanceof Ipv4Address p && isLocal(p.bits()) ? p.bits() : sourceFor(targetBits);
        if (ourMac == null || source == 0) {
            return;
        }
        PacketBuffer out = stack.pool().allocate(EthernetFrame.MIN_FRAME_BYTES);
        out.append(ArpPacket.PACKET_BYTES);
        new ArpPacket().wrap(out).emit(ArpPacket.OPERATION_REQUEST, ourMac.bits(), source, 0L, targetBits);
        stack.counters.increment(StackCounter.ARP_OUT_REQUESTS);
        sendFrame(out, unicastMacBits == MULTICAST ? BROADCAST_MAC : unicastMacBits, EtherType.ARP);
    }

    @Override
    public void transmit(IpAddress neighbor, PacketBuffer packet, long macBits) {
        sendFrame(packet, macBits, EtherType.IPV4);
    }

    @Override
    public void dropUnresolved(IpAddress neighbor, PacketBuffer packet, NeighborDropReason reason) {
        stack.counters.increment(StackCounter.IP_OUT_DISCARDS);
        try {
            if (reason.reportsUnreachable()) {
                // RFC 1122 §3.2.2.1 / RFC 1812 §4.3.3.1: host unreachable to the datagram's source, unless it is
                // ours (a local sender learns of it from its socket).
                Ipv4Packet ip = stack.views().ipv4Error.wrap(packet);
                if (ip.check() == Ipv4Packet.Status.OK) {
                    if (stack.ipv4().isLocalAddress(ip.sourceAddress())) {
                        stack.ipv4().localDatagramUndeliverable(packet, neighbor);
                    } else {
                        stack.ipv4().sendError(packet, netstack.ip.wire.Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE,
                                netstack.ip.wire.Icmpv4Packet.CODE_HOST_UNREACHABLE, 0, stack.nowNanos());
                    }
                }
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        stack.loop().schedule(arpTimer, deadlineNanos);
    }

    // ---- life cycle and views ----

    /** The link went away or lost carrier: RFC 4861 §7.3 / Linux: forget dynamic neighbors. */
    void linkDown() {
        arp.linkDown(stack.nowNanos());
    }

    /** @return the ARP cache */
    NeighborCache arp() {
        return arp;
    }
}
