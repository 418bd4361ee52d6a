package netstack.ip.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.Ipv6Address;
import netstack.api.stats.StackCounter;
import netstack.ip.spi.PacketMeta;
import netstack.ip.spi.TransportContext;
import netstack.ip.spi.TransportProtocol;
import netstack.ip.wire.Checksum;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.wire.Icmpv6Packet;
import netstack.ip.wire.Ipv6ExtensionHeaders;
import netstack.ip.wire.Ipv6FragmentHeader;
import netstack.ip.wire.Ipv6Packet;
import netstack.ip.wire.NdpPacket;

/**
 * IPv6 (RFC 8200) and ICMPv6 (RFC 4443) for the whole stack: validation and local delivery of received packets
 * (extension header walk, reassembly), Neighbor Discovery dispatch to the interface's {@link Ipv6Link}, the output
 * path (routing, scope, source selection, fragmentation), echo replies and ICMPv6 errors with rate limiting.
 *
 * <p>Host model: weak, like Linux (a unicast packet is ours if its destination is a usable address of any
 * interface); multicast is accepted only on an interface that joined the group. Forwarding between interfaces
 * (RFC 8200 §3, a router) is off by default; see {@link #forwarding(boolean)}.
 *
 * <p>Threading: stateless apart from counters, the rate limiter and the reassembler, all thread-safe. Views come
 * from {@link Stack#views()}.
 */
final class Ipv6Layer {

    /** Linux's default hop limit ({@code net.ipv6.conf.*.hop_limit}). */
    static final int DEFAULT_HOP_LIMIT = 64;

    private final Stack stack;
    private final TokenBucket icmpErrors;
    private final Reassembler reassembler;
    private final DeadlineTimer reassemblyTimer;
    private final int echoIdentifier = ThreadLocalRandom.current().nextInt(0x10000);
    private final AtomicInteger echoSequence = new AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<Integer, PendingEcho> pendingEchoes =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record PendingEcho(Ipv6Address destination, long sentNanos, int payloadBytes,
            java.util.concurrent.CompletableFuture<netstack.api.admin.EchoReply> answer) {
    }

    Ipv6Layer(Stack stack) {
        this.stack = stack;
        this.icmpErrors = TokenBucket.icmpHostWide(stack.nowNanos());
        this.reassembler = new Reassembler(netstack.api.net.IpFamily.IPV6, Reassembler.Limits.ipv6Defaults(),
                stack.pool(), stack.counters, ThreadLocalRandom.current().nextLong());
        this.reassemblyTimer = new DeadlineTimer(stack.loop(), (timer, now) -> expireFragments(now));
    }

    /**
     * Runs on the stack loop: drops timed-out reassemblies, answering each whose first fragment came with Time
     * Exceeded code 1 (RFC 8200 §4.5).
     */
    void expireFragments(long nowNanos) {
        reassembler.expire(nowNanos, (interfaceIndex, firstFragment) -> {
            if (firstFragment != null) {
                try {
                    sendError(firstFragment, Icmpv6Packet.TIME_EXCEEDED, Icmpv6Packet.REASSEMBLY_TIME_EXCEEDED, 0,
                            false, false, interfaceIndex, nowNanos);
                } finally {
                    firstFragment.release();
                }
            }
        });
        reassemblyTimer.arm(reassembler.nextDeadlineNanos());
    }

    void close() {
        reassembler.clear();
        for (PendingEcho pending : pendingEchoes.values()) {
            pending.answer().completeExceptionally(new java.io.IOException("the stack was closed"));
        }
    }

    // ---- addresses ----

    /** @return whether the address is a usable address of any interface (weak host model) */
    boolean isLocalAddress(long high, long low) {
        for (Nic nic : stack.nicArray()) {
            if (nic.ipv6.isLocal(high, low)) {
                return true;
            }
        }
        return false;
    }

    /** Writes every byte of a fixed IPv6 header: version 6, traffic class and flow label 0. */
    static void emitHeader(Ipv6Packet ip, int nextHeader, int payloadLength, int hopLimit, long srcHigh, long srcLow,
            long dstHigh, long dstLow) {
        ip.version(6).trafficClass(0).flowLabel(0);
        ip.payloadLength(payloadLength).nextHeader(nextHeader).hopLimit(hopLimit);
        ip.sourceAddress(srcHigh, srcLow).destinationAddress(dstHigh, dstLow);
    }

    // ---- forwarding ----

    /** Whether packets for other hosts are forwarded (RFC 8200 §3, a router); off by default, as on a host. */
    private volatile boolean forwarding;

    /** @param enabled whether to forward packets between interfaces (Linux {@code net.ipv6.conf.all.forwarding}) */
    void forwarding(boolean enabled) {
        forwarding = enabled;
    }

    /** @return whether forwarding is on */
    boolean forwarding() {
        return forwarding;
    }

    /**
     * Forwards a packet that is not ours: Time Exceeded code 0 when its Hop Limit would reach 0 (RFC 4443 §3.3),
     * Destination Unreachable code 0 without a route (§3.1), Packet Too Big with the next-hop MTU when it does not
     * fit (§3.2; a router never fragments, RFC 8200 §5), else the Hop Limit is decremented (IPv6 has no header
     * checksum) and the packet goes to the route's next hop. Ownership of {@code packet} passes here. Hop-by-Hop
     * options are not examined and Redirects are not sent.
     *
     * @param in the interface it arrived on
     * @param packet the packet, window at the IPv6 header
     * @param ip the view over it
     * @param nowNanos the time
     */
    private void forward(Nic in, PacketBuffer packet, Ipv6Packet ip, long nowNanos) {
        if (ip.hopLimit() <= 1) {
            stack.counters.increment(StackCounter.IPV6_IN_HDR_ERRORS); // Linux counts it in Ip6InHdrErrors
            sendError(packet, Icmpv6Packet.TIME_EXCEEDED, 0, 0, false, false, in.index, nowNanos);
            packet.release();
            return;
        }
        long dstHigh = ip.destinationAddressHigh();
        long dstLow = ip.destinationAddressLow();
        RoutingTable.Route route = stack.routing().lookupIpv6(dstHigh, dstLow, RoutingTable.ANY_INTERFACE,
                stack::isInterfaceUsable);
        Nic out = route == null ? null : stack.nicByIndex(route.interfaceIndex());
        if (out == null || out.linkType() == LinkType.RAW_IP) {
            stack.counters.increment(StackCounter.IPV6_OUT_NO_ROUTES);
            sendError(packet, Icmpv6Packet.DESTINATION_UNREACHABLE, Icmpv6Packet.NO_ROUTE, 0, false, false, in.index,
                    nowNanos);
            packet.release();
            return;
        }
        int mtu = Math.max(out.effectiveMtu(), Ipv6Packet.MINIMUM_MTU);
        if (packet.length() > mtu) {
            stack.counters.increment(StackCounter.IPV6_IN_TOO_BIG_ERRORS);
            sendError(packet, Icmpv6Packet.PACKET_TOO_BIG, 0, mtu, false, true, in.index, nowNanos);
            packet.release();
            return;
        }
        ip.hopLimit(ip.hopLimit() - 1);
        stack.counters.increment(StackCounter.IPV6_FORW_DATAGRAMS);
        long hopHigh = route.ipv6NextHopHigh(dstHigh);
        long hopLow = route.ipv6NextHopLow(dstLow);
        out.ipv6.output(packet, new Ipv6Address(hopHigh, hopLow), dstHigh, dstLow, nowNanos);
    }

    // ---- receive ----

    /**
     * Receives a packet. Ownership of {@code packet} (window at the IPv6 header) passes here.
     *
     * @param nic the interface it arrived on
     * @param packet the packet
     * @param linkMulticast whether it came in a link-layer multicast or broadcast frame (RFC 4443 §2.4(e.4))
     * @param nowNanos the time
     */
    void receive(Nic nic, PacketBuffer packet, boolean linkMulticast, long nowNanos) {
        Views v = stack.views();
        Ipv6Packet ip = v.ipv6.wrap(packet);
        stack.counters.increment(StackCounter.IPV6_IN_RECEIVES);
        Ipv6Packet.Check check = ip.check();
        if (check != Ipv6Packet.Check.OK) {
            stack.counters.increment(check == Ipv6Packet.Check.BAD_VERSION ? StackCounter.IPV6_IN_HDR_ERRORS
                    : StackCounter.IPV6_IN_TRUNCATED_PKTS);
            packet.release();
            return;
        }
        packet.truncate(ip.length());
        long srcHigh = ip.sourceAddressHigh();
        long srcLow = ip.sourceAddressLow();
        long dstHigh = ip.destinationAddressHigh();
        long dstLow = ip.destinationAddressLow();
        boolean fromLoopback = nic.linkType() == LinkType.RAW_IP;
        boolean loopbackAddress = (srcHigh == 0 && srcLow == 1) || (dstHigh == 0 && dstLow == 1);
        // RFC 4291 §2.5.3 / §2.7: ::1 never on a wire; a multicast source is invalid.
        if ((srcHigh >>> 56) == 0xff || (loopbackAddress && !fromLoopback)) {
            stack.counters.increment(StackCounter.IPV6_IN_ADDR_ERRORS);
            packet.release();
            return;
        }
        boolean multicast = (dstHigh >>> 56) == 0xff;
        if (multicast) {
            if (!nic.ipv6.isJoined(dstHigh, dstLow)) {
                stack.counters.increment(StackCounter.IPV6_IN_ADDR_ERRORS);
                packet.release();
                return;
            }
        } else if (!isLocalAddress(dstHigh, dstLow) && !(fromLoopback && dstHigh == 0 && dstLow == 1)) {
            // RFC 4291 §2.5.6: a router must not forward packets with a link-local source or destination.
            if (forwarding && !fromLoopback && !loopbackAddress && !Ipv6Link.isLinkScope(srcHigh)
                    && !Ipv6Link.isLinkScope(dstHigh) && !(srcHigh == 0 && srcLow == 0)) {
                forward(nic, packet, ip, nowNanos);
                return;
            }
            // RFC 4862 §5.4: packets to a tentative address are dropped, except the NDP messages DAD needs; those
            // only ever go to multicast groups, so everything unicast to a tentative address goes here.
            stack.counters.increment(StackCounter.IPV6_IN_ADDR_ERRORS);
            packet.release();
            return;
        }
        Ipv6ExtensionHeaders ext = v.ipv6Extensions;
        Ipv6ExtensionHeaders.Verdict verdict = ext.walk(ip);
        if (verdict == Ipv6ExtensionHeaders.Verdict.FRAGMENT) {
            int fragmentAt = ext.fragmentHeaderOffset();
            Ipv6FragmentHeader fh = ext.fragmentHeader();
            int nextHeaderField = Ipv6Packet.NEXT_HEADER;
            for (int i = 0; i < ext.headerCount(); i++) {
                if (ext.headerOffset(i) == fragmentAt) {
                    nextHeaderField = i == 0 ? Ipv6Packet.NEXT_HEADER : ext.headerOffset(i - 1);
                    break;
                }
            }
            Reassembler.Reassembled out = v.reassembled;
            Reassembler.Outcome outcome = reassembler.acceptIpv6(nic.index, srcHigh, srcLow, dstHigh, dstLow,
                    fh.identification(), fh.nextHeader(), fh.fragmentOffsetBytes(), fh.moreFragments(), packet,
                    fragmentAt, nextHeaderField, nowNanos, out);
            if (outcome.callerKeepsPacket()) {
                int pointer = outcome == Reassembler.Outcome.PARAMETER_PROBLEM_LENGTH ? Ipv6Packet.PAYLOAD_LENGTH
                        : fragmentAt + 2;
                stack.counters.increment(StackCounter.IPV6_IN_HDR_ERRORS);
                sendError(packet, Icmpv6Packet.PARAMETER_PROBLEM, Icmpv6Packet.ERRONEOUS_HEADER_FIELD, pointer,
                        linkMulticast, false, nic.index, nowNanos);
                packet.release();
                return;
            }
            if (outcome != Reassembler.Outcome.COMPLETE) {
                if (outcome == Reassembler.Outcome.HELD) {
                    reassemblyTimer.arm(reassembler.nextDeadlineNanos());
                }
                return;
            }
            packet = out.take();
            ip = v.ipv6.wrap(packet);
            if (ip.check() != Ipv6Packet.Check.OK) {
                stack.counters.increment(StackCounter.IPV6_IN_HDR_ERRORS);
                packet.release();
                return;
            }
            packet.truncate(ip.length());
            verdict = ext.walk(ip);
            if (verdict == Ipv6ExtensionHeaders.Verdict.FRAGMENT) {
                stack.counters.increment(StackCounter.IPV6_IN_HDR_ERRORS); // a fragment inside a fragment
                packet.release();
                return;
            }
        }
        if (verdict != Ipv6ExtensionHeaders.Verdict.UPPER_LAYER) {
            int code = verdict.parameterProblemCode();
            stack.counters.increment(verdict == Ipv6ExtensionHeaders.Verdict.TRUNCATED
                    ? StackCounter.IPV6_IN_TRUNCATED_PKTS : StackCounter.IPV6_IN_HDR_ERRORS);
            if (code >= 0) {
                // RFC 8200 §4: Parameter Problem pointing at the offending field, subject to RFC 4443 §2.4(e).
                sendError(packet, Icmpv6Packet.PARAMETER_PROBLEM, code, Math.max(ext.pointer(), 0), linkMulticast,
                        ext.multicastExempt(), nic.index, nowNanos);
            }
            packet.release();
            return;
        }
        int protocol = ext.upperLayerProtocol();
        int offset = ext.upperLayerOffset();
        int hopLimit = ip.hopLimit();
        if (protocol == Ipv6Packet.NO_NEXT_HEADER) {
            stack.counters.increment(StackCounter.IPV6_IN_DELIVERS);
            packet.release();
            return;
        }
        if (protocol == Ipv6Packet.ICMPV6) {
            stack.counters.increment(StackCounter.IPV6_IN_DELIVERS);
            receiveIcmp(nic, ip, packet, offset, multicast, linkMulticast, nowNanos);
            return;
        }
        TransportProtocol transport = stack.transport(protocol);
        if (transport == null) {
            stack.counters.increment(StackCounter.IPV6_IN_UNKNOWN_PROTOS);
            // RFC 8200 §4: Parameter Problem code 1, pointer at the Next Header field that named the protocol.
            sendError(packet, Icmpv6Packet.PARAMETER_PROBLEM, Icmpv6Packet.UNRECOGNIZED_NEXT_HEADER,
                    ext.upperLayerNextHeaderPointer(), linkMulticast, false, nic.index, nowNanos);
            packet.release();
            return;
        }
        stack.counters.increment(StackCounter.IPV6_IN_DELIVERS);
        packet.consume(offset);
        PacketMeta meta = v.meta.ipv6(srcHigh, srcLow, dstHigh, dstLow, protocol, hopLimit).interfaceIndex(nic.index);
        transport.receive(packet, meta);
    }

    private void receiveIcmp(Nic nic, Ipv6Packet ip, PacketBuffer packet, int offset, boolean multicast,
            boolean linkMulticast, long nowNanos) {
        Views v = stack.views();
        stack.counters.increment(StackCounter.ICMPV6_IN_MSGS);
        Icmpv6Packet icmp = v.icmpv6.wrap(packet.segment(), packet.start() + offset, packet.length() - offset);
        if (!icmp.check() || !icmp.checksumValid(ip)) {
            stack.counters.increment(StackCounter.ICMPV6_IN_ERRORS);
            packet.release();
            return;
        }
        int type = icmp.type();
        switch (type) {
            case Icmpv6Packet.ECHO_REQUEST -> {
                stack.counters.increment(StackCounter.ICMPV6_IN_ECHOS);
                echoReply(nic, ip, packet, offset, icmp, multicast, nowNanos);
            }
            case Icmpv6Packet.ECHO_REPLY -> {
                stack.counters.increment(StackCounter.ICMPV6_IN_ECHO_REPLIES);
                try {
                    packet.consume(offset);
                    echoReplied(packet, icmp, ip.sourceAddress(), ip.hopLimit(), nowNanos);
                } finally {
                    packet.release();
                }
            }
            case Icmpv6Packet.ROUTER_SOLICITATION, Icmpv6Packet.ROUTER_ADVERTISEMENT,
                    Icmpv6Packet.NEIGHBOR_SOLICITATION, Icmpv6Packet.NEIGHBOR_ADVERTISEMENT, Icmpv6Packet.REDIRECT -> {
                NdpPacket ndp = v.ndp;
                ndp.wrap(packet.segment(), packet.start() + offset, packet.length() - offset);
                if (nic.linkType() != LinkType.ETHERNET || ndp.check(ip) != NdpPacket.Check.OK) {
                    // RFC 4861 §6.1, §7.1: invalid NDP messages (hop limit not 255, ...) are silently discarded.
                    stack.counters.increment(StackCounter.ICMPV6_IN_ERRORS);
                    packet.release();
                    return;
                }
                packet.consume(offset);
                nic.ipv6.receiveNdp(ip, ndp, packet, nowNanos);
            }
            case Icmpv6Packet.MLD_QUERY -> {
                // RFC 3810 §6.2: a valid query (link-local source, hop limit 1, Router Alert) is answered with a
                // report of the groups we listen to, after a random delay up to its Maximum Response Delay.
                netstack.ip.wire.MldPacket mld = new netstack.ip.wire.MldPacket();
                mld.wrap(packet.segment(), packet.start() + offset, packet.length() - offset);
                if (mld.check(ip, stack.views().ipv6Extensions.routerAlert()) == netstack.ip.wire.MldPacket.Check.OK) {
                    nic.ipv6.mldQuery(mld.multicastAddressHigh(), mld.multicastAddressLow(),
                            mld.maximumResponseDelayMillis(), nowNanos);
                } else {
                    stack.counters.increment(StackCounter.ICMPV6_IN_MLD_IGNORED);
                }
                packet.release();
            }
            case Icmpv6Packet.MLDV1_REPORT, Icmpv6Packet.MLDV1_DONE, Icmpv6Packet.MLDV2_REPORT -> {
                // Other listeners' reports: an MLDv2 host ignores them (RFC 3810 §6.1 has no report suppression).
                stack.counters.increment(StackCounter.ICMPV6_IN_MLD_IGNORED);
                packet.release();
            }
            case Icmpv6Packet.DESTINATION_UNREACHABLE, Icmpv6Packet.TIME_EXCEEDED -> {
                stack.counters.increment(type == Icmpv6Packet.DESTINATION_UNREACHABLE
                        ? StackCounter.ICMPV6_IN_DEST_UNREACHS : StackCounter.ICMPV6_IN_TIME_EXCEEDS);
                try {
                    echoFailed(packet, offset, ip.sourceAddress(), type == Icmpv6Packet.DESTINATION_UNREACHABLE
                            ? "destination unreachable (code " + icmp.code() + ")"
                            : "time exceeded (code " + icmp.code() + ")");
                } finally {
                    packet.release();
                }
            }
            default -> packet.release();
        }
    }

    /**
     * Turns an echo request into the reply in place (RFC 4443 §4.2: same identifier, sequence and data). A request
     * to a multicast group is answered from the interface's own address chosen for the requester, as Linux does
     * ({@code icmp_echo_ignore_multicast} 0).
     */
    private void echoReply(Nic nic, Ipv6Packet ip, PacketBuffer packet, int offset, Icmpv6Packet icmp,
            boolean multicast, long nowNanos) {
        long reqHigh = ip.sourceAddressHigh();
        long reqLow = ip.sourceAddressLow();
        if (reqHigh == 0 && reqLow == 0) {
            packet.release();
            return;
        }
        long fromHigh = ip.destinationAddressHigh();
        long fromLow = ip.destinationAddressLow();
        if (multicast) {
            Ipv6Link.Address a = nic.ipv6.sourceFor(reqHigh, reqLow);
            if (a == null) {
                packet.release();
                return;
            }
            fromHigh = a.high;
            fromLow = a.low;
        }
        int code = icmp.code();
        icmp.type(Icmpv6Packet.ECHO_REPLY);
        if (multicast) {
            icmp.fillChecksum(fromHigh, fromLow, reqHigh, reqLow);
        } else {
            // RFC 1624 eqn. 3: only the type changed (the pseudo-header sum does not depend on address order).
            icmp.checksum(Checksum.update(icmp.checksum(), (Icmpv6Packet.ECHO_REQUEST << 8) | code,
                    (Icmpv6Packet.ECHO_REPLY << 8) | code));
        }
        stack.counters.increment(StackCounter.ICMPV6_OUT_MSGS);
        stack.counters.increment(StackCounter.ICMPV6_OUT_ECHO_REPLIES);
        packet.consume(offset);
        send(packet, fromHigh, fromLow, reqHigh, reqLow, Ipv6Packet.ICMPV6, DEFAULT_HOP_LIMIT, nic.index, false,
                nowNanos);
    }

    /**
     * Sends an ICMPv6 error about {@code original} (window at its IPv6 header; the caller keeps ownership), unless
     * RFC 4443 §2.4(e) forbids it, and within the rate limit (§2.4(f)).
     *
     * @param original the packet in error
     * @param type the ICMPv6 type
     * @param code the code
     * @param rest the 32-bit pointer or MTU
     * @param linkMulticast whether it came in a link-layer multicast frame
     * @param multicastExempt whether (e.3)/(e.4) do not apply (Packet Too Big, Parameter Problem code 2 for an
     *     option of action 10)
     * @param interfaceIndex the interface it came in on (scope for a link-local source)
     * @param nowNanos the time
     */
    void sendError(PacketBuffer original, int type, int code, int rest, boolean linkMulticast,
            boolean multicastExempt, int interfaceIndex, long nowNanos) {
        Ipv6Packet ip = stack.views().ipv6Error.wrap(original.segment(), original.start(), original.length());
        if (ip.checkInvoking() != Ipv6Packet.Check.OK) {
            return;
        }
        Ipv6ExtensionHeaders ext = stack.views().ipv6ErrorExtensions;
        ext.walk(ip);
        if (!Icmpv6Packet.mayAnswerWithError(ip, ext.upperLayerProtocol(), ext.upperLayerOffset(), linkMulticast,
                multicastExempt)) {
            return;
        }
        if (!icmpErrors.tryAcquire(nowNanos)) {
            stack.counters.increment(StackCounter.ICMPV6_OUT_ERRORS);
            return;
        }
        int quoted = Icmpv6Packet.quotedLength(original.length());
        PacketBuffer out = stack.pool().allocate(Icmpv6Packet.HEADER_LENGTH + quoted,
                Ipv6Packet.HEADER_LENGTH + EthernetFrame.HEADER_BYTES);
        out.append(Icmpv6Packet.HEADER_LENGTH + quoted);
        MemorySegment.copy(original.segment(), original.start(), out.segment(),
                out.start() + Icmpv6Packet.HEADER_LENGTH, quoted);
        Icmpv6Packet icmp = stack.views().icmpv6Out.wrap(out);
        icmp.type(type).code(code).checksum(0).body(rest);
        stack.counters.increment(StackCounter.ICMPV6_OUT_MSGS);
        stack.counters.increment(type == Icmpv6Packet.PARAMETER_PROBLEM ? StackCounter.ICMPV6_OUT_PARM_PROBLEMS
                : type == Icmpv6Packet.TIME_EXCEEDED ? StackCounter.ICMPV6_OUT_TIME_EXCEEDS
                : type == Icmpv6Packet.PACKET_TOO_BIG ? StackCounter.ICMPV6_OUT_PKT_TOO_BIGS
                : StackCounter.ICMPV6_OUT_DEST_UNREACHS);
        long dstHigh = ip.destinationAddressHigh();
        long dstLow = ip.destinationAddressLow();
        boolean fromDestination = isLocalAddress(dstHigh, dstLow);
        send(out, fromDestination ? dstHigh : 0, fromDestination ? dstLow : 0, ip.sourceAddressHigh(),
                ip.sourceAddressLow(), Ipv6Packet.ICMPV6, DEFAULT_HOP_LIMIT, interfaceIndex, true, nowNanos);
    }

    // ---- output ----

    /**
     * Sends {@code payload} (window at the upper-layer header, with 40 + 14 bytes of headroom) as an IPv6 packet.
     * Ownership of {@code payload} passes here whatever the result.
     *
     * <p>Routing: a link-scoped destination (fe80::/10, ff01::/16, ff02::/16) goes out of the interface
     * {@code scopeInterface} names, or, if that is 0, out of the only Ethernet interface that is up (RFC 4007 §6:
     * link-local addresses are ambiguous without a zone); other destinations through
     * {@link RoutingTable#lookupIpv6}. Our own addresses go through the loopback interface.
     *
     * @param payload the upper-layer message
     * @param srcHigh the source, first 64 bits, or 0 with {@code srcLow} 0 to choose one (RFC 6724, simplified)
     * @param srcLow its last 64 bits
     * @param dstHigh the destination, first 64 bits
     * @param dstLow its last 64 bits
     * @param nextHeader the upper-layer protocol
     * @param hopLimit the hop limit
     * @param scopeInterface the interface index that scopes a link-scoped destination, or 0
     * @param fillIcmpChecksum whether {@code payload} is an ICMPv6 message whose checksum is to be filled once the
     *     source is known
     * @param nowNanos the time
     * @return {@link TransportContext#SENT}, {@link TransportContext#NO_ROUTE} or {@link TransportContext#DROPPED}
     */
    int send(PacketBuffer payload, long srcHigh, long srcLow, long dstHigh, long dstLow, int nextHeader,
            int hopLimit, int scopeInterface, boolean fillIcmpChecksum, long nowNanos) {
        stack.counters.increment(StackCounter.IPV6_OUT_REQUESTS);
        Nic nic;
        long hopHigh = dstHigh;
        long hopLow = dstLow;
        if (isLocalAddress(dstHigh, dstLow) || (dstHigh == 0 && dstLow == 1)) {
            nic = stack.loopbackNic();
            if (srcHigh == 0 && srcLow == 0) {
                srcHigh = dstHigh;
                srcLow = dstLow;
            }
        } else if (Ipv6Link.isLinkScope(dstHigh)) {
            nic = scopeInterface != 0 ? stack.nicByIndex(scopeInterface) : onlyEthernet();
            if (nic != null && !nic.isUp()) {
                nic = null;
            }
        } else {
            RoutingTable.Route route = stack.routing().lookupIpv6(dstHigh, dstLow, RoutingTable.ANY_INTERFACE,
                    stack::isInterfaceUsable);
            nic = route == null ? null : stack.nicByIndex(route.interfaceIndex());
            if (route != null) {
                hopHigh = route.ipv6NextHopHigh(dstHigh);
                hopLow = route.ipv6NextHopLow(dstLow);
            }
        }
        if (nic == null) {
            stack.counters.increment(StackCounter.IPV6_OUT_NO_ROUTES);
            payload.release();
            return TransportContext.NO_ROUTE;
        }
        if (srcHigh == 0 && srcLow == 0) {
            Ipv6Link.Address a = nic.ipv6.sourceFor(dstHigh, dstLow);
            if (a == null) {
                stack.counters.increment(StackCounter.IPV6_OUT_NO_ROUTES);
                payload.release();
                return TransportContext.NO_ROUTE;
            }
            srcHigh = a.high;
            srcLow = a.low;
        }
        int payloadLength = payload.length();
        if (fillIcmpChecksum) {
            stack.views().icmpv6Out.wrap(payload).fillChecksum(srcHigh, srcLow, dstHigh, dstLow);
        }
        if (payloadLength > Ipv6Packet.MAX_PAYLOAD_LENGTH) {
            stack.counters.increment(StackCounter.IPV6_OUT_DISCARDS);
            payload.release();
            return TransportContext.TOO_BIG;
        }
        Ipv6Address nextHop = (dstHigh >>> 56) == 0xff ? null : new Ipv6Address(hopHigh, hopLow);
        int mtu = nic.effectiveMtu();
        if (Ipv6Packet.HEADER_LENGTH + payloadLength <= mtu || nic.linkType() == LinkType.RAW_IP && mtu == 0) {
            payload.prepend(Ipv6Packet.HEADER_LENGTH);
            emitHeader(stack.views().ipv6Out.wrap(payload), nextHeader, payloadLength, hopLimit, srcHigh, srcLow,
                    dstHigh, dstLow);
            return nic.ipv6.output(payload, nextHop, dstHigh, dstLow, nowNanos);
        }
        return fragment(nic, payload, srcHigh, srcLow, dstHigh, dstLow, nextHop, nextHeader, hopLimit,
                Math.max(mtu, Ipv6Packet.MINIMUM_MTU), nowNanos);
    }

    /** @return the only Ethernet interface that is up, or null if there is none or more than one */
    Nic onlyEthernet() {
        Nic found = null;
        for (Nic nic : stack.nicArray()) {
            if (nic.linkType() == LinkType.ETHERNET && nic.isUp()) {
                if (found != null) {
                    return null;
                }
                found = nic;
            }
        }
        return found;
    }

    /**
     * RFC 8200 §4.5: a source fragments with a Fragment header after the (here empty) unfragmentable part; every
     * fragment but the last carries a multiple of 8 bytes. The Identification is random per packet (RFC 7739 §5).
     */
    private int fragment(Nic nic, PacketBuffer payload, long srcHigh, long srcLow, long dstHigh, long dstLow,
            Ipv6Address nextHop, int nextHeader, int hopLimit, int mtu, long nowNanos) {
        int id = ThreadLocalRandom.current().nextInt();
        int chunk = (mtu - Ipv6Packet.HEADER_LENGTH - Ipv6FragmentHeader.LENGTH) & ~7;
        int total = payload.length();
        int result = TransportContext.SENT;
        Ipv6FragmentHeader fh = stack.views().fragmentOut;
        try {
            for (int offset = 0; offset < total; offset += chunk) {
                int length = Math.min(chunk, total - offset);
                boolean more = offset + length < total;
                PacketBuffer fragment = stack.pool().allocate(Ipv6Packet.HEADER_LENGTH + Ipv6FragmentHeader.LENGTH
                        + length, Ipv6Packet.HEADER_LENGTH + Ipv6FragmentHeader.LENGTH + EthernetFrame.HEADER_BYTES);
                fragment.append(length);
                MemorySegment.copy(payload.segment(), payload.start() + offset, fragment.segment(), fragment.start(),
                        length);
                fragment.prepend(Ipv6FragmentHeader.LENGTH);
                fh.wrap(fragment.segment(), fragment.start(), Ipv6FragmentHeader.LENGTH);
                fh.emit(nextHeader, offset, more, id);
                fragment.prepend(Ipv6Packet.HEADER_LENGTH);
                emitHeader(stack.views().ipv6Out.wrap(fragment), Ipv6Packet.FRAGMENT,
                        Ipv6FragmentHeader.LENGTH + length, hopLimit, srcHigh, srcLow, dstHigh, dstLow);
                stack.counters.increment(StackCounter.IPV6_FRAG_CREATES);
                int sent = nic.ipv6.output(fragment, nextHop, dstHigh, dstLow, nowNanos);
                if (sent != TransportContext.SENT) {
                    result = sent;
                }
            }
            stack.counters.increment(StackCounter.IPV6_FRAG_OKS);
            return result;
        } finally {
            payload.release();
        }
    }

    // ---- the stack's own pings ----

    /**
     * Sends one echo request and waits for the answer (see {@link netstack.api.admin.StackAdmin#echo}).
     *
     * @param destination where to
     * @param scopeInterface the interface for a link-scoped destination, or 0 for the only Ethernet interface
     * @param payloadBytes bytes of echo data
     * @param timeoutNanos how long to wait
     * @return the reply, or null on timeout
     * @throws java.io.IOException as {@code StackAdmin.echo} says
     */
    netstack.api.admin.EchoReply echo(Ipv6Address destination, int scopeInterface, int payloadBytes,
            long timeoutNanos) throws java.io.IOException {
        if (payloadBytes < 0 || payloadBytes > Ipv6Packet.MAX_PAYLOAD_LENGTH - Icmpv6Packet.HEADER_LENGTH) {
            throw new IllegalArgumentException("IPv6 echo data is 0..65527 bytes, not " + payloadBytes);
        }
        if (Ipv6Link.isLinkScope(destination.high()) && scopeInterface == 0 && onlyEthernet() == null) {
            throw new netstack.api.socket.NetworkUnreachableException(destination + " is link-scoped and there is "
                    + "not exactly one Ethernet interface up to send it from");
        }
        int sequence = echoSequence.getAndIncrement() & 0xffff;
        long now = stack.nowNanos();
        PendingEcho pending = new PendingEcho(destination, now, payloadBytes,
                new java.util.concurrent.CompletableFuture<>());
        pendingEchoes.put(sequence, pending);
        try {
            PacketBuffer out = stack.pool().allocate(Icmpv6Packet.HEADER_LENGTH + payloadBytes,
                    Ipv6Packet.HEADER_LENGTH + EthernetFrame.HEADER_BYTES);
            out.append(Icmpv6Packet.HEADER_LENGTH + payloadBytes);
            MemorySegment seg = out.segment();
            for (int i = 0; i < payloadBytes; i++) {
                seg.set(ValueLayout.JAVA_BYTE, out.start() + Icmpv6Packet.HEADER_LENGTH + i, (byte) i);
            }
            Icmpv6Packet icmp = stack.views().icmpv6Out.wrap(out);
            icmp.type(Icmpv6Packet.ECHO_REQUEST).code(0).checksum(0).identifier(echoIdentifier)
                    .sequenceNumber(sequence);
            stack.counters.increment(StackCounter.ICMPV6_OUT_MSGS);
            stack.counters.increment(StackCounter.ICMPV6_OUT_ECHOS);
            int sent = send(out, 0, 0, destination.high(), destination.low(), Ipv6Packet.ICMPV6, DEFAULT_HOP_LIMIT,
                    scopeInterface, true, now);
            if (sent == TransportContext.NO_ROUTE) {
                throw new netstack.api.socket.NetworkUnreachableException("no route to " + destination);
            }
            if (sent != TransportContext.SENT) {
                throw new java.io.IOException("the echo request to " + destination + " could not be sent");
            }
            return pending.answer().get(timeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for an echo reply");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw io;
            }
            throw new java.io.IOException(e.getCause());
        } finally {
            pendingEchoes.remove(sequence);
        }
    }

    /** {@code packet}: window at the ICMPv6 message. */
    private void echoReplied(PacketBuffer packet, Icmpv6Packet icmp, Ipv6Address source, int hopLimit,
            long nowNanos) {
        if (icmp.identifier() != echoIdentifier) {
            return;
        }
        PendingEcho pending = pendingEchoes.get(icmp.sequenceNumber());
        if (pending == null || (!pending.destination().equals(source) && !pending.destination().isMulticast())) {
            return;
        }
        int dataBytes = packet.length() - Icmpv6Packet.HEADER_LENGTH;
        if (dataBytes != pending.payloadBytes()) {
            return;
        }
        MemorySegment seg = packet.segment();
        for (int i = 0; i < dataBytes; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, packet.start() + Icmpv6Packet.HEADER_LENGTH + i) != (byte) i) {
                return;
            }
        }
        pending.answer().complete(new netstack.api.admin.EchoReply(source, icmp.sequenceNumber(), dataBytes,
                hopLimit, java.time.Duration.ofNanos(nowNanos - pending.sentNanos())));
    }

    /** An ICMPv6 error quoting one of our echo requests fails that ping. {@code packet}: window at IPv6. */
    private void echoFailed(PacketBuffer packet, int offset, Ipv6Address reporter, String what) {
        if (pendingEchoes.isEmpty()) {
            return;
        }
        int quotedAt = offset + Icmpv6Packet.HEADER_LENGTH;
        failQuotedEcho(packet.segment(), packet.start() + quotedAt, packet.length() - quotedAt,
                reporter + " reports " + what);
    }

    private void failQuotedEcho(MemorySegment seg, long at, int length, String message) {
        if (length < Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH) {
            return;
        }
        Ipv6Packet quoted = stack.views().ipv6Error.wrap(seg, at, length);
        if (quoted.checkInvoking() != Ipv6Packet.Check.OK || quoted.nextHeader() != Ipv6Packet.ICMPV6) {
            return;
        }
        Icmpv6Packet inner = stack.views().icmpv6Error.wrap(seg, at + Ipv6Packet.HEADER_LENGTH,
                length - Ipv6Packet.HEADER_LENGTH);
        if (inner.type() != Icmpv6Packet.ECHO_REQUEST || inner.identifier() != echoIdentifier) {
            return;
        }
        PendingEcho pending = pendingEchoes.get(inner.sequenceNumber());
        if (pending != null && pending.destination().high() == quoted.destinationAddressHigh()
                && pending.destination().low() == quoted.destinationAddressLow()) {
            pending.answer().completeExceptionally(new netstack.api.socket.HostUnreachableException(
                    message + " for " + pending.destination()));
        }
    }

    /**
     * A packet could not be sent because its next hop did not answer Neighbor Solicitations: fail the stack's own
     * ping it carries; for others' packets RFC 4443 §3.1 asks for Destination Unreachable code 3.
     *
     * @param packet window at its IPv6 header; the caller keeps ownership
     * @param nextHop the neighbor that did not answer
     */
    void unresolved(PacketBuffer packet, Ipv6Address nextHop) {
        Ipv6Packet ip = stack.views().ipv6Error.wrap(packet.segment(), packet.start(), packet.length());
        if (ip.checkInvoking() != Ipv6Packet.Check.OK) {
            return;
        }
        if (isLocalAddress(ip.sourceAddressHigh(), ip.sourceAddressLow())) {
            failQuotedEcho(packet.segment(), packet.start(), packet.length(),
                    "destination host unreachable: " + nextHop + " does not answer neighbor solicitations");
        } else {
            sendError(packet, Icmpv6Packet.DESTINATION_UNREACHABLE, Icmpv6Packet.ADDRESS_UNREACHABLE, 0, false, false,
                    0, stack.nowNanos());
        }
    }
}
