package netstack.ip.wire;

import static netstack.ip.wire.Ipv6TestPackets.HEX;
import static netstack.ip.wire.Ipv6TestPackets.bytes;
import static netstack.ip.wire.Ipv6TestPackets.concat;
import static netstack.ip.wire.Ipv6TestPackets.icmp;
import static netstack.ip.wire.Ipv6TestPackets.ip;
import static netstack.ip.wire.Ipv6TestPackets.packet;
import static netstack.ip.wire.Ipv6TestPackets.stale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import netstack.ip.wire.Ipv6ExtensionHeaders.Limits;
import netstack.ip.wire.Ipv6ExtensionHeaders.Verdict;
import org.junit.jupiter.api.Test;

/**
 * {@link Ipv6ExtensionHeaders} with {@link Ipv6OptionsHeader}, {@link Ipv6RoutingHeader} and
 * {@link Ipv6FragmentHeader}: the kernel's chains, the kernel's own Parameter Problem answers to crafted chains
 * (the walker must point where Linux points), and malformed chains.
 */
class Ipv6ExtensionHeadersTest {

    private final Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();

    private Verdict walk(byte[] packet) {
        return walker.walk(ip(packet));
    }

    /** An 8-byte options header: next header, Hdr Ext Len 0, six bytes of options given in hex. */
    private static byte[] options8(int nextHeader, String sixBytes) {
        return HEX.parseHex(String.format("%02x00", nextHeader) + sixBytes);
    }

    private static byte[] echo() {
        return HEX.parseHex("8000000000010001");
    }

    @Test
    void noExtensionHeaders() {
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.ECHO_REQUEST));
        assertEquals(Ipv6Packet.ICMPV6, walker.upperLayerProtocol());
        assertEquals(40, walker.upperLayerOffset());
        assertEquals(Ipv6Packet.NEXT_HEADER, walker.upperLayerNextHeaderPointer());
        assertEquals(0, walker.headerCount());
        assertEquals(-1, walker.routerAlert());
        assertEquals(-1, walker.fragmentHeaderOffset());
        assertEquals(-1, walker.routingHeaderOffset());
        assertEquals(-1, walker.pointer());
        assertEquals(-1, Verdict.UPPER_LAYER.parameterProblemCode());
        assertSame(Verdict.UPPER_LAYER, walker.verdict());
    }

    @Test
    void noNextHeaderEndsTheChainAndWhatFollowsIsIgnored() {
        // RFC 8200 §4.7: bytes after a header whose next header is 59 are ignored (here: junk that would fail).
        byte[] p = packet("2001:db8::1", 60, Ipv6TestPackets.concat(options8(59, "010400000000"),
                HEX.parseHex("0009ffffffffffff")));
        assertEquals(Verdict.UPPER_LAYER, walk(p));
        assertEquals(Ipv6Packet.NO_NEXT_HEADER, walker.upperLayerProtocol());
        assertEquals(48, walker.upperLayerOffset());
        assertEquals(40, walker.upperLayerNextHeaderPointer());
        byte[] bare = packet("2001:db8::1", 59, new byte[0]);
        assertEquals(Verdict.UPPER_LAYER, walk(bare));
        assertEquals(40, walker.upperLayerOffset());
    }

    @Test
    void kernelsMldHopByHopRouterAlert() {
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS));
        assertEquals(0, walker.routerAlert(), "Router Alert value 0: MLD (RFC 2711)");
        assertEquals(1, walker.headerCount());
        assertEquals(Ipv6Packet.HOP_BY_HOP, walker.headerType(0));
        assertEquals(40, walker.headerOffset(0));
        assertEquals(8, walker.headerLength(0));
        assertEquals(Ipv6Packet.ICMPV6, walker.upperLayerProtocol());
        assertEquals(48, walker.upperLayerOffset());
        assertEquals(40, walker.upperLayerNextHeaderPointer());
        assertThrows(IndexOutOfBoundsException.class, () -> walker.headerType(1));
        // The same walker, re-used: nothing of the previous packet leaks into the next result.
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.ECHO_REPLY));
        assertEquals(-1, walker.routerAlert());
        assertEquals(0, walker.headerCount());
    }

    @Test
    void kernelsFragments() {
        assertEquals(Verdict.FRAGMENT, walk(Ipv6Golden.FRAGMENT_FIRST));
        assertEquals(40, walker.fragmentHeaderOffset());
        Ipv6FragmentHeader f = walker.fragmentHeader();
        assertEquals(Ipv6Packet.ICMPV6, f.nextHeader());
        assertEquals(0, f.fragmentOffset());
        assertTrue(f.moreFragments());
        assertTrue(f.isFirstFragment());
        assertFalse(f.isAtomic());
        assertEquals(0xf847_0702, f.identification());
        assertEquals(Ipv6Packet.ICMPV6, walker.upperLayerProtocol(), "the first fragment's chain was walked");
        assertEquals(48, walker.upperLayerOffset());
        assertFalse(walker.isAtomicFragment());

        assertEquals(Verdict.FRAGMENT, walk(Ipv6Golden.FRAGMENT_LAST));
        f = walker.fragmentHeader();
        assertEquals(2896 / 8, f.fragmentOffset());
        assertEquals(2896, f.fragmentOffsetBytes());
        assertFalse(f.moreFragments());
        assertFalse(f.isFirstFragment());
        assertEquals(0xf847_0702, f.identification(), "same identification as the first fragment");
        assertEquals(48, walker.upperLayerOffset(), "fragment data starts after the fragment header");
        assertEquals(40, walker.upperLayerNextHeaderPointer());
    }

    @Test
    void kernelsSegmentRoutingHeaderWithSegmentsLeftIsNotProcessedByAHost() {
        assertEquals(Verdict.UNRECOGNIZED_ROUTING_TYPE, walk(Ipv6Golden.SRV6_ECHO_REQUEST));
        assertEquals(0, walker.verdict().parameterProblemCode());
        assertEquals(42, walker.pointer(), "RFC 8200 §4.4: the pointer names the routing type field");
        assertEquals(40, walker.routingHeaderOffset());
        Ipv6RoutingHeader r = walker.routingHeader();
        assertEquals(Ipv6RoutingHeader.TYPE_SEGMENT_ROUTING, r.routingType());
        assertEquals(1, r.segmentsLeft());
        assertEquals(4, r.headerExtLength());
        assertEquals(40, r.headerLength(), "8 bytes plus two 16-byte segments");
        assertEquals(Ipv6Packet.ICMPV6, r.nextHeader());
    }

    /**
     * The kernel answered each crafted packet with a Parameter Problem; walking the packet it quotes must give the
     * same code and pointer.
     */
    @Test
    void walkerPointsWhereLinuxPoints() {
        Object[][] cases = {
            {Ipv6Golden.UNKNOWN_OPTION, Ipv6Golden.PARAMETER_PROBLEM_OPTION, Verdict.UNKNOWN_OPTION},
            {Ipv6Golden.ROUTING_TYPE_0, Ipv6Golden.PARAMETER_PROBLEM_ROUTING, Verdict.UNRECOGNIZED_ROUTING_TYPE},
            {Ipv6Golden.INCOMPLETE_FIRST_FRAGMENT, Ipv6Golden.PARAMETER_PROBLEM_INCOMPLETE_CHAIN,
                Verdict.INCOMPLETE_CHAIN},
        };
        for (Object[] c : cases) {
            Ipv6Packet answer = ip((byte[]) c[1]);
            Icmpv6Packet error = icmp(answer);
            assertEquals(Icmpv6Packet.PARAMETER_PROBLEM, error.type());
            Ipv6Packet quoted = error.invokingPacket(new Ipv6Packet());
            assertEquals(Ipv6Packet.Check.OK, quoted.check());
            assertEquals(c[2], walker.walk(quoted));
            assertEquals(error.code(), walker.verdict().parameterProblemCode());
            assertEquals(error.pointer(), walker.pointer());
            // The packet as it left nsA walks the same way.
            assertEquals(c[2], walk((byte[]) c[0]));
            assertEquals(error.pointer(), walker.pointer());
        }
        // Unknown next header: the chain ends there; the transport demux answers code 1 at the next header field.
        Icmpv6Packet error = icmp(ip(Ipv6Golden.PARAMETER_PROBLEM_NEXT_HEADER));
        assertEquals(Icmpv6Packet.UNRECOGNIZED_NEXT_HEADER, error.code());
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.UNKNOWN_NEXT_HEADER));
        assertEquals(253, walker.upperLayerProtocol());
        assertEquals(error.pointer(), walker.upperLayerNextHeaderPointer());
        assertEquals(6, walker.upperLayerNextHeaderPointer());
    }

    @Test
    void unknownOptionOfAction10IsAnsweredEvenToMulticast() {
        assertEquals(Verdict.UNKNOWN_OPTION, walk(Ipv6Golden.UNKNOWN_OPTION));
        assertTrue(walker.multicastExempt());
        assertEquals(0x9e, ip(Ipv6Golden.UNKNOWN_OPTION).segment().get(ValueLayout.JAVA_BYTE,
                walker.pointer()) & 0xff, "the pointer names the option type byte");
    }

    @Test
    void kernelsAtomicFragmentIsWalkedLikeAWholePacket() {
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.ATOMIC_FRAGMENT));
        assertTrue(walker.isAtomicFragment());
        assertTrue(walker.fragmentHeader().isAtomic());
        assertEquals(0x6e73_0001, walker.fragmentHeader().identification());
        assertEquals(Ipv6Packet.ICMPV6, walker.upperLayerProtocol());
        assertEquals(48, walker.upperLayerOffset());
        assertEquals(Verdict.UPPER_LAYER, walk(Ipv6Golden.ATOMIC_FRAGMENT_REPLY), "Linux answered without one");
        assertFalse(walker.isAtomicFragment());
    }

    @Test
    void loneFirstFragmentGoesToReassembly() {
        assertEquals(Verdict.FRAGMENT, walk(Ipv6Golden.LONE_FIRST_FRAGMENT));
        assertEquals(0x6e73_0003, walker.fragmentHeader().identification());
        // Linux gave up reassembling it: the Time Exceeded quotes it.
        Icmpv6Packet error = icmp(ip(Ipv6Golden.TIME_EXCEEDED_REASSEMBLY));
        assertEquals(Icmpv6Packet.TIME_EXCEEDED, error.type());
        assertEquals(Icmpv6Packet.REASSEMBLY_TIME_EXCEEDED, error.code());
        Ipv6Packet quoted = error.invokingPacket(new Ipv6Packet());
        assertEquals(Ipv6Packet.Check.OK, quoted.check());
        assertEquals(Verdict.FRAGMENT, walker.walk(quoted));
    }

    // ---- options ----

    @Test
    void unknownOptionActions() {
        String[] unicast = {"2001:db8:1::1", "ff02::1"};
        // Types 0x1e, 0x5e, 0x9e, 0xde: the RFC 4727 experimental types with actions 00, 01, 10, 11.
        Verdict[][] expected = {
            {Verdict.UPPER_LAYER, Verdict.UPPER_LAYER},
            {Verdict.DISCARD_UNKNOWN_OPTION, Verdict.DISCARD_UNKNOWN_OPTION},
            {Verdict.UNKNOWN_OPTION, Verdict.UNKNOWN_OPTION},
            {Verdict.UNKNOWN_OPTION, Verdict.DISCARD_UNKNOWN_OPTION},
        };
        int[] types = {0x1e, 0x5e, 0x9e, 0xde};
        for (int a = 0; a < 4; a++) {
            assertEquals(a, Ipv6OptionsHeader.action(types[a]));
            for (int d = 0; d < 2; d++) {
                for (int next : new int[] {Ipv6Packet.HOP_BY_HOP, Ipv6Packet.DESTINATION_OPTIONS}) {
                    byte[] p = packet(unicast[d], next,
                            concat(options8(58, String.format("%02x02abcd0100", types[a])), echo()));
                    assertEquals(expected[a][d], walk(p), "type 0x" + Integer.toHexString(types[a]) + " to "
                            + unicast[d] + " in header " + next);
                    if (expected[a][d] != Verdict.UPPER_LAYER) {
                        assertEquals(42, walker.pointer());
                        assertEquals(a == 2, walker.multicastExempt());
                    } else {
                        assertEquals(48, walker.upperLayerOffset(), "skipped over");
                    }
                }
            }
        }
        assertEquals(2, Verdict.UNKNOWN_OPTION.parameterProblemCode());
        assertEquals(-1, Verdict.DISCARD_UNKNOWN_OPTION.parameterProblemCode());
    }

    @Test
    void jumboPayloadIsNotSupportedAndRouterAlertOnlyCountsHopByHop() {
        // Jumbo Payload (0xc2, action 11): unrecognised here, so to a unicast address it is answered with code 2.
        byte[] jumbo = packet("2001:db8:1::1", 0, concat(options8(58, "c2040001000a"), echo()));
        assertEquals(Verdict.UNKNOWN_OPTION, walk(jumbo));
        // Router Alert in a Destination Options header is an unknown option of action 00: skipped.
        byte[] dst = packet("2001:db8:1::1", 60, concat(options8(58, "050200000100"), echo()));
        assertEquals(Verdict.UPPER_LAYER, walk(dst));
        assertEquals(-1, walker.routerAlert());
        byte[] hbh = packet("ff02::16", 0, concat(options8(58, "050200010100"), echo()));
        assertEquals(Verdict.UPPER_LAYER, walk(hbh));
        assertEquals(1, walker.routerAlert(), "RSVP's value");
        byte[] badLength = packet("ff02::16", 0, concat(options8(58, "05030000ab00"), echo()));
        assertEquals(Verdict.MALFORMED_OPTION, walk(badLength));
        assertEquals(42, walker.pointer());
    }

    @Test
    void paddingRules() {
        // Pad1 runs and PadN: at most 7 bytes of padding in a row (Linux's and RFC 4942's rule).
        assertEquals(Verdict.UPPER_LAYER, walk(packet("2001:db8::1", 60, concat(options8(58, "000000000000"),
                echo()))), "six Pad1");
        byte[] sixteen = HEX.parseHex("3a01" + "01050000000000" + "00" + "010400000000");
        assertEquals(Verdict.MALFORMED_OPTION, walk(packet("2001:db8::1", 60, concat(sixteen, echo()))),
                "a PadN of 7 bytes and a Pad1: 8 bytes of padding in a row");
        assertEquals(40 + 2 + 7, walker.pointer(), "at the option that made the run too long");
        byte[] broken = HEX.parseHex("3a01" + "01050000000000" + "1e00" + "0103000000");
        assertEquals(Verdict.UPPER_LAYER, walk(packet("2001:db8::1", 60, concat(broken, echo()))),
                "7 + 6 bytes, broken by an option");
    }

    @Test
    void optionLengthOverrunningItsHeader() {
        byte[] p = packet("2001:db8::1", 60, concat(options8(58, "1e05aabbccdd"), echo()));
        assertEquals(Verdict.MALFORMED_OPTION, walk(p));
        assertEquals(42, walker.pointer());
        byte[] lastByte = packet("2001:db8::1", 60, concat(options8(58, "0000000000" + "1e"), echo()));
        assertEquals(Verdict.MALFORMED_OPTION, walk(lastByte), "a type byte without a length byte");
        assertEquals(47, walker.pointer());
    }

    @Test
    void optionsHeaderView() {
        Ipv6Packet ip = ip(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS);
        Ipv6OptionsHeader h = new Ipv6OptionsHeader().wrap(ip.segment(), ip.payloadOffset(), ip.length() - 40);
        assertEquals(Ipv6OptionsHeader.Check.OK, h.check());
        assertEquals(8, h.length(), "the window is cut to the header");
        assertEquals(58, h.nextHeader());
        assertEquals(0, h.headerExtLength());
        int at = h.firstOption();
        assertEquals(2, at);
        assertEquals(Ipv6OptionsHeader.ROUTER_ALERT, h.optionType(at));
        assertEquals(2, h.optionDataLength(at));
        assertEquals(4, h.optionDataOffset(at));
        assertEquals(0, h.optionData16(at, 0));
        at = h.nextOption(at);
        assertEquals(6, at);
        assertEquals(Ipv6OptionsHeader.PADN, h.optionType(at));
        assertEquals(2, h.optionLength(at));
        assertEquals(0, h.optionDataLength(at));
        assertEquals(-1, h.nextOption(at));
        assertFalse(Ipv6OptionsHeader.mayChangeEnRoute(Ipv6OptionsHeader.ROUTER_ALERT));
        assertTrue(Ipv6OptionsHeader.mayChangeEnRoute(0x3e));
        for (int n = 0; n < 8; n++) {
            h.wrap(ip.segment(), ip.payloadOffset(), n);
            assertEquals(Ipv6OptionsHeader.Check.TRUNCATED, h.check(), "length " + n);
        }
    }

    @Test
    void emitRouterAlertMatchesTheKernelsMldHeader() {
        byte[] out = stale(12);
        Ipv6OptionsHeader h = new Ipv6OptionsHeader().wrap(MemorySegment.ofArray(out), 2, 10);
        assertEquals(8, h.emitRouterAlert(Ipv6Packet.ICMPV6, Ipv6OptionsHeader.ROUTER_ALERT_MLD));
        assertArrayEquals(Arrays.copyOfRange(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS, 40, 48),
                Arrays.copyOfRange(out, 2, 10));
        assertEquals((byte) 0xa5, out[10], "nothing written past the header");
        assertThrows(IndexOutOfBoundsException.class,
                () -> new Ipv6OptionsHeader().wrap(MemorySegment.ofArray(new byte[7]), 0, 7).emitRouterAlert(58, 0));
    }

    @Test
    void padWritesPad1OrPadN() {
        byte[] out = stale(16);
        Ipv6OptionsHeader h = new Ipv6OptionsHeader().wrap(MemorySegment.ofArray(out), 0, 16);
        assertEquals(3, h.pad(2, 3));
        assertEquals(0, out[2]);
        assertEquals(16, h.pad(3, 16));
        assertArrayEquals(HEX.parseHex("010b0000000000000000000000"), Arrays.copyOfRange(out, 3, 16));
        assertEquals(5, h.pad(5, 5), "nothing to pad");
        assertThrows(IllegalArgumentException.class, () -> h.pad(5, 4));
    }

    // ---- header rules ----

    @Test
    void hopByHopOnlyFirst() {
        byte[] p = packet("2001:db8::1", 60, concat(options8(0, "010400000000"), options8(58, "010400000000"),
                echo()));
        assertEquals(Verdict.HOP_BY_HOP_NOT_FIRST, walk(p));
        assertEquals(1, walker.verdict().parameterProblemCode());
        assertEquals(40, walker.pointer(), "the next header field that holds 0");
        byte[] first = packet("2001:db8::1", 0, concat(options8(60, "010400000000"), options8(58, "010400000000"),
                echo()));
        assertEquals(Verdict.UPPER_LAYER, walk(first));
        assertEquals(2, walker.headerCount());
        assertEquals(56, walker.upperLayerOffset());
    }

    @Test
    void routingHeaderWithNoSegmentsLeftIsIgnoredTypeZeroIncluded() {
        for (int type : new int[] {0, 2, 3, 4, 253}) {
            byte[] rh = HEX.parseHex(String.format("3a02%02x00", type) + "00000000" + "20010db8000000000000000000000001");
            assertEquals(Verdict.UPPER_LAYER, walk(packet("2001:db8::1", 43, concat(rh, echo()))), "type " + type);
            assertEquals(40, walker.routingHeaderOffset());
            assertEquals(64, walker.upperLayerOffset());
            rh[3] = 1;
            assertEquals(Verdict.UNRECOGNIZED_ROUTING_TYPE, walk(packet("2001:db8::1", 43, concat(rh, echo()))));
            assertEquals(42, walker.pointer());
        }
    }

    @Test
    void fragmentRules() {
        // M set and 12 bytes of fragment data: not a multiple of 8 (RFC 8200 §4.5): code 0 at the payload length.
        byte[] odd = packet("2001:db8::1", 44, concat(HEX.parseHex("3a00000112345678"), new byte[12]));
        assertEquals(Verdict.BAD_FRAGMENT_LENGTH, walk(odd));
        assertEquals(0, walker.verdict().parameterProblemCode());
        assertEquals(Ipv6Packet.PAYLOAD_LENGTH, walker.pointer());
        // The last fragment may end anywhere.
        byte[] lastOdd = packet("2001:db8::1", 44, concat(HEX.parseHex("3a00001012345678"), new byte[12]));
        assertEquals(Verdict.FRAGMENT, walk(lastOdd));
        // Offset 65528 + 16 bytes would reassemble beyond 65535 bytes: code 0 at the fragment offset.
        byte[] big = packet("2001:db8::1", 44, concat(HEX.parseHex("3a00fff812345678"), new byte[16]));
        assertEquals(Verdict.FRAGMENT_TOO_BIG, walk(big));
        assertEquals(42, walker.pointer());
        byte[] justFits = packet("2001:db8::1", 44, concat(HEX.parseHex("3a00fff012345678"), new byte[7]));
        assertEquals(Verdict.FRAGMENT, walk(justFits), "65520 + 7 bytes stay within 65535");
    }

    @Test
    void headersAfterTheFragmentHeaderOfANonFirstFragmentAreData() {
        // What follows a non-first fragment's header looks like a Destination Options header that would be
        // rejected three ways (bad length, unknown option, Hop-by-Hop after it); it is fragment data, not walked.
        byte[] junk = HEX.parseHex("0000" + "9e09ffffffff" + "0000000000000000");
        byte[] p = packet("2001:db8::1", 44, concat(HEX.parseHex("3c00001012345678"), junk));
        assertEquals(Verdict.FRAGMENT, walk(p));
        assertEquals(1, walker.headerCount());
        assertEquals(Ipv6Packet.DESTINATION_OPTIONS, walker.upperLayerProtocol());
        assertEquals(48, walker.upperLayerOffset());
        // The same bytes in a first fragment are headers, and are rejected.
        byte[] first = packet("2001:db8::1", 44, concat(HEX.parseHex("3c00000112345678"), junk));
        assertEquals(Verdict.MALFORMED_OPTION, walk(first));
    }

    @Test
    void firstFragmentMustHoldTheWholeChain() {
        // Destination Options naming TCP, then 16 of TCP's 20 header bytes: RFC 7112 §5, code 3, pointer 0.
        byte[] tcp16 = packet("2001:db8::1", 44, concat(HEX.parseHex("3c00000112345678"),
                options8(6, "010400000000"), new byte[16]));
        assertEquals(Verdict.INCOMPLETE_CHAIN, walk(tcp16));
        assertEquals(3, walker.verdict().parameterProblemCode());
        assertEquals(0, walker.pointer());
        byte[] tcp24 = packet("2001:db8::1", 44, concat(HEX.parseHex("3c00000112345678"),
                options8(6, "010400000000"), new byte[24]));
        assertEquals(Verdict.FRAGMENT, walk(tcp24));
        assertEquals(Ipv6Packet.TCP, walker.upperLayerProtocol());
        // A header cut by the end of a first fragment is an incomplete chain, not a truncated packet.
        byte[] cut = packet("2001:db8::1", 44, concat(HEX.parseHex("3c00000112345678"),
                HEX.parseHex("1101000000000000")));
        assertEquals(Verdict.INCOMPLETE_CHAIN, walk(cut));
        // An unknown upper layer has no known header length: nothing to require.
        byte[] unknown = packet("2001:db8::1", 44, concat(HEX.parseHex("fd00000112345678"), new byte[8]));
        assertEquals(Verdict.FRAGMENT, walk(unknown));
        assertEquals(0, Ipv6ExtensionHeaders.minimumUpperLayerHeader(253));
        assertEquals(8, Ipv6ExtensionHeaders.minimumUpperLayerHeader(Ipv6Packet.UDP));
    }

    // ---- limits ----

    @Test
    void tooManyHeaders() {
        byte[] chain = new byte[0];
        for (int i = 0; i < 9; i++) {
            chain = concat(chain, options8(i < 8 ? 60 : 58, "010400000000"));
        }
        assertEquals(Verdict.TOO_MANY_HEADERS, walk(packet("2001:db8::1", 60, concat(chain, echo()))));
        assertEquals(8, walker.verdict().parameterProblemCode(), "RFC 8883");
        assertEquals(40 + 8 * 8, walker.pointer(), "the first octet of the ninth header");
        assertEquals(8, walker.headerCount());
        byte[] eight = Arrays.copyOf(chain, 64);
        eight[56] = 58;
        assertEquals(Verdict.UPPER_LAYER, walk(packet("2001:db8::1", 60, concat(eight, echo()))));
        Ipv6ExtensionHeaders strict = new Ipv6ExtensionHeaders(new Limits(2, 1024, 8));
        assertEquals(Verdict.TOO_MANY_HEADERS, strict.walk(ip(packet("2001:db8::1", 60, concat(eight, echo())))));
        assertEquals(56, strict.pointer());
    }

    @Test
    void chainTooLong() {
        // Two Destination Options headers of 520 bytes each (Hdr Ext Len 64, one PadN-free unknown option of
        // action 00 filling each): 1040 bytes of chain, over the default 1024.
        byte[] big = new byte[520];
        big[0] = 60;
        big[1] = 64;
        for (int at = 2; at < 520; ) {
            int n = Math.min(255, 520 - at - 2);
            big[at] = 0x1e;
            big[at + 1] = (byte) n;
            at += 2 + n;
        }
        byte[] second = big.clone();
        second[0] = 58;
        assertEquals(Verdict.CHAIN_TOO_LONG, walk(packet("2001:db8::1", 60, concat(big, second, echo()))));
        assertEquals(7, walker.verdict().parameterProblemCode());
        assertEquals(40 + 520, walker.pointer(), "the header that crossed the limit");
        Ipv6ExtensionHeaders generous = new Ipv6ExtensionHeaders(new Limits(8, 2048, 8));
        assertEquals(Verdict.UPPER_LAYER, generous.walk(ip(packet("2001:db8::1", 60, concat(big, second, echo())))));
        assertEquals(40 + 1040, generous.upperLayerOffset());
    }

    @Test
    void tooManyOptions() {
        // Nine 2-byte unknown options of action 00 (no padding between them) in a 24-byte header.
        byte[] h = HEX.parseHex("3a02" + "1e00".repeat(9) + "01020000"); // 2 + 18 + 4 bytes
        assertEquals(24, h.length);
        assertEquals(Verdict.TOO_MANY_OPTIONS, walk(packet("2001:db8::1", 60, concat(h, echo()))));
        assertEquals(9, walker.verdict().parameterProblemCode());
        assertEquals(40 + 2 + 16, walker.pointer(), "the ninth option");
        Ipv6ExtensionHeaders generous = new Ipv6ExtensionHeaders(new Limits(8, 1024, 9));
        assertEquals(Verdict.UPPER_LAYER, generous.walk(ip(packet("2001:db8::1", 60, concat(h, echo())))));
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1024, 8));
        assertThrows(IllegalArgumentException.class, () -> new Limits(8, 7, 8));
        assertThrows(IllegalArgumentException.class, () -> new Limits(8, 1024, 0));
        assertSame(Limits.DEFAULT, walker.limits());
    }

    // ---- truncation ----

    @Test
    void truncatedChainsAtEveryLength() {
        byte[] full = packet("2001:db8::1", 0, concat(options8(60, "050200000100"),
                HEX.parseHex("2b01" + "1e0a00000000000000000000" + "0100"),
                HEX.parseHex("3a02000000000000" + "20010db8000000000000000000000002"), echo()));
        assertEquals(Verdict.UPPER_LAYER, walk(full));
        assertEquals(3, walker.headerCount());
        int upper = walker.upperLayerOffset();
        assertEquals(40 + 8 + 16 + 24, upper);
        for (int n = 40; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            Ipv6TestPackets.u16(cut, 4, n - 40); // an honest payload length for the cut packet
            Verdict v = walk(cut);
            assertEquals(n < upper ? Verdict.TRUNCATED : Verdict.UPPER_LAYER, v, "length " + n);
            assertEquals(-1, v.parameterProblemCode());
        }
    }

    @Test
    void resumesAfterReassembly() {
        // After reassembly the stack walks on from the fragment header's next header at the fragment's place.
        byte[] reassembled = packet("2001:db8::1", 60, concat(options8(58, "010400000000"), echo()));
        Ipv6Packet ip = ip(reassembled);
        assertEquals(Verdict.UPPER_LAYER, walker.walk(ip, 58, 48, 40));
        assertEquals(0, walker.headerCount());
        assertEquals(48, walker.upperLayerOffset());
        assertEquals(40, walker.upperLayerNextHeaderPointer());
    }

    // ---- fragment and routing header views ----

    @Test
    void fragmentHeaderEmitAndParse() {
        byte[] out = stale(10);
        Ipv6FragmentHeader f = new Ipv6FragmentHeader().wrap(MemorySegment.ofArray(out), 1, 9);
        assertSame(f, f.emit(Ipv6Packet.ICMPV6, 0, true, 0xf847_0702));
        assertArrayEquals(Arrays.copyOfRange(Ipv6Golden.FRAGMENT_FIRST, 40, 48), bytes(
                new Ipv6FragmentHeader().wrap(MemorySegment.ofArray(out), 1, 8)));
        f.emit(Ipv6Packet.ICMPV6, 2896, false, 0xf847_0702);
        assertArrayEquals(Arrays.copyOfRange(Ipv6Golden.FRAGMENT_LAST, 40, 48), bytes(
                new Ipv6FragmentHeader().wrap(MemorySegment.ofArray(out), 1, 8)));
        assertEquals((byte) 0xa5, out[9]);
        assertTrue(f.check());
        assertEquals(8, f.length());
        assertThrows(IllegalArgumentException.class, () -> f.emit(58, 7, false, 0));
        assertThrows(IllegalArgumentException.class, () -> f.emit(58, 65536, false, 0));
        assertFalse(new Ipv6FragmentHeader().wrap(MemorySegment.ofArray(out), 0, 7).check());
        // Reserved bits are ignored on receipt.
        byte[] reserved = HEX.parseHex("3aff0007aabbccdd");
        Ipv6FragmentHeader r = new Ipv6FragmentHeader().wrap(MemorySegment.ofArray(reserved), 0, 8);
        assertTrue(r.isFirstFragment());
        assertEquals(0, r.fragmentOffset());
        assertTrue(r.moreFragments());
        assertNotEquals(r.isAtomic(), r.isFirstFragment());
    }

    @Test
    void routingHeaderView() {
        Ipv6Packet ip = ip(Ipv6Golden.ROUTING_TYPE_0);
        Ipv6RoutingHeader r = new Ipv6RoutingHeader().wrap(ip.segment(), ip.payloadOffset(), ip.length() - 40);
        assertTrue(r.check());
        assertEquals(Ipv6RoutingHeader.TYPE_0, r.routingType());
        assertEquals(1, r.segmentsLeft());
        assertEquals(24, r.length());
        for (int n = 0; n < 24; n++) {
            assertFalse(new Ipv6RoutingHeader().wrap(ip.segment(), ip.payloadOffset(), n).check(), "length " + n);
        }
    }
}
