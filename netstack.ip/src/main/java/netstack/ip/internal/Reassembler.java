package netstack.ip.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.wire.Checksum;

/**
 * IP fragment reassembly for one address family: IPv4 (RFC 791 §3.2, RFC 815 for the hole bookkeeping, RFC 1122
 * §3.3.2) or IPv6 (RFC 8200 §4.5, RFC 5722, RFC 6946), with the bounds of the Linux kernel.
 *
 * <h2>Input</h2>
 * The caller has parsed and validated the header and passes the values; the reassembler takes ownership of the
 * packet buffer on every {@link Outcome} except the two {@code PARAMETER_PROBLEM_*} ones. The buffer's data window
 * is the whole IP packet, trimmed to its IP length (link padding removed):
 * <pre>
 *   IPv4:  [ IPv4 header incl. options (headerLength) ][ fragment payload ]
 *   IPv6:  [ IPv6 header + extension headers before the Fragment header (unfragmentableLength) ]
 *          [ Fragment header (8) ][ fragment payload ]
 * </pre>
 * Beyond that, the reassembler reads only the ECN bits of the first header word (RFC 3168 §5.3) and, when it
 * rebuilds a datagram, writes the length fields, the fragment fields and the IPv4 header checksum.
 *
 * <p>Datagrams are keyed by (source, destination, identification, protocol) for IPv4 (RFC 791) and (source,
 * destination, identification) for IPv6 (RFC 8200 §4.5; the Next Header of the fragments may differ and only the
 * offset-zero fragment's counts), plus the receiving interface in both cases.
 *
 * <h2>Output</h2>
 * A completed datagram is one buffer, from the pool or (when it has room) the first fragment's own buffer: the
 * first fragment's header (IPv4) or unfragmentable part (IPv6), then the whole payload. IPv4: total length set, MF
 * and fragment offset cleared (DF and the reserved bit kept), checksum recomputed. IPv6: the Fragment header is
 * gone, Payload Length set, and the Next Header field that pointed at the Fragment header now holds the first
 * fragment's Fragment-header Next Header. If a fragment carried ECN CE, so does the datagram. Offload flags are
 * cleared: the transport checksum must be verified over the reassembled datagram.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A fragment overlapping another discards the whole datagram silently and blocks its key until the
 *       datagram's timeout, so that its remaining fragments are dropped too (RFC 5722 §4; done for IPv4 as well,
 *       as Linux does). An exact duplicate (same offset and end) is dropped alone.</li>
 *   <li>A last fragment whose end differs from an earlier last fragment's, or lies before data already received,
 *       and a non-last fragment reaching beyond a known end, discard the datagram (Linux
 *       {@code ip_frag_queue}).</li>
 *   <li>A fragment of zero length, or at an offset not a multiple of 8, is dropped; so is an IPv4 non-last
 *       fragment whose length is not a multiple of 8 (RFC 791). For IPv6 that case, and a fragment that would make
 *       the Payload Length exceed 65535, are {@code PARAMETER_PROBLEM_*}: the caller keeps the packet to quote it
 *       in an ICMPv6 Parameter Problem, code 0 (RFC 8200 §4.5).</li>
 *   <li>An IPv4 datagram beyond 65535 bytes, more than {@link Limits#maxFragments()} fragments, or a mix of
 *       Not-ECT with ECT/CE fragments (RFC 3168 §5.3) discards the datagram.</li>
 *   <li>An IPv6 atomic fragment (offset 0, M clear) is returned at once, without its Fragment header, and never
 *       mixed with other fragments of its identification (RFC 6946 §4). An IPv4 packet with offset 0 and MF clear
 *       is not a fragment and comes back unchanged.</li>
 *   <li>A datagram not complete {@link Limits#timeoutNanos()} after its first-arriving fragment is abandoned
 *       (RFC 8200 §4.5: 60 s; IPv4: Linux's {@code ipfrag_time} 30 s, RFC 791 suggests 15 s). The timer is not
 *       extended by later fragments. {@link #expire} reports it; if its offset-zero fragment had arrived, the
 *       caller should send ICMP Time Exceeded code 1 quoting that fragment (RFC 792, RFC 1122 §3.3.2, RFC 4443
 *       §3.3), rate limited.</li>
 *   <li>Memory: fragments are charged their buffer's capacity (not just their payload, so that tiny fragments in
 *       big buffers cannot exceed the bound) and each datagram a fixed overhead. When a fragment would take the
 *       total above {@link Limits#highThresholdBytes()}, the oldest datagrams are evicted until it fits under
 *       {@link Limits#lowThresholdBytes()} (Linux's ipfrag_high/low_thresh, 4 MiB / 3 MiB; gVisor's oldest-first
 *       eviction).</li>
 * </ul>
 *
 * <h2>Counters</h2>
 * In the stack's {@link StackCounter}s: {@code ipReasmReqds} per fragment received, {@code ipReasmOKs} per
 * datagram reassembled, {@code ipReasmFails} per failure (each dropped malformed fragment, each discarded, evicted
 * or timed-out datagram; not the fragments later dropped for a datagram already failed), {@code ipReasmTimeout}
 * per timed-out datagram (Linux counts both fails and timeout on a timeout). IPv6 uses the {@code ipv6Reasm*}
 * counters; there is no {@code ipv6ReasmTimeout} counter in {@link StackCounter}, so IPv6 timeouts are only in
 * {@link #timeouts()}. The reasons are counted here too ({@link #overlaps()} and so on).
 *
 * <h2>Threading</h2>
 * Thread-safe: receive loops of several interfaces may call {@code accept*} concurrently. Every method holds this
 * object's monitor for bounded work (at most one 64 KiB copy when a datagram completes); the monitor is never held
 * while calling out to the {@link TimeoutListener}. Lock order: this monitor, then the pool's.
 *
 * <h2>Allocation</h2>
 * Datagram records (with their fragment arrays) are recycled through a free list, which grows to the most
 * datagrams ever held at once (bounded by the memory limit) and then stays. Output buffers come from the
 * {@link PacketPool}, or reuse the first fragment's buffer. Hence allocation-free in steady state (with the pool's
 * leak tracking off).
 */
final class Reassembler {

    /** What became of a fragment. */
    enum Outcome {
        /** The datagram is complete; take it from the {@link Reassembled} holder. */
        COMPLETE,
        /** Stored; the datagram is not complete yet. */
        HELD,
        /** An exact duplicate of a stored fragment; dropped. */
        DUPLICATE,
        /** Dropped: zero length, misaligned offset or length, or header lengths that do not fit the packet. */
        MALFORMED,
        /** Dropped: its datagram has already failed (RFC 5722) or timed out. */
        DISCARDED,
        /** It overlapped a stored fragment: the datagram is discarded (RFC 5722). */
        OVERLAP,
        /** Its end contradicts the datagram's known length: the datagram is discarded. */
        BAD_LENGTH,
        /** The datagram would exceed 65535 bytes (IPv4) or 65535 bytes of payload (IPv6): discarded. */
        TOO_BIG,
        /** The datagram needs more than {@link Limits#maxFragments()} fragments: discarded. */
        TOO_MANY_FRAGMENTS,
        /** The fragments mix Not-ECT with ECT or CE (RFC 3168 §5.3): the datagram is discarded. */
        ECN_MISMATCH,
        /** The memory bound leaves no room even after evicting every other datagram: discarded. */
        NO_MEMORY,
        /**
         * IPv6, RFC 8200 §4.5: not the last fragment, yet its length is not a multiple of 8. The caller keeps the
         * packet and should send ICMPv6 Parameter Problem code 0 with the pointer at the Payload Length field
         * (offset 4), then release it.
         */
        PARAMETER_PROBLEM_LENGTH,
        /**
         * IPv6, RFC 8200 §4.5: offset plus length would make the reassembled Payload Length exceed 65535. The
         * caller keeps the packet and should send ICMPv6 Parameter Problem code 0 with the pointer at the Fragment
         * Offset field (offset {@code unfragmentableLength + 2}), then release it.
         */
        PARAMETER_PROBLEM_OFFSET;

        /** @return whether the caller still owns the packet it passed in */
        boolean callerKeepsPacket() {
            return this == PARAMETER_PROBLEM_LENGTH || this == PARAMETER_PROBLEM_OFFSET;
        }
    }

    /**
     * Bounds of one reassembler.
     *
     * @param highThresholdBytes memory charged to held datagrams above which the oldest are evicted
     * @param lowThresholdBytes where eviction stops
     * @param maxFragments the most fragments of one datagram
     * @param timeoutNanos how long a datagram may take from its first-arriving fragment
     */
    record Limits(long highThresholdBytes, long lowThresholdBytes, int maxFragments, long timeoutNanos) {

        /** Linux's {@code ipfrag_high_thresh} default. */
        static final long DEFAULT_HIGH_THRESHOLD_BYTES = 4L << 20;
        /** Linux's {@code ipfrag_low_thresh} default. */
        static final long DEFAULT_LOW_THRESHOLD_BYTES = 3L << 20;
        /** Fragments per datagram; 64 covers a 64 KiB datagram at an MTU of 1280. */
        static final int DEFAULT_MAX_FRAGMENTS = 64;

        /**
         * @throws IllegalArgumentException if the thresholds are not {@code 0 < low <= high}, the fragment limit
         *     is outside 1..8192 (the most 8-byte-aligned fragments a 64 KiB datagram has) or the timeout is not
         *     positive
         */
        Limits {
            if (lowThresholdBytes <= 0 || lowThresholdBytes > highThresholdBytes) {
                throw new IllegalArgumentException("need 0 < low <= high threshold: low " + lowThresholdBytes
                        + ", high " + highThresholdBytes);
            }
            if (maxFragments < 1 || maxFragments > 8192) {
                throw new IllegalArgumentException("max fragments must be 1..8192: " + maxFragments);
            }
            if (timeoutNanos <= 0) {
                throw new IllegalArgumentException("timeout must be positive: " + timeoutNanos + " ns");
            }
        }

        /** @return IPv4 defaults: 4 MiB / 3 MiB, 64 fragments, 30 s (Linux {@code ipfrag_time}) */
        static Limits ipv4Defaults() {
            return new Limits(DEFAULT_HIGH_THRESHOLD_BYTES, DEFAULT_LOW_THRESHOLD_BYTES, DEFAULT_MAX_FRAGMENTS,
                    30_000_000_000L);
        }

        /** @return IPv6 defaults: 4 MiB / 3 MiB, 64 fragments, 60 s (RFC 8200 §4.5) */
        static Limits ipv6Defaults() {
            return new Limits(DEFAULT_HIGH_THRESHOLD_BYTES, DEFAULT_LOW_THRESHOLD_BYTES, DEFAULT_MAX_FRAGMENTS,
                    60_000_000_000L);
        }
    }

    /**
     * Where a completed datagram is handed over. One per calling thread, reused: allocation-free.
     */
    static final class Reassembled {
        private PacketBuffer packet;
        private int headerLength;

        /** @return the completed datagram, now owned by the caller; {@code null} if there is none */
        PacketBuffer take() {
            PacketBuffer p = packet;
            packet = null;
            return p;
        }

        /**
         * @return the length of the header before the payload in the last datagram taken: the first fragment's
         *     IPv4 header, or its IPv6 unfragmentable part
         */
        int headerLength() {
            return headerLength;
        }

        private void checkEmpty() {
            if (packet != null) {
                throw new IllegalStateException("the previous reassembled datagram was not taken");
            }
        }

        private void set(PacketBuffer completed, int header) {
            packet = completed;
            headerLength = header;
        }
    }

    /** Told about each datagram that timed out (not those discarded or evicted). */
    @FunctionalInterface
    interface TimeoutListener {
        /**
         * Called from {@link Reassembler#expire}, outside the reassembler's monitor.
         *
         * @param interfaceIndex the interface the fragments came in on
         * @param firstFragment the offset-zero fragment as received (window unchanged), owned by the listener,
         *     which must release it: send ICMP Time Exceeded code 1 quoting it. {@code null} if it never arrived:
         *     then no ICMP message is sent (RFC 792, RFC 8200 §4.5).
         */
        void reassemblyTimedOut(int interfaceIndex, PacketBuffer firstFragment);
    }

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_MAX_HEADER = 60;
    private static final int IPV6_HEADER = 40;
    private static final int FRAGMENT_HEADER = 8;
    private static final int MAX_OFFSET = 0x1fff << 3;
    private static final int MAX_LENGTH = 65535;
    /** ECN codepoints seen, one bit each (RFC 3168 §5: 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE). */
    private static final int ECN_NOT_ECT = 1;
    private static final int ECN_CE = 1 << 3;

    private final IpFamily family;
    private final Limits limits;
    private final PacketPool pool;
    private final AtomicCounters<StackCounter> counters;
    private final StackCounter reqds;
    private final StackCounter oks;
    private final StackCounter fails;
    private final long hashKey;
    /** The fixed charge per datagram held: its record and fragment arrays. */
    private final long entryOverheadBytes;

    // Guarded by this.
    private final Entry[] buckets;
    private Entry oldest;
    private Entry newest;
    private Entry free;
    private long heldBytes;
    private int datagrams;
    private int tombstones;
    private long timeouts;
    private long overlaps;
    private long duplicates;
    private long malformed;
    private long badLengths;
    private long tooBig;
    private long tooManyFragments;
    private long ecnMismatches;
    private long noMemory;
    private long evictions;
    private long discarded;
    private long parameterProblems;

    /**
     * @param family the address family of every fragment given to this instance
     * @param limits the bounds
     * @param pool where reassembled datagrams are allocated
     * @param counters the stack's counters
     * @param hashKey a secret random value, so that senders cannot aim many datagrams at one hash bucket
     */
    Reassembler(IpFamily family, Limits limits, PacketPool pool, AtomicCounters<StackCounter> counters,
            long hashKey) {
        this.family = family;
        this.limits = limits;
        this.pool = pool;
        this.counters = counters;
        this.hashKey = hashKey;
        boolean v4 = family == IpFamily.IPV4;
        this.reqds = v4 ? StackCounter.IP_REASM_REQDS : StackCounter.IPV6_REASM_REQDS;
        this.oks = v4 ? StackCounter.IP_REASM_OKS : StackCounter.IPV6_REASM_OKS;
        this.fails = v4 ? StackCounter.IP_REASM_FAILS : StackCounter.IPV6_REASM_FAILS;
        this.entryOverheadBytes = 192 + 24L * limits.maxFragments();
        long most = Math.max(16, Math.min(1 << 16, limits.highThresholdBytes() / entryOverheadBytes));
        this.buckets = new Entry[Integer.highestOneBit((int) most - 1) << 1];
    }

    /** @return the address family */
    IpFamily family() {
        return family;
    }

    /** @return the bounds */
    Limits limits() {
        return limits;
    }

    /** @return the memory charged for one datagram besides its buffers */
    long entryOverheadBytes() {
        return entryOverheadBytes;
    }

    // ---- input ----

    /**
     * Accepts an IPv4 fragment.
     *
     * @param interfaceIndex the receiving interface
     * @param source the source address
     * @param destination the destination address
     * @param identification the Identification field, 16 bits
     * @param protocol the Protocol field
     * @param offsetBytes the Fragment Offset in bytes (the field times 8)
     * @param moreFragments the MF flag
     * @param packet the packet, header first, trimmed to the Total Length; owned by the reassembler from here on
     * @param headerLength the header length in bytes (IHL times 4)
     * @param nowNanos the current time
     * @param out receives the datagram when the outcome is {@link Outcome#COMPLETE}
     * @return what became of the fragment; the packet is the reassembler's in every case
     * @throws IllegalStateException if {@code out} still holds a datagram (checked before anything else)
     */
    Outcome acceptIpv4(int interfaceIndex, int source, int destination, int identification, int protocol,
            int offsetBytes, boolean moreFragments, PacketBuffer packet, int headerLength, long nowNanos,
            Reassembled out) {
        checkFamily(IpFamily.IPV4);
        out.checkEmpty();
        if (offsetBytes == 0 && !moreFragments) {
            // RFC 791: offset 0 with MF clear is a whole datagram, not a fragment.
            out.set(packet, headerLength);
            return Outcome.COMPLETE;
        }
        counters.increment(reqds);
        int length = packet.length();
        if (headerLength < IPV4_MIN_HEADER || headerLength > IPV4_MAX_HEADER || headerLength > length
                || !validOffset(offsetBytes) || length == headerLength
                // RFC 791 §3.2: every fragment but the last carries a multiple of 8 bytes.
                || (moreFragments && ((length - headerLength) & 7) != 0)) {
            return malformed(packet);
        }
        int ecn = packet.segment().get(ValueLayout.JAVA_BYTE, packet.start() + 1L) & 3;
        return accept(interfaceIndex, 0, source & 0xffff_ffffL, 0, destination & 0xffff_ffffL,
                identification & 0xffff, protocol & 0xff, offsetBytes, moreFragments, ecn, packet, headerLength,
                headerLength, 0, 0, nowNanos, out);
    }

    /**
     * Accepts an IPv6 fragment.
     *
     * @param interfaceIndex the receiving interface
     * @param sourceHigh the source's first 64 bits
     * @param sourceLow the source's last 64 bits
     * @param destinationHigh the destination's first 64 bits
     * @param destinationLow the destination's last 64 bits
     * @param identification the Fragment header's Identification
     * @param nextHeader the Fragment header's Next Header
     * @param offsetBytes the Fragment Offset in bytes (the field times 8)
     * @param moreFragments the M flag
     * @param packet the packet from the IPv6 header on, trimmed to 40 + Payload Length; owned by the reassembler
     *     unless the outcome {@link Outcome#callerKeepsPacket() says otherwise}
     * @param unfragmentableLength the IPv6 header and the extension headers before the Fragment header
     * @param nextHeaderFieldOffset the offset, from the packet's start, of the Next Header field that holds 44
     *     (the Fragment header): 6 if the Fragment header follows the IPv6 header, else the first byte of the
     *     extension header before it
     * @param nowNanos the current time
     * @param out receives the datagram when the outcome is {@link Outcome#COMPLETE}
     * @return what became of the fragment
     * @throws IllegalStateException if {@code out} still holds a datagram (checked before anything else)
     */
    Outcome acceptIpv6(int interfaceIndex, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int nextHeader, int offsetBytes, boolean moreFragments,
            PacketBuffer packet, int unfragmentableLength, int nextHeaderFieldOffset, long nowNanos,
            Reassembled out) {
        checkFamily(IpFamily.IPV6);
        out.checkEmpty();
        counters.increment(reqds);
        int length = packet.length();
        if (unfragmentableLength < IPV6_HEADER || length < unfragmentableLength + FRAGMENT_HEADER
                || nextHeaderFieldOffset < 0 || nextHeaderFieldOffset >= unfragmentableLength
                || !validOffset(offsetBytes)) {
            return malformed(packet);
        }
        int payloadLength = length - unfragmentableLength - FRAGMENT_HEADER;
        if (offsetBytes == 0 && !moreFragments) {
            return atomicFragment(packet, unfragmentableLength, nextHeaderFieldOffset, nextHeader, out);
        }
        if (moreFragments && (payloadLength & 7) != 0) {
            // RFC 8200 §4.5: discard, and Parameter Problem code 0 pointing at the Payload Length.
            return parameterProblem(Outcome.PARAMETER_PROBLEM_LENGTH);
        }
        if (unfragmentableLength - IPV6_HEADER + offsetBytes + payloadLength > MAX_LENGTH) {
            // RFC 8200 §4.5: discard, and Parameter Problem code 0 pointing at the Fragment Offset.
            return parameterProblem(Outcome.PARAMETER_PROBLEM_OFFSET);
        }
        if (payloadLength == 0) {
            return malformed(packet);
        }
        int ecn = (packet.segment().get(ValueLayout.JAVA_BYTE, packet.start() + 1L) >> 4) & 3;
        return accept(interfaceIndex, sourceHigh, sourceLow, destinationHigh, destinationLow, identification, -1,
                offsetBytes, moreFragments, ecn, packet, unfragmentableLength,
                unfragmentableLength + FRAGMENT_HEADER, nextHeaderFieldOffset, nextHeader & 0xff, nowNanos, out);
    }

    private void checkFamily(IpFamily expected) {
        if (family != expected) {
            throw new IllegalStateException("this reassembler handles " + family + ", not " + expected);
        }
    }

    private static boolean validOffset(int offsetBytes) {
        return offsetBytes >= 0 && offsetBytes <= MAX_OFFSET && (offsetBytes & 7) == 0;
    }

    private Outcome malformed(PacketBuffer packet) {
        packet.release();
        counters.increment(fails);
        synchronized (this) {
            malformed++;
        }
        return Outcome.MALFORMED;
    }

    private Outcome parameterProblem(Outcome outcome) {
        // Linux counts these as header errors (the caller's ipv6InHdrErrors), not as reassembly failures.
        synchronized (this) {
            parameterProblems++;
        }
        return outcome;
    }

    /** RFC 6946 §4: processed in isolation; the Fragment header is removed in place. */
    private Outcome atomicFragment(PacketBuffer packet, int unfragmentableLength, int nextHeaderFieldOffset,
            int nextHeader, Reassembled out) {
        MemorySegment segment = packet.segment();
        int start = packet.start();
        MemorySegment.copy(segment, start, segment, start + FRAGMENT_HEADER, unfragmentableLength);
        packet.window(start + FRAGMENT_HEADER, packet.end());
        int base = packet.start();
        segment.set(U16, base + 4L, (short) (packet.length() - IPV6_HEADER));
        segment.set(ValueLayout.JAVA_BYTE, base + (long) nextHeaderFieldOffset, (byte) nextHeader);
        packet.flags(0);
        // Linux counts an atomic fragment as a fragment received and a datagram reassembled.
        counters.increment(oks);
        out.set(packet, unfragmentableLength);
        return Outcome.COMPLETE;
    }

    private synchronized Outcome accept(int interfaceIndex, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int protocol, int offsetBytes, boolean more, int ecn,
            PacketBuffer packet, int headerLength, int payloadStart, int nextHeaderFieldOffset, int nextHeader,
            long nowNanos, Reassembled out) {
        int hash = hash(interfaceIndex, sourceHigh, sourceLow, destinationHigh, destinationLow, identification,
                protocol);
        Entry e = find(hash, interfaceIndex, sourceHigh, sourceLow, destinationHigh, destinationLow,
                identification, protocol);
        long cost = packet.capacity();
        if (e == null) {
            if (!reserve(entryOverheadBytes + cost, null)) {
                noMemory++;
                counters.increment(fails);
                packet.release();
                return Outcome.NO_MEMORY;
            }
            e = newEntry(hash, interfaceIndex, sourceHigh, sourceLow, destinationHigh, destinationLow,
                    identification, protocol, nowNanos);
        } else if (e.dead || nowNanos - e.deadlineNanos >= 0) {
            // RFC 5722 §4: fragments of a discarded datagram, "including those not yet received", are dropped.
            // A datagram past its deadline is abandoned (RFC 8200 §4.5); expire() reports it.
            discarded++;
            packet.release();
            return Outcome.DISCARDED;
        }
        int payloadLength = packet.length() - payloadStart;
        int end = offsetBytes + payloadLength;
        boolean first = offsetBytes == 0;

        // Size of the reassembled datagram, with the header that will be used: the offset-zero fragment's, or
        // while it is unknown the smallest possible one.
        boolean v4 = family == IpFamily.IPV4;
        int header = first ? headerLength : e.hasFirst ? e.firstHeaderLength : v4 ? IPV4_MIN_HEADER : IPV6_HEADER;
        int limit = v4 ? MAX_LENGTH - header : MAX_LENGTH - (header - IPV6_HEADER);
        if (Math.max(end, e.maxEnd) > limit) {
            tooBig++;
            return kill(e, packet, Outcome.TOO_BIG);
        }
        // Linux ip_frag_queue: a last fragment must agree with any earlier one and with the data seen.
        if (!more) {
            if (end < e.maxEnd || (e.lastSeen && end != e.totalLength)) {
                badLengths++;
                return kill(e, packet, Outcome.BAD_LENGTH);
            }
        } else if (e.lastSeen && end > e.totalLength) {
            badLengths++;
            return kill(e, packet, Outcome.BAD_LENGTH);
        }
        // Position among the stored fragments, sorted by offset and never overlapping.
        int count = e.count;
        int position = 0;
        while (position < count && e.start[position] < offsetBytes) {
            position++;
        }
        if (position < count && e.start[position] == offsetBytes && e.end[position] == end) {
            // RFC 5722 §4: an exact duplicate may be dropped alone rather than treated as an overlap.
            duplicates++;
            packet.release();
            return Outcome.DUPLICATE;
        }
        if ((position > 0 && e.end[position - 1] > offsetBytes) || (position < count && e.start[position] < end)) {
            overlaps++;
            return kill(e, packet, Outcome.OVERLAP);
        }
        if (count == e.start.length) {
            tooManyFragments++;
            return kill(e, packet, Outcome.TOO_MANY_FRAGMENTS);
        }
        if (!reserve(cost, e)) {
            noMemory++;
            counters.increment(fails);
            remove(e);
            packet.release();
            return Outcome.NO_MEMORY;
        }
        System.arraycopy(e.start, position, e.start, position + 1, count - position);
        System.arraycopy(e.end, position, e.end, position + 1, count - position);
        System.arraycopy(e.payloadOffset, position, e.payloadOffset, position + 1, count - position);
        System.arraycopy(e.buffers, position, e.buffers, position + 1, count - position);
        e.start[position] = offsetBytes;
        e.end[position] = end;
        e.payloadOffset[position] = packet.start() + payloadStart;
        e.buffers[position] = packet;
        e.count = count + 1;
        e.covered += payloadLength;
        e.maxEnd = Math.max(e.maxEnd, end);
        e.ecnSeen |= 1 << ecn;
        e.bufferBytes += cost;
        heldBytes += cost;
        if (!more) {
            e.lastSeen = true;
            e.totalLength = end;
        }
        if (first) {
            e.hasFirst = true;
            e.firstHeaderLength = headerLength;
            e.firstNextHeaderFieldOffset = nextHeaderFieldOffset;
            e.firstNextHeader = nextHeader;
        }
        // RFC 815: no hole is left when the last fragment is known and the non-overlapping fragments cover it all.
        if (!e.lastSeen || e.covered != e.totalLength) {
            return Outcome.HELD;
        }
        if ((e.ecnSeen & ECN_NOT_ECT) != 0 && e.ecnSeen != ECN_NOT_ECT) {
            ecnMismatches++;
            return kill(e, null, Outcome.ECN_MISMATCH);
        }
        int datagramHeader = e.firstHeaderLength;
        out.set(build(e), datagramHeader);
        remove(e);
        counters.increment(oks);
        return Outcome.COMPLETE;
    }

    /**
     * Discards a datagram: its buffers are released and it becomes a tombstone, holding only its overhead, which
     * drops its later fragments until its deadline (RFC 5722 §4).
     */
    private Outcome kill(Entry e, PacketBuffer packet, Outcome outcome) {
        if (packet != null) {
            packet.release();
        }
        releaseBuffers(e);
        e.dead = true;
        datagrams--;
        tombstones++;
        counters.increment(fails);
        return outcome;
    }

    // ---- output ----

    private PacketBuffer build(Entry e) {
        int header = e.firstHeaderLength;
        int total = e.totalLength;
        int outLength = header + total;
        PacketBuffer first = e.buffers[0];
        int firstPayloadEnd = e.payloadOffset[0] + e.end[0];
        PacketBuffer out;
        int base;
        int from;
        if (first.capacity() - firstPayloadEnd >= total - e.end[0]) {
            // The first fragment's buffer has room for the rest: keep its header and payload where they are.
            out = first;
            e.buffers[0] = null;
            e.bufferBytes -= first.capacity();
            heldBytes -= first.capacity();
            base = e.payloadOffset[0] - header;
            if (base != first.start()) {
                // IPv6: close the gap of the Fragment header.
                MemorySegment.copy(first.segment(), first.start(), first.segment(), base, header);
            }
            from = 1;
        } else {
            out = pool.allocate(outLength);
            base = out.start();
            MemorySegment.copy(first.segment(), first.start(), out.segment(), base, header);
            from = 0;
        }
        MemorySegment target = out.segment();
        for (int i = from; i < e.count; i++) {
            MemorySegment.copy(e.buffers[i].segment(), e.payloadOffset[i], target, base + header + e.start[i],
                    e.end[i] - e.start[i]);
        }
        out.window(base, base + outLength);
        out.flags(0);
        out.gso(PacketBuffer.GSO_NONE, 0);
        boolean ce = (e.ecnSeen & ECN_CE) != 0;
        if (family == IpFamily.IPV4) {
            target.set(U16, base + 2L, (short) outLength);
            int fragmentField = target.get(U16, base + 6L) & 0xffff;
            target.set(U16, base + 6L, (short) (fragmentField & 0xc000));
            if (ce) {
                byte tos = target.get(ValueLayout.JAVA_BYTE, base + 1L);
                target.set(ValueLayout.JAVA_BYTE, base + 1L, (byte) (tos | 3));
            }
            target.set(U16, base + 10L, (short) 0);
            target.set(U16, base + 10L, (short) Checksum.compute(target, base, header));
        } else {
            target.set(U16, base + 4L, (short) (outLength - IPV6_HEADER));
            target.set(ValueLayout.JAVA_BYTE, base + (long) e.firstNextHeaderFieldOffset, (byte) e.firstNextHeader);
            if (ce) {
                byte b = target.get(ValueLayout.JAVA_BYTE, base + 1L);
                target.set(ValueLayout.JAVA_BYTE, base + 1L, (byte) (b | 0x30));
            }
        }
        return out;
    }

    // ---- timeouts ----

    /**
     * Abandons the datagrams whose timeout has passed, oldest first, and tells the listener about each (not about
     * datagrams already discarded). Call it when {@link #nextDeadlineNanos()} has passed.
     *
     * @param nowNanos the current time
     * @param listener told about each timed-out datagram, outside this object's monitor; {@code null} to just
     *     release them
     * @return the number of datagrams timed out
     */
    int expire(long nowNanos, TimeoutListener listener) {
        int count = 0;
        while (true) {
            PacketBuffer firstFragment = null;
            int interfaceIndex;
            synchronized (this) {
                Entry e = oldest;
                if (e == null || nowNanos - e.deadlineNanos < 0) {
                    return count;
                }
                if (e.dead) {
                    remove(e);
                    continue;
                }
                timeouts++;
                counters.increment(fails);
                if (family == IpFamily.IPV4) {
                    counters.increment(StackCounter.IP_REASM_TIMEOUT);
                }
                interfaceIndex = e.interfaceIndex;
                if (e.hasFirst) {
                    firstFragment = e.buffers[0];
                    e.buffers[0] = null;
                    e.bufferBytes -= firstFragment.capacity();
                    heldBytes -= firstFragment.capacity();
                }
                remove(e);
            }
            count++;
            if (listener != null) {
                listener.reassemblyTimedOut(interfaceIndex, firstFragment);
            } else if (firstFragment != null) {
                firstFragment.release();
            }
        }
    }

    /**
     * @return when the oldest datagram (or tombstone) times out, for the caller's timer; {@link Long#MAX_VALUE}
     *     if nothing is held
     */
    synchronized long nextDeadlineNanos() {
        return oldest == null ? Long.MAX_VALUE : oldest.deadlineNanos;
    }

    /** Releases everything held, without counting (the stack is shutting down). */
    synchronized void clear() {
        while (oldest != null) {
            remove(oldest);
        }
    }

    // ---- state and counters ----

    /** @return memory charged: buffer capacities plus per-datagram overhead, tombstones included */
    synchronized long heldBytes() {
        return heldBytes;
    }

    /** @return datagrams being reassembled */
    synchronized int datagrams() {
        return datagrams;
    }

    /** @return discarded datagrams whose keys are still blocked */
    synchronized int tombstones() {
        return tombstones;
    }

    /** @return datagrams abandoned for timeout */
    synchronized long timeouts() {
        return timeouts;
    }

    /** @return datagrams discarded for overlapping fragments (Linux {@code ReasmOverlaps}) */
    synchronized long overlaps() {
        return overlaps;
    }

    /** @return exact duplicate fragments dropped */
    synchronized long duplicates() {
        return duplicates;
    }

    /** @return malformed fragments dropped */
    synchronized long malformed() {
        return malformed;
    }

    /** @return datagrams discarded for a contradicting end */
    synchronized long badLengths() {
        return badLengths;
    }

    /** @return datagrams discarded for exceeding 65535 bytes */
    synchronized long tooBig() {
        return tooBig;
    }

    /** @return datagrams discarded for having too many fragments */
    synchronized long tooManyFragments() {
        return tooManyFragments;
    }

    /** @return datagrams discarded for mixing Not-ECT and ECT fragments */
    synchronized long ecnMismatches() {
        return ecnMismatches;
    }

    /** @return fragments dropped (with their datagram) because memory could not be found */
    synchronized long noMemory() {
        return noMemory;
    }

    /** @return datagrams evicted, oldest first, to stay under the memory bound */
    synchronized long evictions() {
        return evictions;
    }

    /** @return fragments dropped because their datagram had failed or timed out */
    synchronized long discarded() {
        return discarded;
    }

    /** @return IPv6 fragments returned to the caller for an ICMPv6 Parameter Problem */
    synchronized long parameterProblems() {
        return parameterProblems;
    }

    @Override
    public synchronized String toString() {
        return "Reassembler[" + family + ", " + datagrams + " datagrams, " + tombstones + " tombstones, "
                + heldBytes + " bytes]";
    }

    // ---- table ----

    /**
     * Makes room for {@code bytes} more: above the high threshold, evicts the oldest datagrams (not
     * {@code keep}) until under the low threshold.
     *
     * @return whether the bytes now fit under the high threshold
     */
    private boolean reserve(long bytes, Entry keep) {
        if (heldBytes + bytes <= limits.highThresholdBytes()) {
            return true;
        }
        Entry e = oldest;
        while (e != null && heldBytes + bytes > limits.lowThresholdBytes()) {
            Entry next = e.newer;
            if (e != keep) {
                if (!e.dead) {
                    evictions++;
                    counters.increment(fails);
                }
                remove(e);
            }
            e = next;
        }
        return heldBytes + bytes <= limits.highThresholdBytes();
    }

    private Entry newEntry(int hash, int interfaceIndex, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int protocol, long nowNanos) {
        Entry e = free;
        if (e != null) {
            free = e.hashNext;
        } else {
            e = new Entry(limits.maxFragments());
        }
        e.hash = hash;
        e.interfaceIndex = interfaceIndex;
        e.sourceHigh = sourceHigh;
        e.sourceLow = sourceLow;
        e.destinationHigh = destinationHigh;
        e.destinationLow = destinationLow;
        e.identification = identification;
        e.protocol = protocol;
        e.deadlineNanos = nowNanos + limits.timeoutNanos();
        e.dead = false;
        e.count = 0;
        e.covered = 0;
        e.maxEnd = 0;
        e.lastSeen = false;
        e.totalLength = -1;
        e.hasFirst = false;
        e.ecnSeen = 0;
        e.bufferBytes = 0;
        int bucket = hash & (buckets.length - 1);
        e.hashNext = buckets[bucket];
        buckets[bucket] = e;
        e.older = newest;
        e.newer = null;
        if (newest != null) {
            newest.newer = e;
        } else {
            oldest = e;
        }
        newest = e;
        heldBytes += entryOverheadBytes;
        datagrams++;
        return e;
    }

    /** Unlinks a datagram or tombstone, releases its buffers and recycles its record. */
    private void remove(Entry e) {
        if (e.dead) {
            tombstones--;
        } else {
            releaseBuffers(e);
            datagrams--;
        }
        int bucket = e.hash & (buckets.length - 1);
        Entry p = buckets[bucket];
        if (p == e) {
            buckets[bucket] = e.hashNext;
        } else {
            while (p.hashNext != e) {
                p = p.hashNext;
            }
            p.hashNext = e.hashNext;
        }
        if (e.older != null) {
            e.older.newer = e.newer;
        } else {
            oldest = e.newer;
        }
        if (e.newer != null) {
            e.newer.older = e.older;
        } else {
            newest = e.older;
        }
        e.older = null;
        e.newer = null;
        heldBytes -= entryOverheadBytes;
        e.hashNext = free;
        free = e;
    }

    private void releaseBuffers(Entry e) {
        for (int i = 0; i < e.count; i++) {
            PacketBuffer b = e.buffers[i];
            if (b != null) {
                e.buffers[i] = null;
                b.release();
            }
        }
        heldBytes -= e.bufferBytes;
        e.bufferBytes = 0;
        e.count = 0;
    }

    private Entry find(int hash, int interfaceIndex, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int protocol) {
        for (Entry e = buckets[hash & (buckets.length - 1)]; e != null; e = e.hashNext) {
            if (e.hash == hash && e.identification == identification && e.sourceLow == sourceLow
                    && e.destinationLow == destinationLow && e.sourceHigh == sourceHigh
                    && e.destinationHigh == destinationHigh && e.protocol == protocol
                    && e.interfaceIndex == interfaceIndex) {
                return e;
            }
        }
        return null;
    }

    private int hash(int interfaceIndex, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int identification, int protocol) {
        long h = hashKey;
        h = mix(h ^ sourceHigh);
        h = mix(h ^ sourceLow);
        h = mix(h ^ destinationHigh);
        h = mix(h ^ destinationLow);
        h = mix(h ^ ((long) identification << 32 | (protocol & 0xffffL) << 16 | (interfaceIndex & 0xffffL)));
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long x) {
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    /** One datagram being reassembled (or a tombstone). Recycled; its arrays are allocated once. */
    private static final class Entry {
        long sourceHigh;
        long sourceLow;
        long destinationHigh;
        long destinationLow;
        int identification;
        int protocol;
        int interfaceIndex;
        int hash;
        Entry hashNext;
        Entry older;
        Entry newer;
        long deadlineNanos;
        boolean dead;
        /** Fragments, sorted by offset, never overlapping: [start, end) in the payload, where the bytes are. */
        int count;
        final int[] start;
        final int[] end;
        final int[] payloadOffset;
        final PacketBuffer[] buffers;
        int covered;
        int maxEnd;
        boolean lastSeen;
        int totalLength;
        boolean hasFirst;
        int firstHeaderLength;
        int firstNextHeaderFieldOffset;
        int firstNextHeader;
        int ecnSeen;
        long bufferBytes;

        Entry(int maxFragments) {
            start = new int[maxFragments];
            end = new int[maxFragments];
            payloadOffset = new int[maxFragments];
            buffers = new PacketBuffer[maxFragments];
        }
    }
}
