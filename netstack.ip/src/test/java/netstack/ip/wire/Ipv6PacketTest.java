package netstack.ip.wire;

import static netstack.ip.wire.Ipv6TestPackets.HEX;
import static netstack.ip.wire.Ipv6TestPackets.bytes;
import static netstack.ip.wire.Ipv6TestPackets.concat;
import static netstack.ip.wire.Ipv6TestPackets.ip;
import static netstack.ip.wire.Ipv6TestPackets.stale;
import static netstack.ip.wire.Ipv6TestPackets.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import netstack.api.net.Ipv6Address;
import netstack.ip.wire.Ipv6Packet.Check;
import org.junit.jupiter.api.Test;

/** {@link Ipv6Packet} and {@link Ipv6Repr} against the kernel's packets, and malformed ones. */
class Ipv6PacketTest {

    /** Every golden packet: the gate, the repr and the emitter must agree with all of them. */
    static final List<byte[]> GOLDEN = List.of(Ipv6Golden.DAD_NS, Ipv6Golden.NA_UNSOLICITED, Ipv6Golden.RS,
            Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS, Ipv6Golden.RA, Ipv6Golden.NS, Ipv6Golden.NA_SOLICITED_ROUTER,
            Ipv6Golden.ECHO_REQUEST, Ipv6Golden.ECHO_REPLY, Ipv6Golden.FRAGMENT_FIRST, Ipv6Golden.FRAGMENT_LAST,
            Ipv6Golden.PACKET_TOO_BIG, Ipv6Golden.TIME_EXCEEDED_HOP_LIMIT, Ipv6Golden.UNREACHABLE_NO_ROUTE,
            Ipv6Golden.UNREACHABLE_PROHIBITED, Ipv6Golden.UNREACHABLE_PORT, Ipv6Golden.UNREACHABLE_ADDRESS,
            Ipv6Golden.REDIRECT, Ipv6Golden.NA_SOLICITED_NO_OPTION, Ipv6Golden.SRV6_ECHO_REQUEST,
            Ipv6Golden.UNKNOWN_NEXT_HEADER, Ipv6Golden.PARAMETER_PROBLEM_NEXT_HEADER, Ipv6Golden.UNKNOWN_OPTION,
            Ipv6Golden.PARAMETER_PROBLEM_OPTION, Ipv6Golden.ROUTING_TYPE_0, Ipv6Golden.PARAMETER_PROBLEM_ROUTING,
            Ipv6Golden.ATOMIC_FRAGMENT, Ipv6Golden.ATOMIC_FRAGMENT_REPLY, Ipv6Golden.INCOMPLETE_FIRST_FRAGMENT,
            Ipv6Golden.PARAMETER_PROBLEM_INCOMPLETE_CHAIN, Ipv6Golden.LONE_FIRST_FRAGMENT,
            Ipv6Golden.TIME_EXCEEDED_REASSEMBLY, Ipv6Golden.MLDV2_REPORT_FROM_UNSPECIFIED,
            Ipv6Golden.MLDV2_GENERAL_QUERY, Ipv6Golden.MLDV2_REPORT_MODE_IS_EXCLUDE, Ipv6Golden.MLDV2_REPORT_ALLOW,
            Ipv6Golden.MLDV2_REPORT_BLOCK, Ipv6Golden.MLDV2_SOURCE_QUERY, Ipv6Golden.MLDV1_QUERY,
            Ipv6Golden.MLDV1_REPORT, Ipv6Golden.MLDV1_DONE);

    @Test
    void readsTheKernelsEchoRequest() {
        Ipv6Packet ip = ip(Ipv6Golden.ECHO_REQUEST);
        assertEquals(6, ip.version());
        assertEquals(0, ip.trafficClass());
        assertEquals(0, ip.dscp());
        assertEquals(0, ip.ecn());
        assertEquals(0xc_02e8, ip.flowLabel(), "Linux sets a hashed flow label (RFC 6437)");
        assertEquals(64, ip.payloadLength());
        assertEquals(Ipv6Packet.ICMPV6, ip.nextHeader());
        assertEquals(64, ip.hopLimit());
        assertEquals(Ipv6Address.parse("2001:db8:1::ff:fe00:10a"), ip.sourceAddress());
        assertEquals(Ipv6Address.parse("2001:db8:1::1"), ip.destinationAddress());
        assertEquals(0x2001_0db8_0001_0000L, ip.sourceAddressHigh());
        assertEquals(0x0000_00ff_fe00_010aL, ip.sourceAddressLow());
        assertEquals(0x2001_0db8_0001_0000L, ip.destinationAddressHigh());
        assertEquals(1L, ip.destinationAddressLow());
        assertFalse(ip.isDestinationMulticast());
        assertEquals(104, ip.length());
        assertEquals(40, ip.payloadOffset());
        assertEquals(new Ipv6Repr(0, 0xc_02e8, 64, 58, 64, Ipv6Address.parse("2001:db8:1::ff:fe00:10a"),
                Ipv6Address.parse("2001:db8:1::1")), Ipv6Repr.parse(ip));
    }

    @Test
    void readsMulticastAndHopByHopPackets() {
        Ipv6Packet ip = ip(Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS);
        assertEquals(Ipv6Packet.HOP_BY_HOP, ip.nextHeader());
        assertEquals(1, ip.hopLimit(), "MLD is sent with hop limit 1 (RFC 3810 §5)");
        assertTrue(ip.isDestinationMulticast());
        assertEquals(Ipv6Address.parse("ff02::16"), ip.destinationAddress());
        Ipv6Packet dad = ip(Ipv6Golden.DAD_NS);
        assertEquals(Ipv6Address.ANY, dad.sourceAddress());
        assertEquals(Ipv6Address.parse("fe80::ff:fe00:10a").solicitedNode(), dad.destinationAddress());
        assertEquals(255, dad.hopLimit());
        assertEquals(0xb_2d47, ip(Ipv6Golden.RA).flowLabel(), "radvd's flow label");
    }

    @Test
    void everyGoldenPacketPassesAndRoundTripsThroughTheRepr() {
        for (byte[] golden : GOLDEN) {
            Ipv6Packet ip = ip(golden);
            assertEquals(golden.length, ip.length(), "nothing trimmed from an unpadded packet");
            Ipv6Repr repr = Ipv6Repr.parse(ip);
            assertEquals(golden.length, repr.totalLength());
            byte[] out = stale(golden.length);
            repr.emit(new Ipv6Packet().wrap(MemorySegment.ofArray(out), 0, out.length));
            assertArrayEquals(Arrays.copyOf(golden, 40), Arrays.copyOf(out, 40),
                    "emit writes all 40 header bytes: " + HEX.formatHex(golden, 0, 40));
            assertEquals((byte) 0xa5, out[40], "and nothing after the header");
        }
    }

    @Test
    void checkTrimsEthernetPadding() {
        // A 60-byte minimum Ethernet frame pads short packets; the padding is not part of the packet.
        byte[] padded = concat(Ipv6Golden.UNKNOWN_NEXT_HEADER, new byte[18]);
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(padded), 0, padded.length);
        assertEquals(Check.OK, ip.check());
        assertEquals(Ipv6Golden.UNKNOWN_NEXT_HEADER.length, ip.length());
        assertEquals(8, ip.availablePayloadLength());
        assertEquals(Check.OK, ip.check(), "checking again is harmless");
        assertEquals(Ipv6Golden.UNKNOWN_NEXT_HEADER.length, ip.length());
    }

    @Test
    void truncatedAtEveryLength() {
        for (byte[] golden : GOLDEN) {
            for (int n = 0; n < golden.length; n++) {
                Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(golden), 0, n);
                Check expected = n < 40 ? Check.TRUNCATED_HEADER : Check.TRUNCATED_PAYLOAD;
                assertEquals(expected, ip.check(), "length " + n + " of " + golden.length);
                assertEquals(n, ip.length(), "a failed check leaves the window alone");
                assertEquals(n < 40 ? Check.TRUNCATED_HEADER : Check.OK, ip.checkInvoking());
            }
        }
    }

    @Test
    void lyingPayloadLengths() {
        byte[] packet = Ipv6Golden.ECHO_REQUEST.clone();
        MemorySegment s = MemorySegment.ofArray(packet);
        for (int claimed : new int[] {65, 100, 1000, 0xffff}) {
            u16(packet, 4, claimed);
            assertEquals(Check.TRUNCATED_PAYLOAD, new Ipv6Packet().wrap(s, 0, packet.length).check(),
                    "claims " + claimed + " bytes, has 64");
        }
        // A payload length below what arrived is accepted: the rest is treated as link padding and cut. The
        // upper layer's own length and checksum find the lie.
        u16(packet, 4, 8);
        Ipv6Packet ip = new Ipv6Packet().wrap(s, 0, packet.length);
        assertEquals(Check.OK, ip.check());
        assertEquals(48, ip.length());
        assertFalse(Ipv6TestPackets.icmp(ip).checksumValid(ip), "the cut ICMPv6 message fails its checksum");
        u16(packet, 4, 0);
        assertEquals(Check.OK, new Ipv6Packet().wrap(s, 0, packet.length).check(), "no payload at all");
    }

    @Test
    void badVersions() {
        for (int version : new int[] {0, 4, 5, 7, 15}) {
            byte[] packet = Ipv6Golden.ECHO_REQUEST.clone();
            new Ipv6Packet().wrap(MemorySegment.ofArray(packet), 0, packet.length).version(version);
            Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(packet), 0, packet.length);
            assertEquals(version, ip.version());
            assertEquals(Check.BAD_VERSION, ip.check(), "version " + version);
            assertEquals(Check.BAD_VERSION, ip.checkInvoking());
            assertEquals(0xc_02e8, ip.flowLabel(), "version() changes only the version");
        }
    }

    @Test
    void mutatorsTouchOnlyTheirBits() {
        byte[] packet = Ipv6Golden.ECHO_REQUEST.clone();
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(packet), 0, packet.length);
        ip.trafficClass(0xb9); // DSCP 46 (EF), ECN 01 (ECT(1))
        assertEquals(0xb9, ip.trafficClass());
        assertEquals(46, ip.dscp());
        assertEquals(1, ip.ecn());
        assertEquals(6, ip.version());
        assertEquals(0xc_02e8, ip.flowLabel());
        ip.flowLabel(0xf_ffff);
        assertEquals(0xf_ffff, ip.flowLabel());
        assertEquals(0xb9, ip.trafficClass());
        ip.flowLabel(0x1_2345_6);
        assertEquals(0x2_3456, ip.flowLabel(), "only 20 bits are kept");
        assertEquals(0xb9, ip.trafficClass());
        assertSame(ip, ip.hopLimit(1).nextHeader(17).payloadLength(8));
        assertEquals(1, ip.hopLimit());
        assertEquals(17, ip.nextHeader());
        assertEquals(8, ip.payloadLength());
        ip.sourceAddress(Ipv6Address.parse("2001:db8::1")).destinationAddress(Ipv6Address.ALL_NODES);
        assertEquals(Ipv6Address.parse("2001:db8::1"), ip.sourceAddress());
        assertEquals(Ipv6Address.ALL_NODES, ip.destinationAddress());
        assertTrue(ip.isDestinationMulticast());
    }

    @Test
    void emitOverStaleMemoryOnHeapAndNative() {
        Ipv6Repr repr = new Ipv6Repr(0xb8, 0xa_bcde, 1240, Ipv6Packet.UDP, 255, Ipv6Address.parse("2001:db8::2"),
                Ipv6Address.parse("fe80::1"));
        byte[] expected = HEX.parseHex("6b8abcde04d811ff" + "20010db8000000000000000000000002"
                + "fe800000000000000000000000000001");
        try (Arena arena = Arena.ofConfined()) {
            for (MemorySegment s : new MemorySegment[] {MemorySegment.ofArray(stale(48)), arena.allocate(48)}) {
                s.fill((byte) 0xa5);
                Ipv6Packet ip = new Ipv6Packet().wrap(s, 3, 45);
                repr.emit(ip);
                assertArrayEquals(expected, bytes(new Ipv6Packet().wrap(s, 3, 40)), "native=" + s.isNative());
                assertEquals(repr, Ipv6Repr.parse(ip));
            }
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> repr.emit(new Ipv6Packet().wrap(MemorySegment.ofArray(new byte[39]), 0, 39)));
    }

    @Test
    void reprRejectsFieldsThatDoNotFit() {
        Ipv6Address a = Ipv6Address.LOOPBACK;
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(256, 0, 0, 0, 0, a, a));
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(0, 1 << 20, 0, 0, 0, a, a));
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(0, 0, 65536, 0, 0, a, a));
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(0, 0, -1, 0, 0, a, a));
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(0, 0, 0, 256, 0, a, a));
        assertThrows(IllegalArgumentException.class, () -> new Ipv6Repr(0, 0, 0, 0, 256, a, a));
        assertThrows(NullPointerException.class, () -> new Ipv6Repr(0, 0, 0, 0, 0, null, a));
        assertEquals(65575, new Ipv6Repr(255, 0xf_ffff, 65535, 255, 255, a, a).totalLength());
    }

    /** RFC 8200 §8.1 written out byte by byte, as in ChecksumTest. */
    private static long referencePseudoHeaderSum(byte[] source, byte[] destination, int nextHeader, int length) {
        byte[] pseudo = new byte[40];
        System.arraycopy(source, 0, pseudo, 0, 16);
        System.arraycopy(destination, 0, pseudo, 16, 16);
        pseudo[32] = (byte) (length >>> 24);
        pseudo[33] = (byte) (length >>> 16);
        pseudo[34] = (byte) (length >>> 8);
        pseudo[35] = (byte) length;
        pseudo[39] = (byte) nextHeader;
        return Checksum.sum(0, MemorySegment.ofArray(pseudo), 0, 40);
    }

    @Test
    void pseudoHeaderSumMatchesTheKernelsChecksums() {
        for (byte[] golden : new byte[][] {Ipv6Golden.ECHO_REQUEST, Ipv6Golden.ECHO_REPLY, Ipv6Golden.NS,
                Ipv6Golden.UNREACHABLE_PORT, Ipv6Golden.MLDV2_REPORT_FIVE_RECORDS}) {
            Ipv6Packet ip = ip(golden);
            int at = Ipv6TestPackets.upperLayerOffset(ip);
            int upperLength = ip.length() - at;
            long pseudo = ip.pseudoHeaderSum(Ipv6Packet.ICMPV6, upperLength);
            assertEquals(Checksum.fold(referencePseudoHeaderSum(Arrays.copyOfRange(golden, 8, 24),
                    Arrays.copyOfRange(golden, 24, 40), 58, upperLength)), Checksum.fold(pseudo));
            assertEquals(0xffff, Checksum.fold(Checksum.sum(pseudo, ip.segment(), at, upperLength)),
                    "the kernel's ICMPv6 checksum verifies over pseudo-header + message");
            assertEquals(Checksum.fold(pseudo), Checksum.fold(Ipv6Packet.pseudoHeaderSum(ip.sourceAddress(),
                    ip.destinationAddress(), Ipv6Packet.ICMPV6, upperLength)));
        }
    }

    @Test
    void pseudoHeaderSumAgainstTheReferenceOnRandomValues() {
        Random random = new Random(8200);
        for (int i = 0; i < 2000; i++) {
            byte[] s = new byte[16];
            byte[] d = new byte[16];
            random.nextBytes(s);
            random.nextBytes(d);
            if (i % 100 == 0) {
                Arrays.fill(s, (byte) 0xff);
                Arrays.fill(d, (byte) 0xff);
            }
            int nh = random.nextInt(256);
            int length = i % 7 == 0 ? -1 : random.nextInt(70000); // -1: a 32-bit length of all ones
            long sum = Ipv6Packet.pseudoHeaderSum(Ipv6Address.ofBytes(s), Ipv6Address.ofBytes(d), nh, length);
            assertEquals(Checksum.fold(referencePseudoHeaderSum(s, d, nh, length)), Checksum.fold(sum));
        }
    }

    @Test
    void wrapsAndChecksOnlyItsWindowInsideALargerSegment() {
        // The packet sits after a 14-byte Ethernet header and before 20 bytes of something else.
        byte[] frame = concat(new byte[14], Ipv6Golden.ECHO_REPLY, stale(20));
        Ipv6Packet ip = new Ipv6Packet().wrap(MemorySegment.ofArray(frame), 14, frame.length - 14);
        assertEquals(Check.OK, ip.check());
        assertEquals(Ipv6Golden.ECHO_REPLY.length, ip.length());
        assertEquals(14 + 40, ip.payloadOffset());
        assertEquals(Ipv6Address.parse("2001:db8:1::1"), ip.sourceAddress());
        assertTrue(Ipv6TestPackets.icmp(ip).checksumValid(ip));
    }
}
