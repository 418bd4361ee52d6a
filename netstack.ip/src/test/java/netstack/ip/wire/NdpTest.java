package netstack.ip.wire;

import static netstack.ip.wire.Ipv6TestPackets.HEX;
import static netstack.ip.wire.Ipv6TestPackets.bytes;
import static netstack.ip.wire.Ipv6TestPackets.icmp;
import static netstack.ip.wire.Ipv6TestPackets.ip;
import static netstack.ip.wire.Ipv6TestPackets.refillChecksum;
import static netstack.ip.wire.Ipv6TestPackets.stale;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;
import netstack.ip.wire.NdpPacket.Check;
import netstack.ip.wire.NdpRepr.NeighborAdvertisement;
import netstack.ip.wire.NdpRepr.NeighborSolicitation;
import netstack.ip.wire.NdpRepr.Nonce;
import netstack.ip.wire.NdpRepr.PrefixInformation;
import netstack.ip.wire.NdpRepr.Redirect;
import netstack.ip.wire.NdpRepr.RouteInformation;
import netstack.ip.wire.NdpRepr.RouterAdvertisement;
import netstack.ip.wire.NdpRepr.RouterSolicitation;
import org.junit.jupiter.api.Test;

/**
 * {@link NdpPacket}, {@link NdpOptions} and {@link NdpRepr}: the kernel's (and radvd's) messages read and rebuilt
 * byte for byte, and one violation of every RFC 4861 §6.1.1/§6.1.2/§7.1.1/§7.1.2/§8.1 rule that the packet alone
 * decides.
 */
class NdpTest {

    private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:01:0a");
    private static final MacAddress MAC_R = MacAddress.parse("02:00:00:00:01:01");
    private static final List<byte[]> GOLDEN_NDP = List.of(Ipv6Golden.DAD_NS, Ipv6Golden.NA_UNSOLICITED,
            Ipv6Golden.RS, Ipv6Golden.RA, Ipv6Golden.NS, Ipv6Golden.NA_SOLICITED_ROUTER,
            Ipv6Golden.NA_SOLICITED_NO_OPTION, Ipv6Golden.REDIRECT);

    private static NdpPacket ndp(Ipv6Packet ip) {
        Icmpv6Packet icmp = icmp(ip);
        return new NdpPacket().wrap(icmp.segment(), icmp.offset(), icmp.length());
    }

    private static Check check(byte[] packet) {
        Ipv6Packet ip = ip(packet);
        return ndp(ip).check(ip);
    }

    /** A golden packet changed by {@code change} (offsets in the IPv6 packet), with its checksum made right again. */
    private static byte[] mutate(byte[] golden, Consumer<byte[]> change) {
        byte[] b = golden.clone();
        change.accept(b);
        return refillChecksum(b);
    }

    private static void put(byte[] b, int at, String address) {
        System.arraycopy(Ipv6Address.parse(address).toBytes(), 0, b, at, 16);
    }

    @Test
    void everyGoldenMessageIsValid() {
        for (byte[] g : GOLDEN_NDP) {
            Ipv6Packet ip = ip(g);
            assertTrue(icmp(ip).checksumValid(ip));
            assertEquals(Check.OK, ndp(ip).check(ip), HEX.formatHex(g));
        }
    }

    @Test
    void kernelsDadSolicitationWithNonce() {
        Ipv6Packet ip = ip(Ipv6Golden.DAD_NS);
        NdpPacket ns = ndp(ip);
        assertEquals(Check.OK, ns.check(ip));
        assertEquals(Icmpv6Packet.NEIGHBOR_SOLICITATION, ns.type());
        assertEquals(Ipv6Address.parse("fe80::ff:fe00:10a"), ns.targetAddress());
        NdpOptions o = ns.options(new NdpOptions());
        assertEquals(Check.OK, check(Ipv6Golden.DAD_NS));
        assertEquals(NdpOptions.Check.OK, o.check());
        assertEquals(-1, o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS), "no SLLAO from ::");
        int at = o.find(NdpOptions.NONCE);
        assertEquals(0, at);
        assertTrue(o.wellFormed(at));
        assertEquals(6, o.nonceLength(at));
        assertEquals(0xa8e4_d6e7_a381L, o.nonce48(at));
        assertTrue(o.nonceEquals(at, 0xa8e4_d6e7_a381L), "RFC 7527 §4.2: our own solicitation looped back");
        assertFalse(o.nonceEquals(at, 0xa8e4_d6e7_a380L));
        assertEquals(new NeighborSolicitation(Ipv6Address.parse("fe80::ff:fe00:10a"), null,
                Nonce.of48(0xa8e4_d6e7_a381L)), NdpRepr.parse(ns));
    }

    @Test
    void kernelsNeighborMessages() {
        NdpPacket ns = ndp(ip(Ipv6Golden.NS));
        assertEquals(new NeighborSolicitation(Ipv6Address.parse("2001:db8:1::1"), MAC_A, null), NdpRepr.parse(ns));
        NdpPacket na = ndp(ip(Ipv6Golden.NA_SOLICITED_ROUTER));
        assertTrue(na.router());
        assertTrue(na.solicited());
        assertTrue(na.override());
        assertEquals(new NeighborAdvertisement(true, true, true, Ipv6Address.parse("2001:db8:1::1"), MAC_R),
                NdpRepr.parse(na));
        NdpPacket unsolicited = ndp(ip(Ipv6Golden.NA_UNSOLICITED));
        assertEquals(new NeighborAdvertisement(false, false, true, Ipv6Address.parse("fe80::ff:fe00:10a"), MAC_A),
                NdpRepr.parse(unsolicited));
        NdpPacket bare = ndp(ip(Ipv6Golden.NA_SOLICITED_NO_OPTION));
        assertEquals(new NeighborAdvertisement(false, true, false, Ipv6Address.parse("2001:db8:1::ff:fe00:10a"),
                null), NdpRepr.parse(bare));
        assertEquals(new RouterSolicitation(MAC_A), NdpRepr.parse(ndp(ip(Ipv6Golden.RS))));
    }

    @Test
    void radvdsRouterAdvertisement() {
        Ipv6Packet ip = ip(Ipv6Golden.RA);
        NdpPacket ra = ndp(ip);
        assertEquals(64, ra.curHopLimit());
        assertTrue(ra.managed());
        assertTrue(ra.otherConfiguration());
        assertEquals(0, ra.routerPreference());
        assertEquals(1800, ra.routerLifetimeSeconds());
        assertEquals(30000, ra.reachableTimeMillis());
        assertEquals(1000, ra.retransTimerMillis());
        NdpOptions o = ra.options(new NdpOptions());
        assertEquals(NdpOptions.Check.OK, o.check());
        int[] types = new int[5];
        int n = 0;
        for (int at = o.firstOption(); at >= 0; at = o.nextOption(at)) {
            assertTrue(o.wellFormed(at));
            types[n++] = o.type(at);
        }
        assertArrayEquals(new int[] {NdpOptions.PREFIX_INFORMATION, NdpOptions.ROUTE_INFORMATION,
            NdpOptions.RECURSIVE_DNS_SERVER, NdpOptions.MTU, NdpOptions.SOURCE_LINK_LAYER_ADDRESS}, types);
        int p = o.find(NdpOptions.PREFIX_INFORMATION);
        assertEquals(32, o.lengthBytes(p));
        assertEquals(64, o.prefixLength(p));
        assertTrue(o.prefixOnLink(p));
        assertTrue(o.prefixAutonomous(p));
        assertEquals(86400, o.prefixValidLifetimeSeconds(p));
        assertEquals(14400, o.prefixPreferredLifetimeSeconds(p));
        assertEquals(Ipv6Address.parse("2001:db8:1::"), o.prefix(p));
        int r = o.find(NdpOptions.ROUTE_INFORMATION);
        assertEquals(48, o.routePrefixLength(r));
        assertEquals(1, o.routePreference(r), "high");
        assertEquals(1800, o.routeLifetimeSeconds(r));
        assertEquals(0x2001_0db8_0003_0000L, o.routePrefixHigh(r));
        assertEquals(1500, o.mtu(o.find(NdpOptions.MTU)));
        assertEquals(MAC_R.bits(), o.linkLayerAddress(o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS)));
        assertEquals(-1, o.find(NdpOptions.NONCE));
        RouterAdvertisement expected = new RouterAdvertisement(64, true, true, 0, 1800, 30000, 1000, MAC_R, 1500,
                List.of(new PrefixInformation(64, true, true, 86400, 14400, Ipv6Address.parse("2001:db8:1::"))),
                List.of(new RouteInformation(48, 1, 1800, Ipv6Address.parse("2001:db8:3::"))));
        assertEquals(expected, NdpRepr.parse(ra), "RDNSS is not interpreted and is skipped");
    }

    @Test
    void optionWritersReproduceRadvdsAdvertisement() {
        // radvd's option order, through the writers; the RDNSS option, which they do not cover, copied as is.
        byte[] golden = Ipv6Golden.RA;
        Ipv6Packet ip = ip(golden);
        byte[] out = stale(golden.length);
        System.arraycopy(golden, 0, out, 0, 40);
        NdpPacket ra = new NdpPacket().wrap(MemorySegment.ofArray(out), 40, golden.length - 40);
        new RouterAdvertisement(64, true, true, 0, 1800, 30000, 1000, null, -1, List.of(), List.of()).emit(ra);
        ra.wrap(MemorySegment.ofArray(out), 40, golden.length - 40);
        NdpOptions o = ra.options(new NdpOptions());
        int at = o.writePrefixInformation(0, 64, true, true, 86400, 14400, 0x2001_0db8_0001_0000L, 0);
        // radvd sends its /48 Route Information in 24 bytes, the writer in the 16 that suffice (RFC 4191 §2.3):
        // copy that option and RDNSS as they are.
        System.arraycopy(golden, 40 + 16 + 32, out, 40 + 16 + at, 48);
        at += 48;
        at += o.writeMtu(at, 1500);
        at += o.writeLinkLayerAddress(at, NdpOptions.SOURCE_LINK_LAYER_ADDRESS, MAC_R.bits());
        assertEquals(golden.length - 56, at);
        new Icmpv6Packet().wrap(MemorySegment.ofArray(out), 40, golden.length - 40).fillChecksum(ip);
        assertArrayEquals(golden, out);
    }

    @Test
    void reprsEmitTheKernelsMessagesByteForByte() {
        Object[][] cases = {
            {Ipv6Golden.DAD_NS, new NeighborSolicitation(Ipv6Address.parse("fe80::ff:fe00:10a"), null,
                Nonce.of48(0xa8e4_d6e7_a381L))},
            {Ipv6Golden.NS, new NeighborSolicitation(Ipv6Address.parse("2001:db8:1::1"), MAC_A, null)},
            {Ipv6Golden.NA_SOLICITED_ROUTER, new NeighborAdvertisement(true, true, true,
                Ipv6Address.parse("2001:db8:1::1"), MAC_R)},
            {Ipv6Golden.NA_UNSOLICITED, new NeighborAdvertisement(false, false, true,
                Ipv6Address.parse("fe80::ff:fe00:10a"), MAC_A)},
            {Ipv6Golden.NA_SOLICITED_NO_OPTION, new NeighborAdvertisement(false, true, false,
                Ipv6Address.parse("2001:db8:1::ff:fe00:10a"), null)},
            {Ipv6Golden.RS, new RouterSolicitation(MAC_A)},
        };
        for (Object[] c : cases) {
            byte[] golden = (byte[]) c[0];
            NdpRepr repr = (NdpRepr) c[1];
            Ipv6Packet ip = ip(golden);
            assertEquals(golden.length - 40, repr.length());
            byte[] out = stale(repr.length() + 5);
            NdpPacket ndp = new NdpPacket().wrap(MemorySegment.ofArray(out), 0, out.length);
            repr.emit(ndp);
            assertEquals(repr.length(), ndp.length(), "the window is cut to the message");
            new Icmpv6Packet().wrap(ndp.segment(), 0, ndp.length()).fillChecksum(ip);
            assertArrayEquals(Arrays.copyOfRange(golden, 40, golden.length), bytes(ndp), repr.toString());
            assertEquals((byte) 0xa5, out[repr.length()], "nothing past the message");
            assertEquals(repr, NdpRepr.parse(ndp));
        }
    }

    @Test
    void kernelsRedirect() {
        Ipv6Packet ip = ip(Ipv6Golden.REDIRECT);
        NdpPacket redirect = ndp(ip);
        assertEquals(Check.OK, redirect.check(ip));
        Ipv6Address five = Ipv6Address.parse("2001:db8:1::5");
        assertEquals(five, redirect.targetAddress());
        assertEquals(five, redirect.redirectDestination(), "redirected to the on-link destination itself");
        NdpOptions o = redirect.options(new NdpOptions());
        int at = o.find(NdpOptions.REDIRECTED_HEADER);
        assertEquals(104, o.redirectedHeaderLength(at));
        Ipv6Packet quoted = new Ipv6Packet().wrap(o.segment(), o.offset() + o.redirectedHeaderOffset(at), 104);
        assertEquals(Ipv6Packet.Check.OK, quoted.check());
        assertEquals(five, quoted.destinationAddress());
        Redirect repr = new Redirect(five, five, null, 104);
        assertEquals(repr, NdpRepr.parse(redirect));
        // Rebuild it: the repr, then the quoted packet copied in, then the checksum.
        byte[] out = stale(repr.length());
        NdpPacket built = new NdpPacket().wrap(MemorySegment.ofArray(out), 0, out.length);
        repr.emit(built);
        NdpOptions bo = built.options(new NdpOptions());
        int bat = bo.find(NdpOptions.REDIRECTED_HEADER);
        MemorySegment.copy(quoted.segment(), quoted.offset(), bo.segment(),
                bo.offset() + bo.redirectedHeaderOffset(bat), 104);
        new Icmpv6Packet().wrap(built.segment(), 0, out.length).fillChecksum(ip);
        assertArrayEquals(Arrays.copyOfRange(Ipv6Golden.REDIRECT, 40, Ipv6Golden.REDIRECT.length), out);
    }

    @Test
    void routerAdvertisementAndRedirectRoundTrip() {
        RouterAdvertisement ra = new RouterAdvertisement(255, false, true, 3, 0, 0xffff_ffffL, 1, MAC_R, 9000,
                List.of(new PrefixInformation(64, true, false, NdpOptions.INFINITE_LIFETIME, 0,
                    Ipv6Address.parse("2001:db8:a::")),
                    new PrefixInformation(48, false, true, 7, 7, Ipv6Address.parse("2001:db8:b::"))),
                List.of(new RouteInformation(0, 0, 60, Ipv6Address.ANY),
                    new RouteInformation(64, 3, 60, Ipv6Address.parse("2001:db8:c:d::")),
                    new RouteInformation(96, 1, 60, Ipv6Address.parse("2001:db8:e::1:0:0"))));
        assertEquals(16 + 8 + 8 + 64 + 8 + 16 + 24, ra.length());
        Redirect redirect = new Redirect(Ipv6Address.parse("fe80::1"), Ipv6Address.parse("2001:db8::9"), MAC_R, 16);
        assertEquals(redirect.length(), new Redirect(Ipv6Address.parse("fe80::1"), Ipv6Address.parse("2001:db8::9"),
                MAC_R, 13).length(), "13 quoted bytes round up to 16");
        assertEquals(40 + 8 + 8 + 16, redirect.length());
        for (NdpRepr r : List.of(ra, redirect, new RouterSolicitation(null), new Redirect(Ipv6Address.parse("fe80::1"),
                Ipv6Address.parse("2001:db8::9"), null, -1))) {
            byte[] out = stale(r.length());
            NdpPacket p = new NdpPacket().wrap(MemorySegment.ofArray(out), 0, out.length);
            r.emit(p);
            NdpOptions o = p.options(new NdpOptions());
            assertEquals(NdpOptions.Check.OK, o.check());
            for (int at = o.firstOption(); at >= 0; at = o.nextOption(at)) {
                assertTrue(o.wellFormed(at), "option at " + at + " of " + r);
            }
            assertEquals(r, NdpRepr.parse(p));
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> ra.emit(new NdpPacket().wrap(MemorySegment.ofArray(new byte[100]), 0, 100)));
    }

    @Test
    void reprValidation() {
        Ipv6Address a = Ipv6Address.LOOPBACK;
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisement(256, false, false, 0, 0, 0, 0, null, -1, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisement(0, false, false, 4, 0, 0, 0, null, -1, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisement(0, false, false, 0, 65536, 0, 0, null, -1, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisement(0, false, false, 0, 0, 1L << 32, 0, null, -1, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisement(0, false, false, 0, 0, 0, 0, null, -2, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PrefixInformation(129, false, false, 0, 0, a));
        assertThrows(IllegalArgumentException.class, () -> new PrefixInformation(64, false, false, -1, 0, a));
        assertThrows(IllegalArgumentException.class, () -> new RouteInformation(-1, 0, 0, a));
        assertThrows(IllegalArgumentException.class, () -> new RouteInformation(0, 4, 0, a));
        assertThrows(NullPointerException.class, () -> new NeighborSolicitation(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Redirect(a, a, null, 2033));
        assertThrows(IllegalArgumentException.class, () -> new Nonce(new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> new Nonce(new byte[5]));
        byte[] raw = {1, 2, 3, 4, 5, 6};
        Nonce nonce = new Nonce(raw);
        raw[0] = 9;
        assertEquals(Nonce.of48(0x0102_0304_0506L), nonce, "copied in");
        nonce.bytes()[1] = 9;
        assertEquals(Nonce.of48(0x0102_0304_0506L), nonce, "copied out");
        assertEquals(Nonce.of48(0x0102_0304_0506L).hashCode(), nonce.hashCode());
        assertEquals("Nonce[010203040506]", nonce.toString());
        assertNotEquals(nonce, new Nonce(new byte[14]));
        assertEquals(8, new RouteInformation(0, 0, 0, a).optionLength());
        assertEquals(16, new RouteInformation(64, 0, 0, a).optionLength());
        assertEquals(24, new RouteInformation(65, 0, 0, a).optionLength());
        assertThrows(IllegalArgumentException.class, () -> NdpRepr.parse(
                new NdpPacket().wrap(MemorySegment.ofArray(Ipv6Golden.ECHO_REQUEST), 40, 64)));
    }

    // ---- the validity rules, one violation each ----

    @Test
    void hopLimitMustBe255() {
        for (byte[] g : GOLDEN_NDP) {
            for (int hopLimit : new int[] {0, 1, 64, 254}) {
                assertEquals(Check.BAD_HOP_LIMIT, check(mutate(g, b -> b[7] = (byte) hopLimit)),
                        "hop limit " + hopLimit);
            }
        }
    }

    @Test
    void codeMustBeZero() {
        for (byte[] g : GOLDEN_NDP) {
            assertEquals(Check.BAD_CODE, check(mutate(g, b -> b[41] = 1)));
            assertEquals(Check.BAD_CODE, check(mutate(g, b -> b[41] = (byte) 0xff)));
        }
    }

    @Test
    void tooShortAndTruncatedAtEveryLength() {
        for (byte[] g : GOLDEN_NDP) {
            Ipv6Packet ip = ip(g);
            int fixed = NdpPacket.optionsOffset(g[40] & 0xff);
            NdpOptions whole = ndp(ip).options(new NdpOptions());
            boolean[] boundary = new boolean[g.length - 40 + 1];
            for (int at = whole.firstOption(); at >= 0; at = whole.nextOption(at)) {
                boundary[fixed + at] = true;
            }
            boundary[fixed] = true;
            for (int n = 0; n < g.length - 40; n++) {
                NdpPacket cut = new NdpPacket().wrap(ip.segment(), 40, n);
                Check expected = n < fixed ? Check.TOO_SHORT : boundary[n] ? Check.OK : Check.TRUNCATED_OPTION;
                assertEquals(expected, cut.check(ip), "type " + (g[40] & 0xff) + " cut to " + n);
            }
        }
    }

    @Test
    void optionsOfLengthZeroInvalidateTheMessage() {
        for (byte[] g : GOLDEN_NDP) {
            int fixed = NdpPacket.optionsOffset(g[40] & 0xff);
            if (g.length - 40 > fixed) {
                assertEquals(Check.ZERO_LENGTH_OPTION, check(mutate(g, b -> b[40 + fixed + 1] = 0)));
            }
        }
        // Also one that is not the first option: the RA's MTU option.
        assertEquals(Check.ZERO_LENGTH_OPTION, check(mutate(Ipv6Golden.RA, b -> b[40 + 16 + 32 + 24 + 24 + 1] = 0)));
        // An option whose length runs past the end.
        assertEquals(Check.TRUNCATED_OPTION, check(mutate(Ipv6Golden.NS, b -> b[40 + 24 + 1] = 2)));
    }

    @Test
    void routerAdvertisementAndRedirectMustComeFromLinkLocal() {
        assertEquals(Check.SOURCE_NOT_LINK_LOCAL, check(mutate(Ipv6Golden.RA, b -> put(b, 8, "2001:db8:1::1"))));
        assertEquals(Check.SOURCE_NOT_LINK_LOCAL, check(mutate(Ipv6Golden.RA, b -> put(b, 8, "::"))));
        assertEquals(Check.SOURCE_NOT_LINK_LOCAL,
                check(mutate(Ipv6Golden.REDIRECT, b -> put(b, 8, "2001:db8:1::1"))));
        assertEquals(Check.OK, check(mutate(Ipv6Golden.RA, b -> put(b, 8, "febf::1"))), "fe80::/10");
        assertEquals(Check.SOURCE_NOT_LINK_LOCAL, check(mutate(Ipv6Golden.RA, b -> put(b, 8, "fec0::1"))));
    }

    @Test
    void solicitationsFromUnspecifiedCarryNoLinkLayerAddress() {
        assertEquals(Check.LINK_LAYER_ADDRESS_FROM_UNSPECIFIED,
                check(mutate(Ipv6Golden.RS, b -> put(b, 8, "::"))));
        assertEquals(Check.LINK_LAYER_ADDRESS_FROM_UNSPECIFIED,
                check(mutate(Ipv6Golden.NS, b -> put(b, 8, "::"))));
        // Without the option a router solicitation from :: is fine.
        byte[] bare = Arrays.copyOf(Ipv6Golden.RS, 48);
        Ipv6TestPackets.u16(bare, 4, 8);
        put(bare, 8, "::");
        assertEquals(Check.OK, check(refillChecksum(bare)));
    }

    @Test
    void dadSolicitationMustGoToASolicitedNodeGroup() {
        assertEquals(Check.DAD_NOT_TO_SOLICITED_NODE, check(mutate(Ipv6Golden.DAD_NS, b -> put(b, 24, "ff02::1"))));
        assertEquals(Check.DAD_NOT_TO_SOLICITED_NODE,
                check(mutate(Ipv6Golden.DAD_NS, b -> put(b, 24, "fe80::ff:fe00:10a"))));
        assertEquals(Check.DAD_NOT_TO_SOLICITED_NODE,
                check(mutate(Ipv6Golden.DAD_NS, b -> put(b, 24, "ff02::2:ff00:10a"))));
        assertEquals(Check.OK, check(mutate(Ipv6Golden.DAD_NS, b -> put(b, 24, "ff02::1:ffab:cdef"))));
        // From a unicast source, a solicitation may go anywhere (NUD probes are unicast).
        assertEquals(Check.OK, check(mutate(Ipv6Golden.NS, b -> put(b, 24, "2001:db8:1::1"))));
    }

    @Test
    void targetMustNotBeMulticast() {
        assertEquals(Check.TARGET_MULTICAST, check(mutate(Ipv6Golden.NS, b -> put(b, 48, "ff02::1"))));
        assertEquals(Check.TARGET_MULTICAST, check(mutate(Ipv6Golden.DAD_NS, b -> put(b, 48, "ff05::2"))));
        assertEquals(Check.TARGET_MULTICAST,
                check(mutate(Ipv6Golden.NA_SOLICITED_ROUTER, b -> put(b, 48, "ff02::1"))));
    }

    @Test
    void solicitedAdvertisementMustNotGoToMulticast() {
        assertEquals(Check.SOLICITED_TO_MULTICAST,
                check(mutate(Ipv6Golden.NA_SOLICITED_ROUTER, b -> put(b, 24, "ff02::1"))));
        assertEquals(Check.OK, check(Ipv6Golden.NA_UNSOLICITED), "S=0 to ff02::1 is the kernel's own");
        assertEquals(Check.SOLICITED_TO_MULTICAST, check(mutate(Ipv6Golden.NA_UNSOLICITED, b -> b[44] |= 0x40)));
    }

    @Test
    void redirectRules() {
        assertEquals(Check.REDIRECT_DESTINATION_MULTICAST,
                check(mutate(Ipv6Golden.REDIRECT, b -> put(b, 64, "ff02::1"))));
        assertEquals(Check.REDIRECT_BAD_TARGET,
                check(mutate(Ipv6Golden.REDIRECT, b -> put(b, 48, "2001:db8:1::6"))),
                "a global target that is not the destination");
        assertEquals(Check.OK, check(mutate(Ipv6Golden.REDIRECT, b -> put(b, 48, "fe80::1"))), "a better router");
    }

    @Test
    void notNdp() {
        Ipv6Packet ip = ip(Ipv6Golden.ECHO_REQUEST);
        assertEquals(Check.NOT_NDP, ndp(ip).check(ip));
        assertEquals(-1, NdpPacket.optionsOffset(Icmpv6Packet.ECHO_REQUEST));
        assertEquals(Check.TOO_SHORT, new NdpPacket().wrap(ip.segment(), 40, 0).check(ip));
    }

    @Test
    void checkDoesNotVerifyTheChecksumTheIcmpLayerDoes() {
        byte[] bad = Ipv6Golden.NS.clone();
        bad[43] ^= 1;
        Ipv6Packet ip = ip(bad);
        assertFalse(icmp(ip).checksumValid(ip), "the ICMPv6 layer drops it before NDP sees it");
        assertEquals(Check.OK, ndp(ip).check(ip));
    }

    // ---- options ----

    @Test
    void wellFormedByType() {
        Object[][] cases = {
            {"0300" + "00".repeat(22), false}, // checked separately: zero length
            {"030340c0" + "00".repeat(20), false}, // prefix information of length 3
            {"0502" + "00".repeat(14), false}, // MTU of length 2 (16 bytes)
            {"18024600" + "00".repeat(12), false}, // route /70 in 16 bytes
            {"18034600" + "00".repeat(20), true}, // route /70 in 24 bytes
            {"18011000" + "00".repeat(4), false}, // route /16 in 8 bytes
            {"18010000" + "00".repeat(4), true}, // default route in 8 bytes
            {"18048000" + "00".repeat(28), false}, // route option of length 4
            {"18038100" + "00".repeat(20), false}, // prefix length 129
            {"0e01" + "00".repeat(6), true}, // nonce of 6 bytes
            {"0e02" + "00".repeat(14), true}, // nonce of 14 bytes
            {"fe01" + "00".repeat(6), true}, // unknown
        };
        for (Object[] c : cases) {
            byte[] b = HEX.parseHex((String) c[0]);
            NdpOptions o = new NdpOptions().wrap(MemorySegment.ofArray(b), 0, b.length);
            if (b[1] == 0) {
                assertEquals(NdpOptions.Check.ZERO_LENGTH, o.check());
                assertEquals(0, o.badOptionOffset());
                continue;
            }
            assertEquals(NdpOptions.Check.OK, o.check(), (String) c[0]);
            assertEquals(c[1], o.wellFormed(0), (String) c[0]);
        }
        byte[] nonce14 = HEX.parseHex("0e02" + "0102030405060708090a0b0c0d0e");
        NdpOptions o = new NdpOptions().wrap(MemorySegment.ofArray(nonce14), 0, 16);
        assertEquals(14, o.nonceLength(0));
        assertFalse(o.nonceEquals(0, 0x0102_0304_0506L), "a longer nonce never equals a 6-byte one");
    }

    @Test
    void malformedKnownOptionsAreIgnoredByParse() {
        // An RA whose only Prefix Information option has length 3 and whose MTU option has length 2.
        byte[] b = Ipv6TestPackets.packet("ff02::1", 58, HEX.parseHex("86000000" + "40000708" + "0000000000000000"
                + "030340c0" + "00".repeat(20) + "05020000000005dc" + "0000000000000000"));
        b[7] = (byte) 255;
        put(b, 8, "fe80::1");
        refillChecksum(b);
        Ipv6Packet ip = ip(b);
        NdpPacket ra = ndp(ip);
        assertEquals(Check.OK, ra.check(ip));
        RouterAdvertisement repr = (RouterAdvertisement) NdpRepr.parse(ra);
        assertTrue(repr.prefixes().isEmpty());
        assertEquals(-1, repr.mtuBytes());
        assertNull(repr.sourceLinkLayerAddress());
    }

    @Test
    void optionWriters() {
        byte[] out = stale(64);
        NdpOptions o = new NdpOptions().wrap(MemorySegment.ofArray(out), 0, 64);
        assertEquals(8, o.writeRouteInformation(0, 0, 3, 5, -1L, -1L));
        assertEquals(16, o.writeRouteInformation(8, 64, 0, 5, 0x2001_0db8_0000_0001L, -1L));
        assertEquals(24, o.writeRouteInformation(24, 65, 1, 5, 0x2001_0db8_0000_0001L, 0x8000_0000_0000_0000L));
        assertEquals(16, o.writeNonce(48, new byte[14]));
        o.wrap(MemorySegment.ofArray(out), 0, 64);
        assertEquals(NdpOptions.Check.OK, o.check());
        assertEquals(3, o.routePreference(0));
        assertEquals(0, o.routePrefixHigh(0), "no prefix bytes in a length-1 option");
        assertEquals(0x2001_0db8_0000_0001L, o.routePrefixHigh(8));
        assertEquals(0, o.routePrefixLow(8));
        assertEquals(0x8000_0000_0000_0000L, o.routePrefixLow(24));
        assertEquals(-1, o.nextOption(48));
        assertThrows(IllegalArgumentException.class, () -> o.writeNonce(0, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> o.writeRedirectedHeader(0, 2033));
        byte[] r = stale(24);
        NdpOptions ro = new NdpOptions().wrap(MemorySegment.ofArray(r), 0, 24);
        assertEquals(24, ro.writeRedirectedHeader(0, 9));
        assertArrayEquals(HEX.parseHex("0403" + "00".repeat(22)), r, "header written, room zeroed");
        assertEquals(16, ro.redirectedHeaderLength(0));
    }

    @Test
    void uncheckedCursorStopsAtAZeroLength() {
        byte[] b = HEX.parseHex("0101020000000001" + "0e00000000000000" + "0101020000000002");
        NdpOptions o = new NdpOptions().wrap(MemorySegment.ofArray(b), 0, b.length);
        assertEquals(8, o.nextOption(0));
        assertEquals(-1, o.nextOption(8), "no endless loop on length 0");
        assertEquals(-1, o.find(NdpOptions.SOURCE_LINK_LAYER_ADDRESS + 100));
        assertEquals(NdpOptions.Check.ZERO_LENGTH, o.check());
        assertEquals(8, o.badOptionOffset());
        assertEquals(-1, new NdpOptions().wrap(MemorySegment.ofArray(b), 0, 1).firstOption());
    }

    @Test
    void optionsCheckAtEveryLength() {
        Ipv6Packet ip = ip(Ipv6Golden.RA);
        NdpOptions full = ndp(ip).options(new NdpOptions());
        int length = full.length();
        for (int n = 0; n <= length; n++) {
            NdpOptions o = new NdpOptions().wrap(full.segment(), full.offset(), n);
            boolean boundary = n == 0 || n == 32 || n == 56 || n == 80 || n == 88 || n == 96;
            assertEquals(boundary ? NdpOptions.Check.OK : NdpOptions.Check.TRUNCATED, o.check(), "length " + n);
            if (!boundary) {
                assertTrue(o.badOptionOffset() >= 0);
            }
        }
        assertEquals(96, length);
    }
}
