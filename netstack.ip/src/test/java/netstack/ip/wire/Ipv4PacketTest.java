package netstack.ip.wire;

import static netstack.ip.wire.KernelFrames.IP_A;
import static netstack.ip.wire.KernelFrames.IP_C;
import static netstack.ip.wire.KernelFrames.IP_R;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import netstack.api.net.Ipv4Address;
import org.junit.jupiter.api.Test;

/** {@link Ipv4Packet} and {@link Ipv4Repr} against the kernel's datagrams ({@link KernelFrames}). */
class Ipv4PacketTest {

    /** Every untagged IPv4 frame of the capture. */
    private static final byte[][] IPV4_FRAMES = {
        KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REPLY, KernelFrames.ECHO_REQUEST_RECORD_ROUTE,
        KernelFrames.ECHO_REPLY_RECORD_ROUTE, KernelFrames.FRAGMENTATION_NEEDED, KernelFrames.ECHO_REQUEST_TTL_1,
        KernelFrames.TIME_EXCEEDED, KernelFrames.UDP_TO_CLOSED_PORT, KernelFrames.PORT_UNREACHABLE,
        KernelFrames.PROTOCOL_253, KernelFrames.PROTOCOL_UNREACHABLE, KernelFrames.BAD_OPTION,
        KernelFrames.PARAMETER_PROBLEM, KernelFrames.PADDED_ECHO_REQUEST, KernelFrames.PADDED_ECHO_REPLY,
        KernelFrames.ECHO_TO_REDIRECTED, KernelFrames.REDIRECT, KernelFrames.FORWARDED_ECHO,
        KernelFrames.FRAGMENT_1, KernelFrames.FRAGMENT_2, KernelFrames.FRAGMENT_3, KernelFrames.REPLY_FRAGMENT_1,
        KernelFrames.REPLY_FRAGMENT_2, KernelFrames.REPLY_FRAGMENT_3,
    };

    /** @return a view of the datagram after the frame's untagged Ethernet header, padding included */
    static Ipv4Packet ip(byte[] frame) {
        return new Ipv4Packet().wrap(MemorySegment.ofArray(frame), 14, frame.length - 14);
    }

    static Ipv4Packet checked(byte[] frame) {
        Ipv4Packet p = ip(frame);
        assertEquals(Ipv4Packet.Status.OK, p.check());
        return p;
    }

    private static Ipv4Packet view(byte[] datagram) {
        return new Ipv4Packet().wrap(MemorySegment.ofArray(datagram), 0, datagram.length);
    }

    @Test
    void kernelEchoRequestEveryField() {
        Ipv4Packet p = checked(KernelFrames.ECHO_REQUEST);
        assertEquals(4, p.version());
        assertEquals(20, p.headerLengthBytes());
        assertEquals(0, p.optionsLengthBytes());
        assertEquals(0, p.typeOfService());
        assertEquals(0, p.dscp());
        assertEquals(0, p.ecn());
        assertEquals(49, p.totalLength());
        assertEquals(29, p.payloadLength(), "8 bytes of ICMP header and 21 of data");
        assertEquals(14 + 20, p.payloadOffset());
        assertEquals(0xca58, p.identification());
        assertEquals(Ipv4Packet.FLAG_DONT_FRAGMENT, p.flagsAndFragmentOffset());
        assertTrue(p.dontFragment());
        assertFalse(p.moreFragments());
        assertEquals(0, p.fragmentOffsetBytes());
        assertFalse(p.isFragment());
        assertEquals(64, p.timeToLive());
        assertEquals(Ipv4Packet.PROTOCOL_ICMP, p.protocol());
        assertEquals(0xeb73, p.headerChecksum());
        assertTrue(p.isHeaderChecksumValid());
        assertEquals(IP_A, p.sourceAddress());
        assertEquals(IP_R, p.destinationAddress());

        Ipv4Packet reply = checked(KernelFrames.ECHO_REPLY);
        assertFalse(reply.dontFragment(), "Linux clears DF on echo replies");
        assertEquals(0x47e7, reply.identification());
        assertEquals(IP_R, reply.sourceAddress());
        assertEquals(IP_A, reply.destinationAddress());
    }

    @Test
    void everyKernelDatagramChecks() {
        for (byte[] frame : IPV4_FRAMES) {
            Ipv4Packet p = checked(frame);
            assertEquals(p.totalLength(), p.length());
            assertEquals(p.totalLength(), p.headerLengthBytes() + p.payloadLength());
            assertEquals(4, p.version());
        }
    }

    @Test
    void optionsAreSkippedNotParsed() {
        Ipv4Packet rr = checked(KernelFrames.ECHO_REQUEST_RECORD_ROUTE);
        assertEquals(60, rr.headerLengthBytes(), "IHL 15");
        assertEquals(40, rr.optionsLengthBytes());
        assertEquals(16, rr.payloadLength());
        assertEquals(14 + 60, rr.payloadOffset());
        Icmpv4Packet echo = new Icmpv4Packet().wrap(rr.segment(), rr.payloadOffset(), rr.payloadLength());
        assertEquals(Icmpv4Packet.Status.OK, echo.check(), "the ICMP message starts after the options");
        assertEquals(Icmpv4Packet.TYPE_ECHO_REQUEST, echo.type());

        Ipv4Packet badOption = checked(KernelFrames.BAD_OPTION);
        assertEquals(24, badOption.headerLengthBytes());
        assertEquals(4, badOption.optionsLengthBytes(), "a malformed option is the IP module's business, not check()'s");
    }

    @Test
    void ecnAndDscpOfTheKernelsErrors() {
        Ipv4Packet p = checked(KernelFrames.TIME_EXCEEDED);
        assertEquals(0xc0, p.typeOfService(), "RFC 1812 §4.3.2.5: errors go out with precedence 6");
        assertEquals(48, p.dscp(), "CS6");
        assertEquals(0, p.ecn());
    }

    @Test
    void kernelFragments() {
        byte[][] fragments = {KernelFrames.FRAGMENT_1, KernelFrames.FRAGMENT_2, KernelFrames.FRAGMENT_3};
        int expectedOffset = 0;
        int identification = checked(fragments[0]).identification();
        for (int i = 0; i < fragments.length; i++) {
            Ipv4Packet p = checked(fragments[i]);
            assertTrue(p.isFragment());
            assertEquals(i < 2, p.moreFragments());
            assertFalse(p.dontFragment());
            assertEquals(expectedOffset, p.fragmentOffsetBytes());
            assertEquals(identification, p.identification());
            assertTrue(p.totalLength() <= Ipv4Packet.MIN_MTU_BYTES);
            expectedOffset += p.payloadLength();
        }
        assertEquals(108, expectedOffset, "ping -s 100: 8 bytes of ICMP header and 100 of data");
        Ipv4Packet last = checked(KernelFrames.REPLY_FRAGMENT_3);
        assertEquals(96, last.fragmentOffsetBytes());
        assertEquals(12, last.payloadLength());
        assertEquals(0x000c, last.flagsAndFragmentOffset(), "offset 96 / 8 = 12, no flags");
    }

    @Test
    void paddingIsTrimmedToTotalLength() {
        Ipv4Packet p = ip(KernelFrames.PADDED_ECHO_REQUEST);
        assertEquals(46, p.length(), "the frame's payload: 32 bytes of datagram and 14 of padding");
        assertEquals(Ipv4Packet.Status.OK, p.check());
        assertEquals(32, p.length());
        assertEquals(12, p.payloadLength());
        // The kernel's reply echoes 4 data bytes: it too ended the datagram at Total Length.
        Icmpv4Packet echo = new Icmpv4Packet().wrap(p.segment(), p.payloadOffset(), p.payloadLength());
        assertEquals(Icmpv4Packet.Status.OK, echo.check(), "the checksum covers no padding");
        Ipv4Packet reply = checked(KernelFrames.PADDED_ECHO_REPLY);
        assertEquals(echo.dataLength(), reply.payloadLength() - Icmpv4Packet.HEADER_BYTES);
        // Calling check() again is harmless.
        assertEquals(Ipv4Packet.Status.OK, p.check());
        assertEquals(32, p.length());
    }

    @Test
    void truncatedAtEveryLength() {
        for (byte[] frame : new byte[][] {KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REQUEST_RECORD_ROUTE,
                KernelFrames.BAD_OPTION}) {
            byte[] datagram = KernelFrames.from(frame, 14);
            int header = view(datagram).headerLengthBytes();
            for (int length = 0; length < datagram.length; length++) {
                Ipv4Packet p = new Ipv4Packet().wrap(MemorySegment.ofArray(datagram), 0, length);
                Ipv4Packet.Status expected = length < header ? Ipv4Packet.Status.TRUNCATED_HEADER
                        : Ipv4Packet.Status.TRUNCATED;
                assertEquals(expected, p.check(), "length " + length + " of " + datagram.length);
                assertEquals(length, p.length(), "a failed check leaves the window alone");
            }
            assertEquals(Ipv4Packet.Status.OK, view(datagram).check());
        }
    }

    /** Rewrites a header field and then fixes the checksum, so that only the lie is left to find. */
    private static byte[] lying(byte[] frame, int at, int value, boolean sixteenBits) {
        byte[] datagram = KernelFrames.from(frame, 14);
        if (sixteenBits) {
            datagram[at] = (byte) (value >>> 8);
            datagram[at + 1] = (byte) value;
        } else {
            datagram[at] = (byte) value;
        }
        Ipv4Packet p = view(datagram);
        int header = Math.max(20, Math.min(p.headerLengthBytes(), datagram.length));
        datagram[10] = 0;
        datagram[11] = 0;
        int checksum = Checksum.compute(MemorySegment.ofArray(datagram), 0, header);
        datagram[10] = (byte) (checksum >>> 8);
        datagram[11] = (byte) checksum;
        return datagram;
    }

    @Test
    void lyingLengthFields() {
        byte[] echo = KernelFrames.ECHO_REQUEST;
        // Total Length beyond the bytes received (by one, and by a lot).
        assertEquals(Ipv4Packet.Status.TRUNCATED, view(lying(echo, 2, 50, true)).check());
        assertEquals(Ipv4Packet.Status.TRUNCATED, view(lying(echo, 2, 0xffff, true)).check());
        // Total Length shorter than the header: 19, and 0.
        assertEquals(Ipv4Packet.Status.BAD_TOTAL_LENGTH, view(lying(echo, 2, 19, true)).check());
        assertEquals(Ipv4Packet.Status.BAD_TOTAL_LENGTH, view(lying(echo, 2, 0, true)).check());
        // Shorter than the options: IHL 15 with Total Length 59.
        assertEquals(Ipv4Packet.Status.BAD_TOTAL_LENGTH,
                view(lying(KernelFrames.ECHO_REQUEST_RECORD_ROUTE, 2, 59, true)).check());
        // Total Length exactly the header: a datagram with no data is valid.
        byte[] headerOnly = lying(echo, 2, 20, true);
        Ipv4Packet p = view(headerOnly);
        assertEquals(Ipv4Packet.Status.OK, p.check());
        assertEquals(0, p.payloadLength());
        assertEquals(20, p.length());
        // Total Length shorter than the buffer is padding, trimmed.
        Ipv4Packet shorter = view(lying(echo, 2, 30, true));
        assertEquals(Ipv4Packet.Status.OK, shorter.check());
        assertEquals(10, shorter.payloadLength());
        // IHL below 5, for every value.
        for (int ihl = 0; ihl < 5; ihl++) {
            assertEquals(Ipv4Packet.Status.BAD_HEADER_LENGTH, view(lying(echo, 0, 0x40 | ihl, false)).check());
        }
        // IHL promising more header than there are bytes: IHL 15 in a 49-byte datagram cut to 40 bytes.
        byte[] longHeader = lying(echo, 0, 0x4f, false);
        assertEquals(Ipv4Packet.Status.TRUNCATED_HEADER,
                new Ipv4Packet().wrap(MemorySegment.ofArray(longHeader), 0, 40).check());
        // Every version but 4.
        for (int version = 0; version < 16; version++) {
            if (version != 4) {
                assertEquals(Ipv4Packet.Status.BAD_VERSION,
                        view(lying(echo, 0, (version << 4) | 5, false)).check(), "version " + version);
            }
        }
    }

    @Test
    void everySingleBitErrorInTheHeaderIsCaught() {
        for (byte[] frame : new byte[][] {KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REQUEST_RECORD_ROUTE}) {
            byte[] datagram = KernelFrames.from(frame, 14);
            int header = view(datagram).headerLengthBytes();
            for (int bit = 0; bit < header * 8; bit++) {
                byte[] corrupt = datagram.clone();
                corrupt[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                Ipv4Packet.Status status = view(corrupt).check();
                assertNotEquals(Ipv4Packet.Status.OK, status, "bit " + bit);
                if (bit >= 8) {
                    assertEquals(Ipv4Packet.Status.BAD_CHECKSUM, status, "bit " + bit + " is caught by the checksum");
                }
            }
        }
    }

    @Test
    void checkQuotedAcceptsTheKernelsTruncatedQuote() {
        // R quoted 548 of the 1328 bytes of the datagram that did not fit the next hop.
        Ipv4Packet outer = checked(KernelFrames.FRAGMENTATION_NEEDED);
        long quoteOffset = outer.payloadOffset() + Icmpv4Packet.HEADER_BYTES;
        int quoteLength = outer.payloadLength() - Icmpv4Packet.HEADER_BYTES;
        assertEquals(548, quoteLength);
        Ipv4Packet quoted = new Ipv4Packet().wrap(outer.segment(), quoteOffset, quoteLength);
        assertTrue(quoted.checkQuoted());
        assertEquals(548, quoted.length(), "checkQuoted() leaves the window alone");
        assertEquals(1328, quoted.totalLength());
        assertEquals(IP_A, quoted.sourceAddress());
        assertEquals(IP_C, quoted.destinationAddress());
        assertTrue(quoted.dontFragment());
        assertEquals(Ipv4Packet.Status.TRUNCATED, quoted.check(), "check() would refuse it");
        // A quoted header with a wrong checksum (a NAT rewrote it) is still usable.
        byte[] quote = KernelFrames.range(KernelFrames.TIME_EXCEEDED, 14 + 28, KernelFrames.TIME_EXCEEDED.length);
        quote[10] ^= 1;
        assertTrue(view(quote).checkQuoted());
        // But not one that is cut inside its header, or is no IPv4 header at all.
        assertFalse(new Ipv4Packet().wrap(MemorySegment.ofArray(quote), 0, 19).checkQuoted());
        byte[] options = KernelFrames.range(KernelFrames.PARAMETER_PROBLEM, 14 + 28,
                KernelFrames.PARAMETER_PROBLEM.length);
        assertTrue(view(options).checkQuoted());
        assertFalse(new Ipv4Packet().wrap(MemorySegment.ofArray(options), 0, 23).checkQuoted(), "IHL 6, 23 bytes");
        byte[] v6 = quote.clone();
        v6[0] = 0x65;
        assertFalse(view(v6).checkQuoted());
        byte[] ihl4 = quote.clone();
        ihl4[0] = 0x44;
        assertFalse(view(ihl4).checkQuoted());
        byte[] shortTotal = quote.clone();
        shortTotal[2] = 0;
        shortTotal[3] = 19;
        assertFalse(view(shortTotal).checkQuoted());
    }

    /** R forwarded A's echo back onto the link: our TTL decrement must produce R's bytes exactly. */
    @Test
    void decrementTimeToLiveMatchesTheKernelsForwarding() {
        byte[] datagram = KernelFrames.from(KernelFrames.ECHO_TO_REDIRECTED, 14);
        Ipv4Packet p = view(datagram);
        assertEquals(Ipv4Packet.Status.OK, p.check());
        assertTrue(p.decrementTimeToLive());
        assertArrayEquals(KernelFrames.from(KernelFrames.FORWARDED_ECHO, 14), datagram);
    }

    @Test
    void decrementTimeToLiveDownToExpiry() {
        byte[] datagram = KernelFrames.from(KernelFrames.ECHO_REQUEST_RECORD_ROUTE, 14); // with options: IHL 15
        Ipv4Packet p = view(datagram);
        for (int ttl = 64; ttl > 1; ttl--) {
            assertTrue(p.decrementTimeToLive());
            assertEquals(ttl - 1, p.timeToLive());
            assertTrue(p.isHeaderChecksumValid(), "TTL " + (ttl - 1));
            int incremental = p.headerChecksum();
            assertEquals(incremental, p.fillHeaderChecksum().headerChecksum(), "RFC 1624 equals recomputation");
        }
        byte[] expired = datagram.clone();
        assertFalse(p.decrementTimeToLive(), "TTL 1 expires here (RFC 1812 §5.3.1)");
        assertArrayEquals(expired, datagram, "an expired datagram is left as received, for the quote");
        assertFalse(checked(KernelFrames.ECHO_REQUEST_TTL_1).decrementTimeToLive());
        byte[] zero = lying(KernelFrames.ECHO_REQUEST, 8, 0, false);
        assertFalse(view(zero).decrementTimeToLive());
        assertEquals(0, view(zero).timeToLive());
    }

    /**
     * The kernel handed its UDP datagram to veth with checksum offload (CHECKSUM_PARTIAL), so the capture shows the
     * checksum field as the kernel seeds it for the device: the folded pseudo-header sum, not complemented. Our
     * pseudo-header sum must give that seed exactly; completing the checksum must give what scapy 2.5.0 computes for
     * the same datagram (0xd5c9), which then verifies.
     */
    @Test
    void pseudoHeaderSumOfTheKernelsUdp() {
        Ipv4Packet ip = checked(KernelFrames.UDP_TO_CLOSED_PORT);
        assertEquals(Ipv4Packet.PROTOCOL_UDP, ip.protocol());
        int udpLength = ip.payloadLength();
        assertEquals(16, udpLength);
        byte[] frame = KernelFrames.UDP_TO_CLOSED_PORT.clone();
        int field = 14 + 20 + 6;
        int seed = ((frame[field] & 0xff) << 8) | (frame[field + 1] & 0xff);
        assertEquals(0x8521, seed);
        assertEquals(seed, Checksum.fold(ip.pseudoHeaderSum()), "the kernel's CHECKSUM_PARTIAL seed");
        assertEquals(seed, Checksum.fold(Ipv4Packet.pseudoHeaderSum(IP_A, IP_R, Ipv4Packet.PROTOCOL_UDP, 16)));

        frame[field] = 0;
        frame[field + 1] = 0;
        MemorySegment s = MemorySegment.ofArray(frame);
        int checksum = ~Checksum.fold(Checksum.sum(ip.pseudoHeaderSum(), s, 34, udpLength)) & 0xffff;
        assertEquals(0xd5c9, checksum);
        frame[field] = (byte) (checksum >>> 8);
        frame[field + 1] = (byte) checksum;
        assertEquals(0xffff, Checksum.fold(Checksum.sum(ip.pseudoHeaderSum(), s, 34, udpLength)), "it verifies");
    }

    @Test
    void pseudoHeaderSumIsTheSumOfTheRfc768Layout() {
        Random random = new Random(768);
        for (int i = 0; i < 1000; i++) {
            int src = random.nextInt();
            int dst = random.nextInt();
            int protocol = random.nextInt(256);
            int length = random.nextInt(65536);
            byte[] pseudo = new byte[12];
            MemorySegment s = MemorySegment.ofArray(pseudo);
            pseudo[0] = (byte) (src >>> 24);
            pseudo[1] = (byte) (src >>> 16);
            pseudo[2] = (byte) (src >>> 8);
            pseudo[3] = (byte) src;
            pseudo[4] = (byte) (dst >>> 24);
            pseudo[5] = (byte) (dst >>> 16);
            pseudo[6] = (byte) (dst >>> 8);
            pseudo[7] = (byte) dst;
            pseudo[9] = (byte) protocol;
            pseudo[10] = (byte) (length >>> 8);
            pseudo[11] = (byte) length;
            assertEquals(Checksum.fold(Checksum.sum(0, s, 0, 12)),
                    Checksum.fold(Ipv4Packet.pseudoHeaderSum(src, dst, protocol, length)));
        }
    }

    /** emit(parse(p)) reproduces the kernel's option-less headers byte for byte, written over garbage. */
    @Test
    void reprEmitReproducesKernelHeaders() {
        for (byte[] frame : IPV4_FRAMES) {
            Ipv4Packet p = checked(frame);
            if (p.optionsLengthBytes() != 0) {
                continue;
            }
            Ipv4Repr repr = Ipv4Repr.parse(p);
            byte[] out = new byte[repr.bufferLength()];
            Arrays.fill(out, (byte) 0xa5);
            repr.emit(view(out));
            assertArrayEquals(KernelFrames.range(frame, 14, 34), KernelFrames.range(out, 0, 20), repr.toString());
            assertEquals((byte) 0xa5, out[20], "the payload is the caller's");
            assertEquals(repr, Ipv4Repr.parse(checkedView(out)));
        }
    }

    private static Ipv4Packet checkedView(byte[] datagram) {
        Ipv4Packet p = view(datagram);
        assertEquals(Ipv4Packet.Status.OK, p.check());
        return p;
    }

    @Test
    void reprOfAHeaderWithOptions() {
        Ipv4Repr repr = Ipv4Repr.parse(checked(KernelFrames.ECHO_REQUEST_RECORD_ROUTE));
        assertEquals(16, repr.payloadLength(), "options are not payload");
        assertEquals(36, repr.bufferLength(), "re-emitted without options");
        assertEquals(Ipv4Address.of(IP_A), repr.source());
        assertTrue(repr.dontFragment());
    }

    @Test
    void reprRoundTripsRandomHeaders() {
        Random random = new Random(791);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(100);
            for (int i = 0; i < 2000; i++) {
                Ipv4Repr r = new Ipv4Repr(random.nextInt(64), random.nextInt(4), random.nextInt(65536),
                        random.nextBoolean(), random.nextBoolean(), random.nextInt(8192) * 8, random.nextInt(256),
                        random.nextInt(256), Ipv4Address.of(random.nextInt()), Ipv4Address.of(random.nextInt()),
                        random.nextInt(60));
                s.fill((byte) random.nextInt());
                Ipv4Packet p = new Ipv4Packet().wrap(s, 1, 99);
                r.emit(p);
                Ipv4Packet q = new Ipv4Packet().wrap(s, 1, r.bufferLength());
                assertEquals(Ipv4Packet.Status.OK, q.check(), r::toString);
                assertEquals(r, Ipv4Repr.parse(q));
                assertEquals(r.isFragment(), q.isFragment());
                assertEquals(0, q.flagsAndFragmentOffset() & Ipv4Packet.FLAG_RESERVED, "emit clears the reserved bit");
            }
        }
    }

    @Test
    void reprRejectsOutOfRangeFields() {
        Ipv4Address a = Ipv4Address.of(IP_A);
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(64, 0, 0, false, false, 0, 64, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(0, 4, 0, false, false, 0, 64, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, 65536, false, false, 0, 64, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(0, 0, 0, false, true, 12, 64, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, 0, false, true, 65536, 64, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(0, 0, 0, false, false, 0, 256, 6, a, a, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Repr(0, 0, 0, false, false, 0, 64, -1, a, a, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, 0, false, false, 0, 64, 6, a, a, 65516));
        assertThrows(NullPointerException.class, () -> new Ipv4Repr(0, 0, 0, false, false, 0, 64, 6, null, a, 0));
        Ipv4Repr max = new Ipv4Repr(63, 3, 65535, true, true, 65528, 255, 255, a, a, 65515);
        assertEquals(65535, max.bufferLength());
        Ipv4Repr of = Ipv4Repr.of(a, Ipv4Address.of(IP_R), Ipv4Packet.PROTOCOL_UDP, Ipv4Repr.DEFAULT_TTL, true, 8);
        assertFalse(of.isFragment());
        assertEquals(28, of.bufferLength());
        assertThrows(IndexOutOfBoundsException.class, () -> of.emit(view(new byte[19])));
    }

    @Test
    void settersKeepTheirNeighbours() {
        byte[] datagram = KernelFrames.from(KernelFrames.ECHO_REQUEST, 14);
        Ipv4Packet p = view(datagram);
        assertSame(p, p.dscp(46).ecn(1));
        assertEquals(46, p.dscp());
        assertEquals(1, p.ecn());
        p.ecn(3);
        assertEquals(46, p.dscp(), "ECN keeps DSCP");
        p.dscp(0);
        assertEquals(3, p.ecn(), "DSCP keeps ECN");
        p.typeOfService(0);
        p.moreFragments(true).fragmentOffsetBytes(1480);
        assertTrue(p.dontFragment(), "MF and offset keep DF");
        assertTrue(p.moreFragments());
        assertEquals(1480, p.fragmentOffsetBytes());
        p.dontFragment(false).moreFragments(false);
        assertEquals(1480, p.fragmentOffsetBytes(), "flags keep the offset");
        assertTrue(p.isFragment());
        p.fragmentOffsetBytes(0).dontFragment(true);
        p.fillHeaderChecksum();
        assertArrayEquals(KernelFrames.from(KernelFrames.ECHO_REQUEST, 14), datagram, "all undone");
        assertThrows(IllegalArgumentException.class, () -> p.fragmentOffsetBytes(4));
        assertThrows(IllegalArgumentException.class, () -> p.fragmentOffsetBytes(65536));
        assertThrows(IllegalArgumentException.class, () -> p.fragmentOffsetBytes(-8));
        assertThrows(IllegalArgumentException.class, () -> p.headerLengthBytes(22));
        assertThrows(IllegalArgumentException.class, () -> p.headerLengthBytes(16));
        assertThrows(IllegalArgumentException.class, () -> p.headerLengthBytes(64));
        p.headerLengthBytes(60);
        assertEquals(0x4f, datagram[0]);
        p.headerLengthBytes(20).totalLength(49).identification(0xca58).timeToLive(64).protocol(1)
                .sourceAddress(IP_A).destinationAddress(IP_R).headerChecksum(0xeb73);
        assertArrayEquals(KernelFrames.from(KernelFrames.ECHO_REQUEST, 14), datagram);
    }

    @Test
    void emitWritesAllTwentyBytes() {
        byte[] out = new byte[49];
        Arrays.fill(out, (byte) 0xff);
        Ipv4Packet p = view(out);
        p.emit(0, 0xca58, true, 64, Ipv4Packet.PROTOCOL_ICMP, IP_A, IP_R, 29);
        assertArrayEquals(KernelFrames.range(KernelFrames.ECHO_REQUEST, 14, 34), KernelFrames.range(out, 0, 20));
        assertThrows(IllegalArgumentException.class, () -> p.emit(0, 0, false, 64, 6, 0, 0, 65516));
        assertThrows(IllegalArgumentException.class, () -> p.emit(0, 0, false, 64, 6, 0, 0, -1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new Ipv4Packet().wrap(MemorySegment.ofArray(out), 0, 19).emit(0, 0, false, 64, 6, 0, 0, 0));
    }
}
