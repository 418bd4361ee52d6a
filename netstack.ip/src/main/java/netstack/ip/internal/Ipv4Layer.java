package netstack.ip.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.stats.StackCounter;
import netstack.ip.spi.PacketMeta;
import netstack.ip.spi.TransportContext;
import netstack.ip.spi.TransportProtocol;
import netstack.ip.wire.Checksum;
import netstack.ip.wire.Icmpv4Packet;
import netstack.ip.wire.Ipv4Packet;

/**
 * IPv4 (RFC 791, RFC 1122 §3.2-3.3) and ICMPv4 (RFC 792, RFC 1122 §3.2.2) for the whole stack: validation and local
 * delivery of received datagrams, the output path (routing, source selection, fragmentation), echo replies and
 * ICMP errors with rate limiting.
 *
 * <p>The host model is Linux's weak end system model (RFC 1122 §3.3.4.2): a datagram is ours if its destination is
 * any of our addresses, whatever interface it came in on. Forwarding between interfaces is off (and not yet
 * implemented): datagrams for others are counted in {@code ipInAddrErrors} and dropped.
 *
 * <p>Threading: stateless apart from counters, the identification counter and the ICMP rate limiter, all
 * thread-safe; receive runs on drivers' threads, output on any thread. Views come from {@link Stack#views()}.
 */
final class Ipv4Layer {

    /** Linux's default TTL ({@code net.ipv4.ip_default_ttl}). */
    static final int DEFAULT_TTL = 64;
    /** RFC 1812 §4.3.2.3: an ICMP error carries as much of the original as fits in 576 bytes. */
    static final int MAX_ICMP_ERROR_BYTES = Icmpv4Packet.MAX_ERROR_DATAGRAM_BYTES;
    private static final int LOOPBACK_NET = 0x7f00_0000;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Stack stack;
    private final AtomicInteger identification = new AtomicInteger(ThreadLocalRandom.current().nextInt());
    private final TokenBucket icmpErrors;
    private final Reassembler reassembler;
    /** The echo identifier of the stack's own pings (one per stack, random: RFC 792 lets the sender choose). */
    private final int echoIdentifier = ThreadLocalRandom.current().nextInt(0x10000);
    private final AtomicInteger echoSequence = new AtomicInteger();
    /** Pings in flight, by sequence number. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, PendingEcho> pendingEchoes =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One ping in flight: what was sent, and the future its answer completes. */
    private record PendingEcho(int destination, long sentNanos, int payloadBytes,
            java.util.concurrent.CompletableFuture<netstack.api.admin.EchoReply> answer) {
    }
    private final DeadlineTimer reassemblyTimer;

    Ipv4Layer(Stack stack) {
        this.stack = stack;
        this.icmpErrors = TokenBucket.icmpHostWide(stack.nowNanos());
        this.reassembler = new Reassembler(netstack.api.net.IpFamily.IPV4, Reassembler.Limits.ipv4Defaults(),
                stack.pool(), stack.counters, ThreadLocalRandom.current().nextLong());
        this.reassemblyTimer = new DeadlineTimer(stack.loop(), (timer, now) -> expireFragments(now));
    }

    /** Runs on the stack loop: drops timed-out reassemblies, answering each whose first fragment came. */
    private void expireFragments(long nowNanos) {
        reassembler.expire(nowNanos, (interfaceIndex, firstFragment) -> {
            if (firstFragment != null) {
                try {
                    // RFC 792 / RFC 1122 §3.3.2: Time Exceeded, code 1, only if fragment zero arrived.
                    sendError(firstFragment, Icmpv4Packet.TYPE_TIME_EXCEEDED,
                            Icmpv4Packet.CODE_REASSEMBLY_TIME_EXCEEDED, 0, nowNanos);
                } finally {
                    firstFragment.release();
                }
            }
        });
        reassemblyTimer.arm(reassembler.nextDeadlineNanos());
    }

    /** Whether datagrams for other hosts are forwarded (RFC 1812); off by default, as on a host. */
    private volatile boolean forwarding;

    /** @param enabled whether to forward datagrams between interfaces (Linux {@code net.ipv4.ip_forward}) */
    void forwarding(boolean enabled) {
        forwarding = enabled;
    }

    /** @return whether forwarding is on */
    boolean forwarding() {
        return forwarding;
    }

    /**
     * Forwards a datagram that is not ours (RFC 1812 §5.2): TTL decremented with an incremental checksum update,
     * Time Exceeded when it expires, Destination Unreachable (net) without a route, Fragmentation Needed with the
     * next-hop MTU (RFC 1191) when it does not fit and DF is set, else fragmented. Ownership of {@code packet}
     * passes here. ICMP redirects are not sent.
     */
    private void forward(PacketBuffer packet, Ipv4Packet ip, long nowNanos) {
        int destination = ip.destinationAddress();
        if (ip.timeToLive() <= 1) {
            // RFC 1812 §5.3.1: time exceeded in transit (Linux counts it in InHdrErrors).
            stack.counters.increment(StackCounter.IP_IN_HDR_ERRORS);
            sendError(packet, Icmpv4Packet.TYPE_TIME_EXCEEDED, Icmpv4Packet.CODE_TTL_EXCEEDED, 0, nowNanos);
            packet.release();
            return;
        }
        RoutingTable.Route route = stack.routing().lookupIpv4(destination, RoutingTable.ANY_INTERFACE,
                stack::isInterfaceUsable);
        Nic out = route == null ? null : stack.nicByIndex(route.interfaceIndex());
        if (out == null) {
            stack.counters.increment(StackCounter.IP_OUT_NO_ROUTES);
            sendError(packet, Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_NET_UNREACHABLE, 0,
                    nowNanos);
            packet.release();
            return;
        }
        int mtu = out.effectiveMtu();
        if (packet.length() > mtu) {
            if (ip.dontFragment()) {
                stack.counters.increment(StackCounter.IP_FRAG_FAILS);
                sendError(packet, Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_FRAGMENTATION_NEEDED,
                        mtu & 0xffff, nowNanos);
                packet.release();
                return;
            }
            ip.decrementTimeToLive();
            stack.counters.increment(StackCounter.IP_FORW_DATAGRAMS);
            refragment(out, packet, ip, route.ipv4NextHop(destination), mtu, nowNanos);
            return;
        }
        ip.decrementTimeToLive();
        stack.counters.increment(StackCounter.IP_FORW_DATAGRAMS);
        out.ipv4.output(packet, route.ipv4NextHop(destination), destination, nowNanos);
    }

    /**
     * Cuts a forwarded datagram (or fragment) into fragments that fit {@code mtu} (RFC 791 §3.2, "fragmenting a
     * fragment" included): every fragment gets a copy of the header, offsets continue from the datagram's own, MF is
     * set on all but the last unless the datagram itself had it. Datagrams with options are not fragmented here
     * (options would have to be filtered by their copy flag): they are dropped and counted in ipFragFails.
     */
    private void refragment(Nic out, PacketBuffer packet, Ipv4Packet ip, int nextHop, int mtu, long nowNanos) {
        try {
            int headerBytes = ip.headerLengthBytes();
            if (headerBytes != Ipv4Packet.MIN_HEADER_BYTES) {
                stack.counters.increment(StackCounter.IP_FRAG_FAILS);
                return;
            }
            int destination = ip.destinationAddress();
            int baseOffset = ip.fragmentOffsetBytes();
            boolean baseMore = ip.moreFragments();
            int total = packet.length() - headerBytes;
            int chunk = (mtu - headerBytes) & ~7;
            for (int offset = 0; offset < total; offset += chunk) {
                int length = Math.min(chunk, total - offset);
                boolean more = offset + length < total || baseMore;
                PacketBuffer fragment = stack.pool().allocate(headerBytes + length);
                fragment.append(headerBytes + length);
                MemorySegment.copy(packet.segment(), packet.start(), fragment.segment(), fragment.start(), headerBytes);
                MemorySegment.copy(packet.segment(), packet.start() + headerBytes + offset, fragment.segment(),
                        fragment.start() + headerBytes, length);
                Ipv4Packet header = stack.views().ipv4Out.wrap(fragment);
                header.totalLength(headerBytes + length).moreFragments(more).fragmentOffsetBytes(baseOffset + offset)
                        .fillHeaderChecksum();
                stack.counters.increment(StackCounter.IP_FRAG_CREATES);
                out.ipv4.output(fragment, nextHop, destination, nowNanos);
            }
            stack.counters.increment(StackCounter.IP_FRAG_OKS);
        } finally {
            packet.release();
        }
    }

    /** Releases what the layer holds: datagrams waiting for their fragments. Pending pings fail. */
    void close() {
        reassembler.clear();
        for (PendingEcho pending : pendingEchoes.values()) {
            pending.answer().completeExceptionally(new java.io.IOException("the stack was closed"));
        }
    }

    // ---- addresses ----

    /**
     * @param address an IPv4 address
     * @return whether it is one of the stack's addresses, on any interface (weak host model)
     */
    boolean isLocalAddress(int address) {
        return stack.isLocalIpv4(address);
    }

    private static boolean isMulticast(int address) {
        return (address & 0xf000_0000) == 0xe000_0000;
    }

    private static boolean isLoopbackNet(int address) {
        return (address & 0xff00_0000) == LOOPBACK_NET;
    }

    // ---- receive ----

    /**
     * Receives a datagram. Ownership of {@code packet} (window at the IPv4 header) passes here.
     *
     * @param nic the interface it arrived on
     * @param packet the datagram
     * @param nowNanos the time
     */
    void receive(Nic nic, PacketBuffer packet, long nowNanos) {
        Views v = stack.views();
        Ipv4Packet ip = v.ipv4.wrap(packet);
        stack.counters.increment(StackCounter.IP_IN_RECEIVES);
        Ipv4Packet.Status status = ip.check();
        if (status != Ipv4Packet.Status.OK) {
            // Linux counts truncated datagrams apart (InTruncatedPkts); MIB-II has only ipInHdrErrors for both.
            stack.counters.increment(StackCounter.IP_IN_HDR_ERRORS);
            packet.release();
            return;
        }
        packet.truncate(ip.totalLength()); // drop link-layer padding
        int source = ip.sourceAddress();
        int destination = ip.destinationAddress();
        boolean fromLoopback = nic.linkType() == LinkType.RAW_IP;
        // RFC 1122 §3.2.1.3 / RFC 1812 §5.3.7: martian sources are dropped; 127/8 only on the loopback interface.
        if (isMulticast(source) || source == -1 || (isLoopbackNet(source) && !fromLoopback)
                || (isLoopbackNet(destination) && !fromLoopback)) {
            stack.counters.increment(StackCounter.IP_IN_ADDR_ERRORS);
            packet.release();
            return;
        }
        boolean unicastToUs = isLocalAddress(destination) || (fromLoopback && isLoopbackNet(destination));
        boolean broadcast = destination == -1 || nic.ipv4.isSubnetBroadcast(destination);
        boolean multicast = isMulticast(destination);
        if (!unicastToUs && !broadcast && !multicast) {
            if (forwarding && !fromLoopback) {
                forward(packet, ip, nowNanos);
                return;
            }
            // Not ours and forwarding is off (RFC 1122 §3.3.1.1: a host silently discards it).
            stack.counters.increment(StackCounter.IP_IN_ADDR_ERRORS);
            packet.release();
            return;
        }
        if (ip.isFragment()) {
            Reassembler.Reassembled out = v.reassembled;
            Reassembler.Outcome outcome = reassembler.acceptIpv4(nic.index, source, destination, ip.identification(),
                    ip.protocol(), ip.fragmentOffsetBytes(), ip.moreFragments(), packet, ip.headerLengthBytes(),
                    nowNanos, out);
            if (outcome != Reassembler.Outcome.COMPLETE) {
                if (outcome == Reassembler.Outcome.HELD) {
                    reassemblyTimer.arm(reassembler.nextDeadlineNanos());
                }
                return;
            }
            packet = out.take();
            ip = v.ipv4.wrap(packet);
            if (ip.check() != Ipv4Packet.Status.OK) {
                stack.counters.increment(StackCounter.IP_IN_HDR_ERRORS);
                packet.release();
                return;
            }
        }
        int protocol = ip.protocol();
        int headerBytes = ip.headerLengthBytes();
        int ttl = ip.timeToLive();
        if (protocol == Ipv4Packet.PROTOCOL_ICMP) {
            stack.counters.increment(StackCounter.IP_IN_DELIVERS);
            packet.consume(headerBytes);
            receiveIcmp(packet, source, destination, unicastToUs, ttl, nowNanos);
            return;
        }
        TransportProtocol transport = stack.transport(protocol);
        if (transport == null) {
            stack.counters.increment(StackCounter.IP_IN_UNKNOWN_PROTOS);
            if (unicastToUs) {
                sendError(packet, Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE, Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE,
                        0, nowNanos);
            }
            packet.release();
            return;
        }
        stack.counters.increment(StackCounter.IP_IN_DELIVERS);
        packet.consume(headerBytes);
        PacketMeta meta = v.meta.ipv4(source, destination, protocol, ttl).interfaceIndex(nic.index);
        transport.receive(packet, meta);
    }

    private void receiveIcmp(PacketBuffer packet, int source, int destination, boolean unicastToUs, int ttl,
            long nowNanos) {
        Icmpv4Packet icmp = stack.views().icmpv4.wrap(packet);
        stack.counters.increment(StackCounter.ICMP_IN_MSGS);
        if (icmp.check() != Icmpv4Packet.Status.OK || !icmp.isChecksumValid()) {
            stack.counters.increment(StackCounter.ICMP_IN_ERRORS);
            packet.release();
            return;
        }
        switch (icmp.type()) {
            case Icmpv4Packet.TYPE_ECHO_REQUEST -> {
                stack.counters.increment(StackCounter.ICMP_IN_ECHOS);
                // Linux answers echoes to its unicast addresses only (icmp_echo_ignore_broadcasts = 1).
                if (!unicastToUs) {
                    packet.release();
                    return;
                }
                echoReply(packet, icmp, source, destination, nowNanos);
            }
            case Icmpv4Packet.TYPE_ECHO_REPLY -> {
                stack.counters.increment(StackCounter.ICMP_IN_ECHO_REPS);
                try {
                    echoReplied(packet, icmp, source, ttl, nowNanos);
                } finally {
                    packet.release();
                }
            }
            case Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE -> {
                stack.counters.increment(StackCounter.ICMP_IN_DEST_UNREACHS);
                try {
                    echoFailed(packet, source, "destination unreachable (code " + icmp.code() + ")");
                } finally {
                    packet.release();
                }
            }
            case Icmpv4Packet.TYPE_TIME_EXCEEDED -> {
                stack.counters.increment(StackCounter.ICMP_IN_TIME_EXCDS);
                try {
                    echoFailed(packet, source, "time exceeded (code " + icmp.code() + ")");
                } finally {
                    packet.release();
                }
            }
            case Icmpv4Packet.TYPE_PARAMETER_PROBLEM -> {
                stack.counters.increment(StackCounter.ICMP_IN_PARM_PROBS);
                packet.release();
            }
            default -> packet.release();
        }
    }

    /** Turns an echo request into the reply in place (RFC 792: same identifier, sequence and data). */
    private void echoReply(PacketBuffer packet, Icmpv4Packet icmp, int requester, int ourAddress, long nowNanos) {
        int code = icmp.code();
        int oldWord = (Icmpv4Packet.TYPE_ECHO_REQUEST << 8) | code;
        int newWord = (Icmpv4Packet.TYPE_ECHO_REPLY << 8) | code;
        icmp.type(Icmpv4Packet.TYPE_ECHO_REPLY);
        // RFC 1624 eqn. 3: only the type changed.
        icmp.checksum(Checksum.update(icmp.checksum(), oldWord, newWord));
        stack.counters.increment(StackCounter.ICMP_OUT_MSGS);
        stack.counters.increment(StackCounter.ICMP_OUT_ECHO_REPS);
        send(packet, ourAddress, requester, Ipv4Packet.PROTOCOL_ICMP, DEFAULT_TTL, false, nowNanos);
    }

    /**
     * Sends an ICMP error about {@code original} (window at its IPv4 header; the caller keeps ownership), unless
     * RFC 1122 §3.2.2 forbids it: no error about an ICMP error, about a datagram to a broadcast or multicast
     * address or from a source that is not a unique host, or about a fragment other than the first. Rate limited
     * like Linux (1000/s with a burst of 50).
     *
     * @param original the datagram in error
     * @param type the ICMP type
     * @param code the ICMP code
     * @param rest the 32-bit "rest of header" (unused, pointer, or next-hop MTU)
     * @param nowNanos the time
     */
    void sendError(PacketBuffer original, int type, int code, int rest, long nowNanos) {
        Ipv4Packet ip = stack.views().ipv4Error.wrap(original.segment(), original.start(), original.length());
        if (original.length() < Ipv4Packet.MIN_HEADER_BYTES || !ip.checkQuoted()) {
            return;
        }
        int source = ip.sourceAddress();
        int destination = ip.destinationAddress();
        if (source == 0 || source == -1 || isMulticast(source) || isMulticast(destination) || destination == -1
                || ip.fragmentOffsetBytes() != 0) {
            return;
        }
        if (ip.protocol() == Ipv4Packet.PROTOCOL_ICMP) {
            int headerBytes = ip.headerLengthBytes();
            if (original.length() <= headerBytes) {
                return;
            }
            int innerType = original.segment().get(ValueLayout.JAVA_BYTE, original.start() + headerBytes) & 0xff;
            if (Icmpv4Packet.isErrorType(innerType)) {
                return;
            }
        }
        if (!icmpErrors.tryAcquire(nowNanos)) {
            return;
        }
        int quoted = Math.min(Math.min(original.length(), ip.totalLength()),
                MAX_ICMP_ERROR_BYTES - Ipv4Packet.MIN_HEADER_BYTES - Icmpv4Packet.HEADER_BYTES);
        PacketBuffer out = stack.pool().allocate(Icmpv4Packet.HEADER_BYTES + quoted);
        out.append(Icmpv4Packet.HEADER_BYTES + quoted);
        MemorySegment seg = out.segment();
        MemorySegment.copy(original.segment(), original.start(), seg, out.start() + Icmpv4Packet.HEADER_BYTES, quoted);
        Icmpv4Packet icmp = stack.views().icmpv4Out.wrap(out);
        icmp.type(type).code(code).checksum(0);
        seg.set(U32, out.start() + 4, rest);
        icmp.fillChecksum();
        stack.counters.increment(StackCounter.ICMP_OUT_MSGS);
        stack.counters.increment(type == Icmpv4Packet.TYPE_TIME_EXCEEDED ? StackCounter.ICMP_OUT_TIME_EXCDS
                : type == Icmpv4Packet.TYPE_PARAMETER_PROBLEM ? StackCounter.ICMP_OUT_PARM_PROBS
                : StackCounter.ICMP_OUT_DEST_UNREACHS);
        // From the address the datagram was sent to when that is ours, else from the outgoing interface's.
        int from = isLocalAddress(destination) ? destination : 0;
        send(out, from, source, Ipv4Packet.PROTOCOL_ICMP, DEFAULT_TTL, false, nowNanos);
    }

    // ---- the stack's own pings ----

    /**
     * Sends one echo request and waits for the answer (see {@link netstack.api.admin.StackAdmin#echo}).
     *
     * @param destination where to
     * @param payloadBytes bytes of echo data
     * @param timeoutNanos how long to wait
     * @return the reply, or null on timeout
     * @throws java.io.IOException as {@code StackAdmin.echo} says
     */
    netstack.api.admin.EchoReply echo(int destination, int payloadBytes, long timeoutNanos) throws java.io.IOException {
        if (payloadBytes < 0 || payloadBytes > Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_BYTES
                - Icmpv4Packet.HEADER_BYTES) {
            throw new IllegalArgumentException("echo data is 0..65507 bytes, not " + payloadBytes);
        }
        int sequence = echoSequence.getAndIncrement() & 0xffff;
        long now = stack.nowNanos();
        PendingEcho pending = new PendingEcho(destination, now, payloadBytes,
                new java.util.concurrent.CompletableFuture<>());
        pendingEchoes.put(sequence, pending);
        try {
            PacketBuffer out = stack.pool().allocate(Icmpv4Packet.HEADER_BYTES + payloadBytes);
            out.append(Icmpv4Packet.HEADER_BYTES + payloadBytes);
            MemorySegment seg = out.segment();
            for (int i = 0; i < payloadBytes; i++) {
                seg.set(ValueLayout.JAVA_BYTE, out.start() + Icmpv4Packet.HEADER_BYTES + i, echoPattern(i));
            }
            Icmpv4Packet icmp = stack.views().icmpv4Out.wrap(out);
            icmp.type(Icmpv4Packet.TYPE_ECHO_REQUEST).code(0).checksum(0);
            icmp.echoIdentifier(echoIdentifier).echoSequenceNumber(sequence).fillChecksum();
            stack.counters.increment(StackCounter.ICMP_OUT_MSGS);
            stack.counters.increment(StackCounter.ICMP_OUT_ECHOS);
            int sent = send(out, 0, destination, Ipv4Packet.PROTOCOL_ICMP, DEFAULT_TTL, false, now);
            if (sent == TransportContext.NO_ROUTE) {
                throw new netstack.api.socket.NetworkUnreachableException("no route to "
                        + netstack.api.net.Ipv4Address.of(destination));
            }
            if (sent != TransportContext.SENT) {
                throw new java.io.IOException("the echo request to " + netstack.api.net.Ipv4Address.of(destination)
                        + " could not be sent");
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

    /** The echo data pattern: byte i is {@code i & 0xff}, as iputils ping fills it. */
    private static byte echoPattern(int i) {
        return (byte) i;
    }

    private void echoReplied(PacketBuffer packet, Icmpv4Packet icmp, int source, int ttl, long nowNanos) {
        if (icmp.echoIdentifier() != echoIdentifier) {
            return;
        }
        PendingEcho pending = pendingEchoes.get(icmp.echoSequenceNumber());
        if (pending == null || pending.destination() != source && !isMulticast(pending.destination())) {
            return;
        }
        int dataBytes = packet.length() - Icmpv4Packet.HEADER_BYTES;
        if (dataBytes != pending.payloadBytes()) {
            return;
        }
        MemorySegment seg = packet.segment();
        for (int i = 0; i < dataBytes; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, packet.start() + Icmpv4Packet.HEADER_BYTES + i) != echoPattern(i)) {
                return; // corrupted on the way: not an answer
            }
        }
        pending.answer().complete(new netstack.api.admin.EchoReply(netstack.api.net.Ipv4Address.of(source),
                icmp.echoSequenceNumber(), dataBytes, ttl, java.time.Duration.ofNanos(nowNanos - pending.sentNanos())));
    }

    /**
     * A datagram the stack itself sent could not be delivered because its next hop did not answer ARP: fail the
     * ping it carries, if any (Linux's ping prints "Destination Host Unreachable" in that case).
     *
     * @param datagram the datagram, window at its IPv4 header; the caller keeps ownership
     * @param nextHop the neighbor that did not answer
     */
    void localDatagramUndeliverable(PacketBuffer datagram, netstack.api.net.IpAddress nextHop) {
        if (pendingEchoes.isEmpty()) {
            return;
        }
        Ipv4Packet ip = stack.views().ipv4Error.wrap(datagram.segment(), datagram.start(), datagram.length());
        if (!ip.checkQuoted() || ip.protocol() != Ipv4Packet.PROTOCOL_ICMP || ip.fragmentOffsetBytes() != 0
                || datagram.length() < ip.headerLengthBytes() + Icmpv4Packet.HEADER_BYTES) {
            return;
        }
        long icmp = datagram.start() + ip.headerLengthBytes();
        MemorySegment seg = datagram.segment();
        ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        if ((seg.get(ValueLayout.JAVA_BYTE, icmp) & 0xff) != Icmpv4Packet.TYPE_ECHO_REQUEST
                || Short.toUnsignedInt(seg.get(u16, icmp + 4)) != echoIdentifier) {
            return;
        }
        PendingEcho pending = pendingEchoes.get(Short.toUnsignedInt(seg.get(u16, icmp + 6)));
        if (pending != null) {
            pending.answer().completeExceptionally(new netstack.api.socket.HostUnreachableException(
                    "destination host unreachable: " + nextHop + " does not answer ARP"));
        }
    }

    /** An ICMP error quoting one of our echo requests fails that ping. {@code packet}: window at the ICMP message. */
    private void echoFailed(PacketBuffer packet, int reporter, String what) {
        if (pendingEchoes.isEmpty() || packet.length() < Icmpv4Packet.HEADER_BYTES + Ipv4Packet.MIN_HEADER_BYTES + 8) {
            return;
        }
        Ipv4Packet quoted = stack.views().ipv4Error.wrap(packet.segment(), packet.start() + Icmpv4Packet.HEADER_BYTES,
                packet.length() - Icmpv4Packet.HEADER_BYTES);
        if (!quoted.checkQuoted() || quoted.protocol() != Ipv4Packet.PROTOCOL_ICMP
                || packet.length() < Icmpv4Packet.HEADER_BYTES + quoted.headerLengthBytes() + 8) {
            return;
        }
        long inner = packet.start() + Icmpv4Packet.HEADER_BYTES + quoted.headerLengthBytes();
        MemorySegment seg = packet.segment();
        int type = seg.get(ValueLayout.JAVA_BYTE, inner) & 0xff;
        int id = Short.toUnsignedInt(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), inner + 4));
        int sequence = Short.toUnsignedInt(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN),
                inner + 6));
        if (type != Icmpv4Packet.TYPE_ECHO_REQUEST || id != echoIdentifier) {
            return;
        }
        PendingEcho pending = pendingEchoes.get(sequence);
        if (pending != null && pending.destination() == quoted.destinationAddress()) {
            pending.answer().completeExceptionally(new netstack.api.socket.HostUnreachableException(
                    netstack.api.net.Ipv4Address.of(reporter) + " reports " + what + " for "
                            + netstack.api.net.Ipv4Address.of(pending.destination())));
        }
    }

    // ---- output ----

    /**
     * Sends {@code payload} (window at the transport header, with at least 20 + 18 bytes of headroom) as an IPv4
     * datagram. Ownership of {@code payload} passes here whatever the result.
     *
     * @param payload the transport message
     * @param source the source address, or 0 to choose one from the route (RFC 1122 §3.3.4.3)
     * @param destination the destination address
     * @param protocol the IP protocol number
     * @param ttl the time to live
     * @param dontFragment whether to set DF (and refuse datagrams larger than the path MTU)
     * @param nowNanos the time
     * @return {@link TransportContext#SENT}, {@link TransportContext#NO_ROUTE}, {@link TransportContext#TOO_BIG}
     *     or {@link TransportContext#DROPPED}
     */
    int send(PacketBuffer payload, int source, int destination, int protocol, int ttl, boolean dontFragment,
            long nowNanos) {
        stack.counters.increment(StackCounter.IP_OUT_REQUESTS);
        Nic nic;
        int nextHop;
        if (isLocalAddress(destination) || isLoopbackNet(destination)) {
            nic = stack.loopbackNic();
            nextHop = destination;
            if (source == 0) {
                source = destination; // to ourselves, from ourselves
            }
        } else {
            RoutingTable.Route route = stack.routing().lookupIpv4(destination, RoutingTable.ANY_INTERFACE,
                    stack::isInterfaceUsable);
            nic = route == null ? null : stack.nicByIndex(route.interfaceIndex());
            nextHop = route == null ? 0 : route.ipv4NextHop(destination);
        }
        if (nic == null) {
            stack.counters.increment(StackCounter.IP_OUT_NO_ROUTES);
            payload.release();
            return TransportContext.NO_ROUTE;
        }
        if (source == 0) {
            source = nic.ipv4.sourceFor(nextHop);
            if (source == 0) {
                stack.counters.increment(StackCounter.IP_OUT_NO_ROUTES);
                payload.release();
                return TransportContext.NO_ROUTE;
            }
        }
        int mtu = nic.effectiveMtu();
        int payloadLength = payload.length();
        if (Ipv4Packet.MIN_HEADER_BYTES + payloadLength <= mtu) {
            payload.prepend(Ipv4Packet.MIN_HEADER_BYTES);
            stack.views().ipv4Out.wrap(payload).emit(0, nextIdentification(), dontFragment, ttl, protocol, source,
                    destination, payloadLength);
            return nic.ipv4.output(payload, nextHop, destination, nowNanos);
        }
        if (dontFragment || payloadLength > Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_BYTES) {
            stack.counters.increment(StackCounter.IP_FRAG_FAILS);
            payload.release();
            return TransportContext.TOO_BIG;
        }
        return fragment(nic, payload, source, destination, nextHop, protocol, ttl, mtu, nowNanos);
    }

    /** RFC 791 §3.2: cuts the payload into fragments whose data is a multiple of 8 bytes, all but the last. */
    private int fragment(Nic nic, PacketBuffer payload, int source, int destination, int nextHop, int protocol,
            int ttl, int mtu, long nowNanos) {
        int id = nextIdentification();
        int chunk = (mtu - Ipv4Packet.MIN_HEADER_BYTES) & ~7;
        int total = payload.length();
        int result = TransportContext.SENT;
        try {
            for (int offset = 0; offset < total; offset += chunk) {
                int length = Math.min(chunk, total - offset);
                boolean more = offset + length < total;
                PacketBuffer fragment = stack.pool().allocate(Ipv4Packet.MIN_HEADER_BYTES + length);
                fragment.append(length);
                MemorySegment.copy(payload.segment(), payload.start() + offset, fragment.segment(), fragment.start(),
                        length);
                fragment.prepend(Ipv4Packet.MIN_HEADER_BYTES);
                Ipv4Packet header = stack.views().ipv4Out.wrap(fragment);
                header.emit(0, id, false, ttl, protocol, source, destination, length);
                header.moreFragments(more).fragmentOffsetBytes(offset).fillHeaderChecksum();
                stack.counters.increment(StackCounter.IP_FRAG_CREATES);
                int sent = nic.ipv4.output(fragment, nextHop, destination, nowNanos);
                if (sent != TransportContext.SENT) {
                    result = sent;
                }
            }
            stack.counters.increment(StackCounter.IP_FRAG_OKS);
            return result;
        } finally {
            payload.release();
        }
    }

    private int nextIdentification() {
        return identification.getAndIncrement() & 0xffff;
    }
}
