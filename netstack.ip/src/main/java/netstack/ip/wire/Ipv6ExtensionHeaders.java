package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Walks the extension header chain of a received IPv6 packet (RFC 8200 §4) up to the upper-layer header, applying
 * the rules a destination host must apply, and says what to do with the packet: deliver it, reassemble it, drop it,
 * or drop it and answer with an ICMPv6 Parameter Problem whose code and pointer it gives.
 *
 * <h2>What is walked, and the rules applied</h2>
 * <ul>
 *   <li><b>Hop-by-Hop Options</b> (0) only directly after the fixed header (§4.3); a next header of 0 anywhere else
 *       is {@link Verdict#HOP_BY_HOP_NOT_FIRST}: code 1 pointing at that next header field (§4).</li>
 *   <li><b>Destination Options</b> (60) and Hop-by-Hop options (§4.2): Pad1 and PadN are skipped, at most
 *       {@value #MAX_PADDING_BYTES} bytes of padding in a row (as Linux, RFC 4942 §2.1.9.5); Router Alert (RFC
 *       2711) is recognised in a Hop-by-Hop header and reported by {@link #routerAlert()}; any other option is
 *       unrecognised and handled by the two high bits of its type: skip, discard, or discard and send code 2 pointing
 *       at the option type (action 11 only when the destination is not multicast).</li>
 *   <li><b>Routing</b> (43): ignored when segments left is 0; otherwise, since a host recognises no routing type,
 *       code 0 pointing at the routing type (§4.4), which is also the required treatment of the deprecated type 0
 *       (RFC 5095 §3): {@link Verdict#UNRECOGNIZED_ROUTING_TYPE}.</li>
 *   <li><b>Fragment</b> (44, §4.5): a fragment whose M flag is set and whose fragment data is not a multiple of 8
 *       bytes is code 0 pointing at the payload length; one that would reassemble beyond 65535 bytes is code 0
 *       pointing at the fragment offset. A non-first fragment ends the walk (what follows is fragment data, not
 *       headers) with {@link Verdict#FRAGMENT}. A first fragment is walked on, and must hold the whole header chain
 *       through the upper-layer header (RFC 8200 §4.5, RFC 7112 §5), else {@link Verdict#INCOMPLETE_CHAIN}: code 3,
 *       pointer 0. An atomic fragment (offset 0, M clear, RFC 6946) is walked like an unfragmented packet.</li>
 *   <li>Anything else ends the chain: an upper-layer protocol, No Next Header (59), or a protocol the stack may not
 *       know (ESP and AH among them: this stack has no IPsec). The transport demultiplexer answers an unknown one with
 *       code 1 pointing at {@link #upperLayerNextHeaderPointer()}.</li>
 * </ul>
 *
 * <h2>Bounds</h2>
 * The walk is bounded by {@link Limits}: the number of extension headers, the bytes of the chain and the non-padding
 * options per header. Exceeding one is reported with the RFC 8883 code for it, pointing at the first octet of the
 * header or option that went over; the stack may send it or just drop and count (Linux drops). Pointers are offsets
 * from the first byte of the IPv6 header, as the Parameter Problem pointer is (RFC 4443 §3.4).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();   // one per receive thread
 * switch (walker.walk(packet)) {                              // packet passed Ipv6Packet.check()
 *     case UPPER_LAYER -> deliver(walker.upperLayerProtocol(), walker.upperLayerOffset());
 *     case FRAGMENT -> reassemble(walker.fragmentHeader(), walker.fragmentHeaderOffset());
 *     default -> { count(walker.verdict()); if (walker.verdict().parameterProblemCode() >= 0) answer(...); }
 * }
 * }</pre>
 *
 * <p>Allocation-free after construction; not thread-safe (one instance per thread), re-usable for any number of
 * packets. Results are valid until the next walk.
 */
public final class Ipv6ExtensionHeaders {

    /** The longest run of padding bytes accepted in an options header (RFC 4942 §2.1.9.5; Linux's limit). */
    public static final int MAX_PADDING_BYTES = 7;

    /**
     * Processing limits (RFC 8504 §5.3 asks hosts to have them; RFC 8883 gives the errors for them).
     *
     * @param maxHeaders the most extension headers walked
     * @param maxChainBytes the most bytes of extension headers after the fixed header
     * @param maxOptionsPerHeader the most non-padding options in one Hop-by-Hop or Destination Options header
     */
    public record Limits(int maxHeaders, int maxChainBytes, int maxOptionsPerHeader) {

        /**
         * 8 headers (RFC 8200 §4.1's recommended order has at most 7 kinds), 1024 bytes (well within the 1232
         * bytes a minimum-MTU first fragment leaves, RFC 7112), 8 options per header (Linux's
         * {@code max_hbh_opts_cnt} and {@code max_dst_opts_cnt}).
         */
        public static final Limits DEFAULT = new Limits(8, 1024, 8);

        /** @throws IllegalArgumentException if a limit is below 1 */
        public Limits {
            if (maxHeaders < 1 || maxChainBytes < 8 || maxOptionsPerHeader < 1) {
                throw new IllegalArgumentException("limits must allow at least one header of 8 bytes with one "
                        + "option: " + maxHeaders + ", " + maxChainBytes + ", " + maxOptionsPerHeader);
            }
        }
    }

    /**
     * The outcome of a walk. {@link #parameterProblemCode()} is the ICMPv6 Parameter Problem code to answer with,
     * or -1 when the packet is dropped silently (or, for the first two, not dropped at all).
     */
    public enum Verdict {
        /** The chain ends at an upper-layer header or No Next Header: deliver. */
        UPPER_LAYER(-1),
        /** A fragment that is not atomic: hand it to reassembly. A first fragment's chain has been checked. */
        FRAGMENT(-1),
        /** An extension header runs past the end of the packet (MIB-II ipv6IfStatsInTruncatedPkts). */
        TRUNCATED(-1),
        /** An option's length overruns its header, a Router Alert is not 2 bytes, or padding runs too long. */
        MALFORMED_OPTION(-1),
        /** An unrecognised option whose action is to discard silently (01, or 11 to a multicast destination). */
        DISCARD_UNKNOWN_OPTION(-1),
        /** An unrecognised option whose action asks for code 2 (RFC 8200 §4.2). */
        UNKNOWN_OPTION(2),
        /** Next header 0 after the first header (RFC 8200 §4): code 1. */
        HOP_BY_HOP_NOT_FIRST(1),
        /** A routing header with segments left and a type this host does not process, type 0 included: code 0. */
        UNRECOGNIZED_ROUTING_TYPE(0),
        /** M set and fragment data not a multiple of 8 bytes (RFC 8200 §4.5): code 0 at the payload length. */
        BAD_FRAGMENT_LENGTH(0),
        /** Offset plus length would reassemble beyond 65535 bytes (RFC 8200 §4.5): code 0 at the offset. */
        FRAGMENT_TOO_BIG(0),
        /** A first fragment without the whole header chain (RFC 7112 §5): code 3, pointer 0. */
        INCOMPLETE_CHAIN(3),
        /** More bytes of extension headers than {@link Limits#maxChainBytes()} (RFC 8883 §2.2: code 7). */
        CHAIN_TOO_LONG(7),
        /** More extension headers than {@link Limits#maxHeaders()} (RFC 8883 §2.2: code 8). */
        TOO_MANY_HEADERS(8),
        /** More options in a header than {@link Limits#maxOptionsPerHeader()} (RFC 8883 §2.2: code 9). */
        TOO_MANY_OPTIONS(9);

        private final int parameterProblemCode;

        Verdict(int parameterProblemCode) {
            this.parameterProblemCode = parameterProblemCode;
        }

        /** @return the Parameter Problem code to answer with, or -1 for none */
        public int parameterProblemCode() {
            return parameterProblemCode;
        }
    }

    private final Limits limits;
    private final int[] types;
    private final int[] offsets;
    private final int[] lengths;
    private final Ipv6OptionsHeader options = new Ipv6OptionsHeader();
    private final Ipv6RoutingHeader routing = new Ipv6RoutingHeader();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();

    private Verdict verdict = Verdict.TRUNCATED;
    private int count;
    private int pointer;
    private boolean multicastExempt;
    private int upperLayerProtocol;
    private int upperLayerOffset;
    private int upperLayerNextHeaderPointer;
    private int routerAlert;
    private int fragmentHeaderOffset;
    private int routingHeaderOffset;

    /** A walker with {@link Limits#DEFAULT}. */
    public Ipv6ExtensionHeaders() {
        this(Limits.DEFAULT);
    }

    /** @param limits the processing limits */
    public Ipv6ExtensionHeaders(Limits limits) {
        this.limits = limits;
        this.types = new int[limits.maxHeaders()];
        this.offsets = new int[limits.maxHeaders()];
        this.lengths = new int[limits.maxHeaders()];
    }

    /** @return the limits this walker applies */
    public Limits limits() {
        return limits;
    }

    /**
     * Walks a packet's chain from its first next header.
     *
     * @param packet a packet that passed {@link Ipv6Packet#check()}; its window ends where its payload ends
     * @return the verdict, also kept as {@link #verdict()}
     */
    public Verdict walk(Ipv6Packet packet) {
        return walk(packet, packet.nextHeader(), Ipv6Packet.HEADER_LENGTH, Ipv6Packet.NEXT_HEADER);
    }

    /**
     * Walks a chain from a given header, e.g. to go on after the fragment header once a packet is reassembled.
     *
     * @param packet a checked packet
     * @param nextHeader the type of the header at {@code at}
     * @param at the header's offset from the start of the IPv6 header
     * @param nextHeaderPointer the offset of the field that holds {@code nextHeader}
     * @return the verdict
     */
    public Verdict walk(Ipv6Packet packet, int nextHeader, int at, int nextHeaderPointer) {
        count = 0;
        pointer = -1;
        multicastExempt = false;
        upperLayerProtocol = -1;
        upperLayerOffset = -1;
        upperLayerNextHeaderPointer = -1;
        routerAlert = -1;
        fragmentHeaderOffset = -1;
        routingHeaderOffset = -1;
        verdict = run(packet, nextHeader, at, nextHeaderPointer);
        return verdict;
    }

    private Verdict run(Ipv6Packet packet, int nextHeader, int at, int nextHeaderPointer) {
        MemorySegment segment = packet.segment();
        long base = packet.offset();
        int end = packet.length();
        boolean firstFragment = false;
        while (true) {
            switch (nextHeader) {
                case Ipv6Packet.HOP_BY_HOP, Ipv6Packet.DESTINATION_OPTIONS, Ipv6Packet.ROUTING,
                        Ipv6Packet.FRAGMENT -> {
                    if (nextHeader == Ipv6Packet.HOP_BY_HOP && nextHeaderPointer != Ipv6Packet.NEXT_HEADER) {
                        return fail(Verdict.HOP_BY_HOP_NOT_FIRST, nextHeaderPointer);
                    }
                    if (count == limits.maxHeaders()) {
                        return fail(Verdict.TOO_MANY_HEADERS, at);
                    }
                    if (at + 2 > end) {
                        return truncated(firstFragment);
                    }
                    int headerLength = nextHeader == Ipv6Packet.FRAGMENT
                            ? Ipv6FragmentHeader.LENGTH
                            : 8 * (segment.get(ValueLayout.JAVA_BYTE, base + at + 1) & 0xff) + 8;
                    if (at + headerLength - Ipv6Packet.HEADER_LENGTH > limits.maxChainBytes()) {
                        return fail(Verdict.CHAIN_TOO_LONG, at);
                    }
                    if (at + headerLength > end) {
                        return truncated(firstFragment);
                    }
                    types[count] = nextHeader;
                    offsets[count] = at;
                    lengths[count] = headerLength;
                    count++;
                    int following;
                    if (nextHeader == Ipv6Packet.ROUTING) {
                        routing.wrap(segment, base + at, headerLength);
                        routingHeaderOffset = at;
                        if (routing.segmentsLeft() != 0) {
                            return fail(Verdict.UNRECOGNIZED_ROUTING_TYPE, at + Ipv6RoutingHeader.ROUTING_TYPE);
                        }
                        following = routing.nextHeader();
                    } else if (nextHeader == Ipv6Packet.FRAGMENT) {
                        fragment.wrap(segment, base + at, headerLength);
                        fragmentHeaderOffset = at;
                        int dataLength = end - at - headerLength;
                        if (fragment.moreFragments() && (dataLength & 7) != 0) {
                            return fail(Verdict.BAD_FRAGMENT_LENGTH, Ipv6Packet.PAYLOAD_LENGTH);
                        }
                        if (at - Ipv6Packet.HEADER_LENGTH + fragment.fragmentOffsetBytes() + dataLength
                                > Ipv6Packet.MAX_PAYLOAD_LENGTH) {
                            return fail(Verdict.FRAGMENT_TOO_BIG, at + Ipv6FragmentHeader.OFFSET_FLAGS);
                        }
                        following = fragment.nextHeader();
                        if (!fragment.isAtomic()) {
                            if (fragment.fragmentOffset() != 0) {
                                upperLayerProtocol = following;
                                upperLayerOffset = at + headerLength;
                                upperLayerNextHeaderPointer = at;
                                return Verdict.FRAGMENT;
                            }
                            firstFragment = true;
                        }
                    } else {
                        options.wrap(segment, base + at, headerLength);
                        if (options.check() != Ipv6OptionsHeader.Check.OK) {
                            return fail(Verdict.MALFORMED_OPTION, at + options.badOptionOffset());
                        }
                        Verdict v = options(at, nextHeader == Ipv6Packet.HOP_BY_HOP, packet.isDestinationMulticast());
                        if (v != null) {
                            return v;
                        }
                        following = options.nextHeader();
                    }
                    nextHeaderPointer = at;
                    nextHeader = following;
                    at += headerLength;
                }
                default -> {
                    upperLayerProtocol = nextHeader;
                    upperLayerOffset = at;
                    upperLayerNextHeaderPointer = nextHeaderPointer;
                    if (firstFragment) {
                        // RFC 7112 §5: the upper-layer header itself must be in the first fragment.
                        if (at + minimumUpperLayerHeader(nextHeader) > end) {
                            return fail(Verdict.INCOMPLETE_CHAIN, 0);
                        }
                        return Verdict.FRAGMENT;
                    }
                    return Verdict.UPPER_LAYER;
                }
            }
        }
    }

    /** @return null to go on, or the verdict that ends the walk */
    private Verdict options(int at, boolean hopByHop, boolean multicastDestination) {
        int padding = 0;
        int nonPadding = 0;
        for (int o = options.firstOption(); o >= 0; o = options.nextOption(o)) {
            int type = options.optionType(o);
            if (type == Ipv6OptionsHeader.PAD1 || type == Ipv6OptionsHeader.PADN) {
                padding += options.optionLength(o);
                if (padding > MAX_PADDING_BYTES) {
                    return fail(Verdict.MALFORMED_OPTION, at + o);
                }
                continue;
            }
            padding = 0;
            if (++nonPadding > limits.maxOptionsPerHeader()) {
                return fail(Verdict.TOO_MANY_OPTIONS, at + o);
            }
            if (hopByHop && type == Ipv6OptionsHeader.ROUTER_ALERT) {
                if (options.optionDataLength(o) != 2) { // RFC 2711 §2.1: Opt Data Len is 2
                    return fail(Verdict.MALFORMED_OPTION, at + o);
                }
                routerAlert = options.optionData16(o, 0);
                continue;
            }
            switch (Ipv6OptionsHeader.action(type)) {
                case Ipv6OptionsHeader.ACTION_SKIP -> {
                    // RFC 8200 §4.2: skip over this option and continue processing the header.
                }
                case Ipv6OptionsHeader.ACTION_DISCARD -> {
                    return fail(Verdict.DISCARD_UNKNOWN_OPTION, at + o);
                }
                case Ipv6OptionsHeader.ACTION_DISCARD_SEND_ICMP -> {
                    multicastExempt = true; // RFC 4443 §2.4(e.3): answered even to a multicast destination
                    return fail(Verdict.UNKNOWN_OPTION, at + o);
                }
                default -> {
                    return fail(multicastDestination ? Verdict.DISCARD_UNKNOWN_OPTION : Verdict.UNKNOWN_OPTION,
                            at + o);
                }
            }
        }
        return null;
    }

    /**
     * @param protocol an upper-layer protocol number
     * @return the bytes of its header that a first fragment must hold (RFC 7112 §5; Linux checks the same):
     *     TCP 20, UDP 8, ICMPv6 8, otherwise 0 (nothing is known about the header)
     */
    public static int minimumUpperLayerHeader(int protocol) {
        return switch (protocol) {
            case Ipv6Packet.TCP -> 20;
            case Ipv6Packet.UDP, Ipv6Packet.ICMPV6 -> 8;
            default -> 0;
        };
    }

    private Verdict truncated(boolean firstFragment) {
        return firstFragment ? fail(Verdict.INCOMPLETE_CHAIN, 0) : Verdict.TRUNCATED;
    }

    private Verdict fail(Verdict v, int at) {
        pointer = at;
        return v;
    }

    /** @return the last walk's verdict */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * @return the Parameter Problem pointer for the last verdict, an offset from the start of the IPv6 header; -1
     *     when the verdict points at nothing
     */
    public int pointer() {
        return pointer;
    }

    /**
     * @return {@code true} when the Parameter Problem may be sent even though the packet went to a multicast
     *     address: an unrecognised option of action 10 (RFC 4443 §2.4(e.3))
     */
    public boolean multicastExempt() {
        return multicastExempt;
    }

    /**
     * @return the upper-layer protocol, No Next Header (59), or, for {@link Verdict#FRAGMENT}, the fragment
     *     header's next header; -1 if the walk did not get there
     */
    public int upperLayerProtocol() {
        return upperLayerProtocol;
    }

    /** @return the offset of the upper-layer header (or of the fragment data) from the IPv6 header; -1 if none */
    public int upperLayerOffset() {
        return upperLayerOffset;
    }

    /**
     * @return the offset of the next header field that names the upper-layer protocol: the pointer of a Parameter
     *     Problem code 1 when no transport handles it; -1 if the walk did not get there
     */
    public int upperLayerNextHeaderPointer() {
        return upperLayerNextHeaderPointer;
    }

    /** @return the Router Alert value of the Hop-by-Hop header (RFC 2711), or -1 if it carried none */
    public int routerAlert() {
        return routerAlert;
    }

    /** @return the number of extension headers walked (the one that failed included) */
    public int headerCount() {
        return count;
    }

    /**
     * @param index 0 for the first extension header walked
     * @return its type (next header value)
     */
    public int headerType(int index) {
        return types[Objects.checkIndex(index, count)];
    }

    /**
     * @param index 0 for the first extension header walked
     * @return its offset from the start of the IPv6 header
     */
    public int headerOffset(int index) {
        return offsets[Objects.checkIndex(index, count)];
    }

    /**
     * @param index 0 for the first extension header walked
     * @return its length in bytes
     */
    public int headerLength(int index) {
        return lengths[Objects.checkIndex(index, count)];
    }

    /** @return the offset of the fragment header from the start of the IPv6 header, or -1 if none was walked */
    public int fragmentHeaderOffset() {
        return fragmentHeaderOffset;
    }

    /** @return the fragment header's view, wrapped, when {@link #fragmentHeaderOffset()} is not -1 */
    public Ipv6FragmentHeader fragmentHeader() {
        return fragment;
    }

    /** @return {@code true} if an atomic fragment header was walked (RFC 6946) */
    public boolean isAtomicFragment() {
        return fragmentHeaderOffset >= 0 && fragment.isAtomic();
    }

    /** @return the offset of the routing header from the start of the IPv6 header, or -1 if none was walked */
    public int routingHeaderOffset() {
        return routingHeaderOffset;
    }

    /** @return the routing header's view, wrapped, when {@link #routingHeaderOffset()} is not -1 */
    public Ipv6RoutingHeader routingHeader() {
        return routing;
    }
}
