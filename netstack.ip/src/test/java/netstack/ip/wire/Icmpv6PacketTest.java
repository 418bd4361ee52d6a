package netstack.ip.wire;

import static netstack.ip.wire.Ipv6TestPackets.bytes;
import static netstack.ip.wire.Ipv6TestPackets.icmp;
import static netstack.ip.wire.Ipv6TestPackets.ip;
import static netstack.ip.wire.Ipv6TestPackets.stale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import netstack.api.net.Ipv6Address;
import netstack.ip.wire.Icmpv6Repr.DestinationUnreachable;
import netstack.ip.wire.Icmpv6Repr.EchoReply;
import netstack.ip.wire.Icmpv6Repr.EchoRequest;
import netstack.ip.wire.Icmpv6Repr.Other;
import netstack.ip.wire.Icmpv6Repr.PacketTooBig;
import netstack.ip.wire.Icmpv6Repr.ParameterProblem;
import netstack.ip.wire.Icmpv6Repr.TimeExceeded;
import org.junit.jupiter.api.Test;

/** {@link Icmpv6Packet} and {@link Icmpv6Repr} against the kernel's echo and error messages. */
class Icmpv6PacketTest {

    /** Every golden packet whose chain ends in a whole ICMPv6 message. */
    static List<byte[]> goldenIcmpv6() {
        List<byte[]> out = new ArrayList<>();
        Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();
        for (byte[] g : Ipv6PacketTest.GOLDEN) {
            if (walker.walk(ip(g)) == Ipv6ExtensionHeaders.Verdict.UPPER_LAYER
                    && walker.upperLayerProtocol() == Ipv6Packet.ICMPV6) {
                out.add(g);
            }
        }
        return out;
    }

    @Test
    void kernelsEchoRequestAndReply() {
        Ipv6Packet ip = ip(Ipv6Golden.ECHO_REQUEST);
        Icmpv6Packet icmp = icmp(ip);
        assertTrue(icmp.check());
        assertEquals(Icmpv6Packet.ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertEquals(0xbddf, icmp.checksum());
        assertEquals(0x1cbe, icmp.identifier());
        assertEquals(1, icmp.sequenceNumber());
        assertEquals(56, icmp.dataLength());
        assertEquals(48, icmp.dataOffset());
        assertFalse(icmp.isError());
        assertTrue(icmp.checksumValid(ip));
        assertEquals(new EchoRequest(0x1cbe, 1), Icmpv6Repr.parse(icmp));

        Icmpv6Packet reply = icmp(ip(Ipv6Golden.ECHO_REPLY));
        assertEquals(new EchoReply(0x1cbe, 1), Icmpv6Repr.parse(reply));
        assertEquals(new EchoRequest(0x1cbe, 1).reply(), Icmpv6Repr.parse(reply));
    }

    @Test
    void answeringAnEchoRequestGivesTheKernelsReplyByteForByte() {
        // The request, turned into its reply in place: header from the repr, data kept, addresses swapped.
        byte[] request = Ipv6Golden.ECHO_REQUEST.clone();
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(request), 0, request.length);
        assertEquals(Ipv6Packet.Check.OK, ip.check());
        Icmpv6Packet icmp = icmp(ip);
        EchoRequest asked = (EchoRequest) Icmpv6Repr.parse(icmp);
        long sh = ip.sourceAddressHigh();
        long sl = ip.sourceAddressLow();
        ip.sourceAddress(ip.destinationAddressHigh(), ip.destinationAddressLow()).destinationAddress(sh, sl);
        asked.reply().emit(icmp);
        icmp.fillChecksum(ip);
        assertArrayEquals(Arrays.copyOfRange(Ipv6Golden.ECHO_REPLY, 40, 104), bytes(icmp));
        assertEquals(0xbcdf, icmp.checksum());
    }

    @Test
    void everyKernelChecksumVerifiesAndRecomputes() {
        List<byte[]> all = goldenIcmpv6();
        assertTrue(all.size() >= 30, "most golden packets carry ICMPv6: " + all.size());
        for (byte[] g : all) {
            Ipv6Packet ip = ip(g);
            Icmpv6Packet icmp = icmp(ip);
            assertTrue(icmp.check());
            assertTrue(icmp.checksumValid(ip), "type " + icmp.type());
            assertTrue(icmp.checksumValid(ip.sourceAddressHigh(), ip.sourceAddressLow(), ip.destinationAddressHigh(),
                    ip.destinationAddressLow()));
            int kernels = icmp.checksum();
            icmp.checksum(0x1234);
            assertFalse(icmp.checksumValid(ip));
            icmp.fillChecksum(ip);
            assertEquals(kernels, icmp.checksum(), "type " + icmp.type());
        }
    }

    @Test
    void badChecksumsAreFound() {
        // Any single-bit change in the message or in the addresses of the pseudo-header breaks the checksum.
        byte[] g = Ipv6Golden.PARAMETER_PROBLEM_OPTION;
        for (int at = 8; at < g.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = g.clone();
                bad[at] ^= (byte) (1 << bit);
                Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(bad), 0, bad.length);
                assertEquals(Ipv6Packet.Check.OK, ip.check());
                Icmpv6Packet icmp = new Icmpv6Packet().wrap(ip.segment(), 40, bad.length - 40);
                assertFalse(icmp.checksumValid(ip), "byte " + at + " bit " + bit);
            }
        }
        // The wrong upper-layer length in the pseudo-header breaks it too: a message cut short.
        Ipv6Packet ip = ip(Ipv6Golden.ECHO_REQUEST);
        Icmpv6Packet cut = new Icmpv6Packet().wrap(ip.segment(), 40, 62);
        assertFalse(cut.checksumValid(ip));
    }

    @Test
    void kernelsPacketTooBig() {
        Ipv6Packet ip = ip(Ipv6Golden.PACKET_TOO_BIG);
        assertEquals(1280, ip.length(), "as large as the minimum MTU allows (RFC 4443 §2.4(c))");
        Icmpv6Packet icmp = icmp(ip);
        assertTrue(icmp.isError());
        assertEquals(Icmpv6Packet.PACKET_TOO_BIG, icmp.type());
        assertEquals(1280, icmp.mtu());
        assertEquals(new PacketTooBig(1280), Icmpv6Repr.parse(icmp));
        Ipv6Packet invoking = icmp.invokingPacket(new Ipv6Packet());
        assertEquals(1232, invoking.length());
        assertEquals(Icmpv6Packet.quotedLength(1448), invoking.length());
        assertEquals(Ipv6Packet.Check.OK, invoking.checkInvoking());
        assertEquals(Ipv6Packet.Check.TRUNCATED_PAYLOAD, invoking.check(), "the quote is cut short");
        assertEquals(1408, invoking.payloadLength());
        assertEquals(1192, invoking.availablePayloadLength());
        assertEquals(Ipv6Address.parse("2001:db8:1::ff:fe00:10a"), invoking.sourceAddress());
        assertEquals(Ipv6Address.parse("2001:db8:2::b"), invoking.destinationAddress());
        // The walker still finds the quoted upper layer, so the stack can find the socket.
        Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();
        assertEquals(Ipv6ExtensionHeaders.Verdict.UPPER_LAYER, walker.walk(invoking));
        Icmpv6Packet quoted = new Icmpv6Packet().wrap(invoking.segment(),
                invoking.offset() + walker.upperLayerOffset(), invoking.length() - walker.upperLayerOffset());
        assertEquals(Icmpv6Packet.ECHO_REQUEST, quoted.type());
        assertEquals(0x1cc0, quoted.identifier());
    }

    @Test
    void buildingAnErrorLikeTheKernel() {
        // Rebuild the router's Packet Too Big from its parts: header from the repr over stale memory, then the
        // quoted packet, then the checksum over the router's addresses.
        Ipv6Packet golden = ip(Ipv6Golden.PACKET_TOO_BIG);
        Icmpv6Packet goldenIcmp = icmp(golden);
        byte[] out = stale(1240);
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        new PacketTooBig(1280).emit(icmp);
        MemorySegment.copy(golden.segment(), goldenIcmp.dataOffset(), icmp.segment(), icmp.dataOffset(), 1232);
        icmp.fillChecksum(golden);
        assertArrayEquals(bytes(goldenIcmp), out);
        // And the Parameter Problem code 2 of nsB.
        Ipv6Packet pp = ip(Ipv6Golden.PARAMETER_PROBLEM_OPTION);
        Icmpv6Packet ppIcmp = icmp(pp);
        byte[] out2 = stale(ppIcmp.length());
        Icmpv6Packet built = new Icmpv6Packet().wrap(MemorySegment.ofArray(out2), 0, out2.length);
        new ParameterProblem(Icmpv6Packet.UNRECOGNIZED_OPTION, 42).emit(built);
        MemorySegment.copy(pp.segment(), ppIcmp.dataOffset(), built.segment(), 8, ppIcmp.dataLength());
        built.fillChecksum(pp.sourceAddressHigh(), pp.sourceAddressLow(), pp.destinationAddressHigh(),
                pp.destinationAddressLow());
        assertArrayEquals(bytes(ppIcmp), out2);
    }

    @Test
    void kernelsErrors() {
        Object[][] cases = {
            {Ipv6Golden.TIME_EXCEEDED_HOP_LIMIT, new TimeExceeded(Icmpv6Packet.HOP_LIMIT_EXCEEDED)},
            {Ipv6Golden.TIME_EXCEEDED_REASSEMBLY, new TimeExceeded(Icmpv6Packet.REASSEMBLY_TIME_EXCEEDED)},
            {Ipv6Golden.UNREACHABLE_NO_ROUTE, new DestinationUnreachable(Icmpv6Packet.NO_ROUTE)},
            {Ipv6Golden.UNREACHABLE_PROHIBITED, new DestinationUnreachable(Icmpv6Packet.ADMINISTRATIVELY_PROHIBITED)},
            {Ipv6Golden.UNREACHABLE_ADDRESS, new DestinationUnreachable(Icmpv6Packet.ADDRESS_UNREACHABLE)},
            {Ipv6Golden.UNREACHABLE_PORT, new DestinationUnreachable(Icmpv6Packet.PORT_UNREACHABLE)},
            {Ipv6Golden.PARAMETER_PROBLEM_NEXT_HEADER, new ParameterProblem(Icmpv6Packet.UNRECOGNIZED_NEXT_HEADER, 6)},
            {Ipv6Golden.PARAMETER_PROBLEM_OPTION, new ParameterProblem(Icmpv6Packet.UNRECOGNIZED_OPTION, 42)},
            {Ipv6Golden.PARAMETER_PROBLEM_ROUTING, new ParameterProblem(Icmpv6Packet.ERRONEOUS_HEADER_FIELD, 42)},
            {Ipv6Golden.PARAMETER_PROBLEM_INCOMPLETE_CHAIN,
                new ParameterProblem(Icmpv6Packet.INCOMPLETE_HEADER_CHAIN, 0)},
        };
        for (Object[] c : cases) {
            Ipv6Packet ip = ip((byte[]) c[0]);
            Icmpv6Packet icmp = icmp(ip);
            assertTrue(icmp.check());
            assertTrue(icmp.isError());
            assertEquals(c[1], Icmpv6Repr.parse(icmp));
            assertTrue(((Icmpv6Repr) c[1]).isError());
            Ipv6Packet invoking = icmp.invokingPacket(new Ipv6Packet());
            assertEquals(Ipv6Packet.Check.OK, invoking.checkInvoking());
            assertEquals(ip.destinationAddress(), invoking.sourceAddress(), "the error goes back to the sender");
            if (icmp.type() == Icmpv6Packet.PARAMETER_PROBLEM) {
                assertEquals(((ParameterProblem) c[1]).pointer(), icmp.pointer());
            } else {
                assertEquals(0, icmp.body(), "unused field is zero");
            }
        }
    }

    @Test
    void checkGatesTheBodyByType() {
        byte[] g = Ipv6Golden.ECHO_REQUEST;
        for (int n = 0; n <= 64; n++) {
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(g), 40, n);
            assertEquals(n >= 8, icmp.check(), "echo of " + n + " bytes");
        }
        byte[] unknown = {(byte) 200, 0, 0, 0};
        assertTrue(new Icmpv6Packet().wrap(MemorySegment.ofArray(unknown), 0, 4).check(), "unknown type, 4 bytes");
        assertFalse(new Icmpv6Packet().wrap(MemorySegment.ofArray(unknown), 0, 3).check());
        Icmpv6Packet four = new Icmpv6Packet().wrap(MemorySegment.ofArray(unknown), 0, 4);
        assertEquals(new Other(200, 0, 0), Icmpv6Repr.parse(four), "no body to read");
        byte[] shortError = {1, 4, 0, 0, 0, 0, 0};
        assertFalse(new Icmpv6Packet().wrap(MemorySegment.ofArray(shortError), 0, 7).check());
    }

    @Test
    void mayAnswerWithErrorFollowsRfc4443Section24e() {
        Ipv6ExtensionHeaders walker = new Ipv6ExtensionHeaders();
        Ipv6Packet echo = ip(Ipv6Golden.ECHO_REQUEST);
        walker.walk(echo);
        assertTrue(Icmpv6Packet.mayAnswerWithError(echo, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                false, false));
        assertFalse(Icmpv6Packet.mayAnswerWithError(echo, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                true, false), "(e.4) link-layer multicast");
        assertTrue(Icmpv6Packet.mayAnswerWithError(echo, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                true, true), "(e.4) but Packet Too Big");
        assertFalse(Icmpv6Packet.mayAnswerWithError(echo, Ipv6Packet.ICMPV6, -1, false, false),
                "an ICMPv6 message whose type cannot be read");
        for (byte[] error : new byte[][] {Ipv6Golden.PACKET_TOO_BIG, Ipv6Golden.PARAMETER_PROBLEM_OPTION,
                Ipv6Golden.REDIRECT}) {
            Ipv6Packet ip = ip(error);
            walker.walk(ip);
            assertFalse(Icmpv6Packet.mayAnswerWithError(ip, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                    false, true), "(e.1, e.2) never about an error or a redirect");
        }
        Ipv6Packet report = ip(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS);
        walker.walk(report);
        assertFalse(Icmpv6Packet.mayAnswerWithError(report, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                false, false), "(e.3) to ff02::16");
        assertTrue(Icmpv6Packet.mayAnswerWithError(report, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                false, true), "(e.3) exempt");
        Ipv6Packet dad = ip(Ipv6Golden.DAD_NS);
        walker.walk(dad);
        assertFalse(Icmpv6Packet.mayAnswerWithError(dad, walker.upperLayerProtocol(), walker.upperLayerOffset(),
                false, true), "(e.5) from ::");
        byte[] multicastSource = Ipv6Golden.UNKNOWN_NEXT_HEADER.clone();
        multicastSource[8] = (byte) 0xff;
        Ipv6Packet m = ip(multicastSource);
        assertFalse(Icmpv6Packet.mayAnswerWithError(m, 253, 40, false, true), "(e.5) from a multicast address");
        Ipv6Packet udp = ip(Ipv6Golden.UNKNOWN_NEXT_HEADER);
        assertTrue(Icmpv6Packet.mayAnswerWithError(udp, 253, 40, false, false));
    }

    @Test
    void reprsRoundTrip() {
        List<Icmpv6Repr> all = List.of(new EchoRequest(0, 0), new EchoRequest(0xffff, 0xffff), new EchoReply(7, 9),
                new DestinationUnreachable(6), new PacketTooBig(0xffff_ffffL), new PacketTooBig(1280),
                new TimeExceeded(1), new ParameterProblem(2, 0xffff_ffffL), new ParameterProblem(10, 40),
                new Other(200, 3, 0xdead_beef));
        for (Icmpv6Repr r : all) {
            byte[] out = stale(9);
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 0, 9);
            r.emit(icmp);
            assertEquals(0, icmp.checksum(), "emit leaves a zero checksum to be filled");
            assertEquals((byte) 0xa5, out[8]);
            assertTrue(icmp.check());
            assertEquals(r, Icmpv6Repr.parse(icmp));
            assertEquals(r.isError(), r.type() < 128);
        }
        assertInstanceOf(Other.class, Icmpv6Repr.parse(icmp(ip(Ipv6Golden.NS))), "NDP has its own repr");
        assertThrows(IndexOutOfBoundsException.class,
                () -> new EchoRequest(1, 1).emit(new Icmpv6Packet().wrap(MemorySegment.ofArray(new byte[7]), 0, 7)));
        assertThrows(IllegalArgumentException.class, () -> new EchoRequest(0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> new EchoReply(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new PacketTooBig(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new ParameterProblem(256, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimeExceeded(-1));
        assertThrows(IllegalArgumentException.class, () -> new Other(256, 0, 0));
        assertTrue(Icmpv6Packet.isError(127));
        assertFalse(Icmpv6Packet.isError(128));
        assertEquals(1232, Icmpv6Packet.MAX_QUOTED_BYTES);
        assertEquals(100, Icmpv6Packet.quotedLength(100));
    }
}
