package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import netstack.api.admin.AddressState;
import netstack.api.link.PacketBuffer;
import netstack.api.net.Ipv6Address;
import netstack.api.net.MacAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6, NDP, DAD and ICMPv6 through the stack's data path, with frames built field by field here (RFC 8200,
 * RFC 4443, RFC 4861, RFC 4862) and a manual clock: DAD's RetransTimer is driven by calling the link's timer with
 * the clock's time, never by sleeping. Leak tracking is on.
 */
class Ipv6LayerTest {

    private static final long OUR_MAC = MacAddress.parse("02:00:00:00:00:01").bits();
    private static final long PEER_MAC = MacAddress.parse("02:00:5e:00:53:01").bits();
    private static final Ipv6Address OURS = Ipv6Address.parse("2001:db8::2");
    private static final Ipv6Address PEER = Ipv6Address.parse("2001:db8::1");
    /** fe80:: + modified EUI-64 of 02:00:00:00:00:01. */
    private static final Ipv6Address OUR_LINK_LOCAL = Ipv6Address.parse("fe80::ff:fe00:1");

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private PacketPool pool;
    private Stack stack;
    private FakeLinkDriver eth;
    private Nic nic;

    @BeforeEach
    void setUp() {
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        stack = new Stack(pool, clock::get);
        eth = FakeLinkDriver.ethernet("eth0", "eth0");
        stack.bindDriver(eth);
        stack.configure("netstack.interface~eth0",
                InterfaceSettings.parse("eth0", new String[] {"2001:db8::2/64"}, new String[0], 0));
        nic = stack.find("eth0");
    }

    @AfterEach
    void tearDown() {
        stack.close();
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    private AddressState state(Ipv6Address a) {
        return nic.ipv6.address(a.high(), a.low()).state;
    }

    private void passDad() {
        clock.addAndGet(Ipv6Link.RETRANS_TIMER_NANOS);
        nic.ipv6.dadTimer(clock.get());
        eth.transmitted.clear();
    }

    @Test
    void configuringStartsDadWithAnMldReportAndASolicitationFromTheUnspecifiedAddress() {
        assertEquals(AddressState.TENTATIVE, state(OURS));
        assertEquals(AddressState.TENTATIVE, state(OUR_LINK_LOCAL));
        boolean sawDadNs = false;
        boolean sawMld = false;
        for (byte[] f : eth.transmitted) {
            int nextHeader = f[14 + 6] & 0xff;
            if (nextHeader == 58 && (f[54] & 0xff) == 135) {
                assertEquals(255, f[14 + 7] & 0xff, "NDP hop limit");
                assertEquals(0, ByteBuffer.wrap(f, 14 + 8, 16).getLong() | ByteBuffer.wrap(f, 14 + 16, 8).getLong(),
                        "DAD solicitations come from ::");
                assertEquals(0x3333ff00L, TestFrames.mac(f, 0) >>> 16 & 0xffff_ff00L, "to a solicited-node MAC");
                assertEquals(14 + 40 + 24, f.length, "no source link-layer address option");
                sawDadNs = true;
            }
            if (nextHeader == 0) {
                assertEquals(143, f[14 + 40 + 8] & 0xff, "an MLDv2 report after the hop-by-hop header");
                assertEquals(5, f[14 + 40 + 2] & 0xff, "with a Router Alert option");
                sawMld = true;
            }
        }
        assertTrue(sawDadNs && sawMld, "DAD solicitation and MLD report sent");
        // Tentative: not used, so a solicitation for it from a neighbor is not answered.
        eth.transmitted.clear();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        assertTrue(eth.transmitted.isEmpty());
        clock.addAndGet(Ipv6Link.RETRANS_TIMER_NANOS);
        nic.ipv6.dadTimer(clock.get());
        assertEquals(AddressState.PREFERRED, state(OURS));
        assertEquals(AddressState.PREFERRED, state(OUR_LINK_LOCAL));
        // RFC 4861 §7.2.6: each new address is announced with an unsolicited advertisement to all-nodes.
        int announcements = 0;
        for (byte[] f : eth.transmitted) {
            if ((f[14 + 6] & 0xff) == 58 && (f[54] & 0xff) == 136) {
                assertEquals(0x3333_0000_0001L, TestFrames.mac(f, 0), "to all-nodes");
                assertEquals(0x20, f[54 + 4] & 0xe0, "Override set, Solicited and Router clear");
                announcements++;
            }
        }
        assertEquals(2, announcements, "the global and the link-local address");
    }

    @Test
    void anAdvertisementForATentativeAddressMakesItDuplicate() {
        eth.receive(neighborAdvertisement(PEER_MAC, PEER, Ipv6Address.ALL_NODES, OURS));
        assertEquals(AddressState.DUPLICATE, state(OURS));
        clock.addAndGet(Ipv6Link.RETRANS_TIMER_NANOS);
        nic.ipv6.dadTimer(clock.get());
        assertEquals(AddressState.DUPLICATE, state(OURS), "a duplicate stays duplicate");
        assertEquals(AddressState.PREFERRED, state(OUR_LINK_LOCAL));
        assertEquals(1, stack.counters.get(StackCounter.IPV6_DAD_DUPLICATES));
    }

    @Test
    void carrierComingBackRunsDadAgain() {
        passDad();
        eth.context.linkStateChanged(false);
        eth.context.linkStateChanged(true);
        assertEquals(AddressState.TENTATIVE, state(OURS));
        assertEquals(AddressState.TENTATIVE, state(OUR_LINK_LOCAL));
        assertEquals(2, eth.transmitted.stream().filter(f -> (f[14 + 6] & 0xff) == 58 && (f[54] & 0xff) == 135)
                .count(), "a DAD solicitation per address");
        passDad();
        assertEquals(AddressState.PREFERRED, state(OURS));
        assertEquals(2, stack.counters.get(StackCounter.ICMPV6_OUT_ROUTER_SOLICITS), "and a new solicitation");
    }

    @Test
    void aDadSolicitationForATentativeAddressMakesItDuplicate() {
        eth.receive(neighborSolicitation(Ipv6Address.ANY, OURS.solicitedNode(), OURS, false));
        assertEquals(AddressState.DUPLICATE, state(OURS));
    }

    @Test
    void aSolicitationIsAnsweredWithASolicitedOverridingAdvertisementAndTheAskerLearned() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        assertEquals(1, eth.transmitted.size());
        byte[] na = eth.transmitted.get(0);
        assertEquals(PEER_MAC, TestFrames.mac(na, 0), "unicast to the asker");
        assertEquals(136, na[54] & 0xff);
        assertEquals(0x60, na[54 + 4] & 0xff, "Solicited and Override, not Router");
        assertEquals(2, na[54 + 24] & 0xff, "a Target Link-Layer Address option");
        assertEquals(OUR_MAC, TestFrames.mac(na, 54 + 26));
        assertEquals(0, TestFrames.checksum(pseudo(na), 0, pseudo(na).length), "ICMPv6 checksum verifies");
        assertTrue(stack.neighbors().stream().anyMatch(n -> n.address().equals(PEER)
                && n.macAddress().bits() == PEER_MAC));
    }

    @Test
    void aDadSolicitationForOurAddressIsAnsweredToAllNodes() {
        passDad();
        eth.receive(neighborSolicitation(Ipv6Address.ANY, OURS.solicitedNode(), OURS, false));
        byte[] na = eth.transmitted.get(0);
        assertEquals(0x3333_0000_0001L, TestFrames.mac(na, 0));
        assertEquals(0x20, na[54 + 4] & 0xff, "Override only: RFC 4861 §7.2.4");
    }

    @Test
    void echoRequestsAreAnswered() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true)); // teach it the peer's MAC
        eth.transmitted.clear();
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 58, 64, icmpEcho(PEER, OURS, 128, 0x1234, 7, data)));
        assertEquals(1, eth.transmitted.size());
        byte[] reply = eth.transmitted.get(0);
        assertEquals(129, reply[54] & 0xff);
        assertEquals(0x1234, TestFrames.u16(reply, 58));
        assertEquals(7, TestFrames.u16(reply, 60));
        byte[] echoed = java.util.Arrays.copyOfRange(reply, 62, reply.length);
        assertArrayEquals(data, echoed);
        assertEquals(0, TestFrames.checksum(pseudo(reply), 0, pseudo(reply).length), "ICMPv6 checksum verifies");
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_ECHO_REPLIES));
    }

    @Test
    void anUnknownNextHeaderIsAnsweredWithParameterProblemCode1PointingAtIt() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        eth.transmitted.clear();
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 253, 64, new byte[8]));
        byte[] error = eth.transmitted.get(0);
        assertEquals(4, error[54] & 0xff);
        assertEquals(1, error[55] & 0xff);
        assertEquals(6, TestFrames.u32(error, 58), "pointer at the IPv6 Next Header field");
        assertEquals(1, stack.counters.get(StackCounter.IPV6_IN_UNKNOWN_PROTOS));
    }

    @Test
    void anUnknownHopByHopOptionOfAction10IsAnsweredWithParameterProblemCode2() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        eth.transmitted.clear();
        // Hop-by-hop: next header 59, length 0, option type 0x80 (action 10: discard and report), length 4.
        byte[] hopByHop = {59, 0, (byte) 0x80, 4, 0, 0, 0, 0};
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 0, 64, hopByHop));
        byte[] error = eth.transmitted.get(0);
        assertEquals(4, error[54] & 0xff);
        assertEquals(2, error[55] & 0xff, "unrecognized IPv6 option");
        assertEquals(42, TestFrames.u32(error, 58), "pointer at the option's type byte");
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_PARM_PROBLEMS));
    }

    @Test
    void aLinkLocalEchoNeedsExactlyOneEthernetInterface() {
        passDad();
        FakeLinkDriver second = FakeLinkDriver.ethernet("eth1", "eth1");
        stack.bindDriver(second);
        org.junit.jupiter.api.Assertions.assertThrows(netstack.api.socket.NetworkUnreachableException.class,
                () -> stack.echo(Ipv6Address.parse("fe80::1"), 8, java.time.Duration.ofMillis(1)));
    }

    @Test
    void ndpWithAHopLimitBelow255IsDiscarded() {
        passDad();
        byte[] ns = neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true);
        ns[14 + 7] = 64;
        eth.receive(ns);
        assertTrue(eth.transmitted.isEmpty());
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_IN_ERRORS));
    }

    @Test
    void packetsForOthersAndUnjoinedGroupsAreDropped() {
        passDad();
        eth.receive(ipv6(OUR_MAC, PEER, Ipv6Address.parse("2001:db8::9"), 58, 64,
                icmpEcho(PEER, Ipv6Address.parse("2001:db8::9"), 128, 1, 1, new byte[4])));
        eth.receive(ipv6(0x3333_0000_0005L, PEER, Ipv6Address.parse("ff02::5"), 58, 64,
                icmpEcho(PEER, Ipv6Address.parse("ff02::5"), 128, 1, 1, new byte[4])));
        assertTrue(eth.transmitted.isEmpty());
        assertEquals(2, stack.counters.get(StackCounter.IPV6_IN_ADDR_ERRORS));
    }

    @Test
    void aFragmentedEchoIsReassembledAndAnsweredInFragments() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        eth.transmitted.clear();
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        byte[] echo = icmpEcho(PEER, OURS, 128, 0x4242, 1, data);
        int split = 1448;
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 44, 64, fragment(58, 0, true, 77, echo, 0, split)));
        assertTrue(eth.transmitted.isEmpty(), "held until the rest arrives");
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 44, 64, fragment(58, split, false, 77, echo, split, echo.length)));
        assertEquals(1, stack.counters.get(StackCounter.IPV6_REASM_OKS));
        // 3008 bytes of ICMPv6 in 1500-byte packets: 1448 + 1448 + 112 bytes behind IPv6 and Fragment headers.
        assertEquals(3, eth.transmitted.size());
        ByteBuffer reply = ByteBuffer.allocate(echo.length);
        int id = -1;
        for (int i = 0; i < 3; i++) {
            byte[] f = eth.transmitted.get(i);
            assertEquals(44, f[14 + 6] & 0xff, "a Fragment header follows the IPv6 header");
            assertTrue(f.length - 14 <= 1500);
            int offsetFlags = TestFrames.u16(f, 54 + 2);
            assertEquals(i < 2 ? 1 : 0, offsetFlags & 1, "M flag");
            assertEquals(reply.position(), offsetFlags & 0xfff8, "offset");
            if (id == -1) {
                id = TestFrames.u32(f, 54 + 4);
            }
            assertEquals(id, TestFrames.u32(f, 54 + 4), "one identification");
            reply.put(f, 62, f.length - 62);
        }
        byte[] r = reply.array();
        assertEquals(129, r[0] & 0xff);
        assertArrayEquals(data, java.util.Arrays.copyOfRange(r, 8, r.length));
        assertEquals(3, stack.counters.get(StackCounter.IPV6_FRAG_CREATES));
    }

    @Test
    void aReassemblyThatTimesOutIsAnsweredWithTimeExceededCode1() {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        eth.transmitted.clear();
        byte[] echo = icmpEcho(PEER, OURS, 128, 1, 1, new byte[2000]);
        eth.receive(ipv6(OUR_MAC, PEER, OURS, 44, 64, fragment(58, 0, true, 5, echo, 0, 1000)));
        clock.addAndGet(59_000_000_000L);
        stack.ipv6().expireFragments(clock.get());
        assertTrue(eth.transmitted.isEmpty(), "not yet: RFC 8200 §4.5 waits 60 seconds");
        clock.addAndGet(2_000_000_000L);
        stack.ipv6().expireFragments(clock.get());
        byte[] error = eth.transmitted.get(0);
        assertEquals(3, error[54] & 0xff, "Time Exceeded");
        assertEquals(1, error[55] & 0xff, "fragment reassembly time exceeded");
        assertEquals(0x6000_0000, TestFrames.u32(error, 62) & 0xf000_0000, "quoting the first fragment");
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_TIME_EXCEEDS));
    }

    @Test
    void aRouterAdvertisementConfiguresAnAddressAPrefixRouteAndADefaultRouteThatExpire() {
        passDad();
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_ROUTER_SOLICITS),
                "a Router Solicitation once the link-local address is usable");
        Ipv6Address router = Ipv6Address.parse("fe80::1");
        Ipv6Address slaac = Ipv6Address.parse("2001:db8:1::ff:fe00:1");
        eth.receive(routerAdvertisement(router, 1800, Ipv6Address.parse("2001:db8:1::"), 3600, 1800));
        assertEquals(AddressState.TENTATIVE, state(slaac));
        assertTrue(stack.routes().stream().anyMatch(r -> r.destination().toString().equals("::/0")
                && router.equals(r.gateway()) && r.origin() == netstack.api.admin.RouteOrigin.ROUTER_ADVERTISEMENT),
                stack.routes().toString());
        assertTrue(stack.routes().stream().anyMatch(r -> r.destination().toString().equals("2001:db8:1::/64")
                && r.gateway() == null), stack.routes().toString());
        passDad();
        assertEquals(AddressState.PREFERRED, state(slaac));
        // The default route works: a packet to 2001:db8:1:5::1 (off-link) goes to the router, from the SLAAC address
        // (RFC 6724 rule 8: it shares the longest prefix with the destination).
        eth.receive(neighborAdvertisementFrom(router));
        stack.ipv6().send(echoPayload(), 0, 0, 0x2001_0db8_0001_0005L, 1, 58, 64, 0, true, clock.get());
        byte[] out = eth.transmitted.get(eth.transmitted.size() - 1);
        assertEquals(PEER_MAC, TestFrames.mac(out, 0), "to the router's MAC");
        assertEquals(slaac.high(), ByteBuffer.wrap(out, 22, 8).getLong(), "from the autoconfigured address");
        assertEquals(slaac.low(), ByteBuffer.wrap(out, 30, 8).getLong());

        clock.addAndGet(1801_000_000_000L);
        nic.ipv6.lifetimeTimer(clock.get());
        assertEquals(AddressState.DEPRECATED, state(slaac), "preferred lifetime over");
        assertTrue(stack.routes().stream().noneMatch(r -> r.destination().toString().equals("::/0")),
                "router lifetime over");
        clock.addAndGet(1800_000_000_000L);
        nic.ipv6.lifetimeTimer(clock.get());
        assertEquals(null, nic.ipv6.address(slaac.high(), slaac.low()), "valid lifetime over");
        assertTrue(stack.routes().stream().noneMatch(r -> r.destination().toString().equals("2001:db8:1::/64")));
    }

    private PacketBuffer echoPayload() {
        PacketBuffer b = pool.allocate(16, 64);
        b.append(16);
        b.segment().fill((byte) 0);
        b.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, b.start(), (byte) 128);
        return b;
    }

    // ---- frames ----

    @Test
    void anMldQueryIsAnsweredWithAReportOfTheGroupsWeListenTo() {
        passDad();
        Ipv6Address router = Ipv6Address.parse("fe80::1");
        // MLDv2 general query (RFC 3810 §5.1): max response code 1000 ms, group ::, no sources.
        ByteBuffer q = ByteBuffer.allocate(28);
        q.put((byte) 130).put((byte) 0).putShort((short) 0).putShort((short) 1000).putShort((short) 0)
                .putLong(0).putLong(0).put((byte) 2).put((byte) 125).putShort((short) 0);
        byte[] query = icmp(router, Ipv6Address.ALL_NODES, q.array());
        // Hop-by-hop header with Router Alert (MLD) before the query, hop limit 1.
        ByteBuffer hbh = ByteBuffer.allocate(8 + query.length);
        hbh.put((byte) 58).put((byte) 0).put((byte) 5).put((byte) 2).putShort((short) 0).put((byte) 1).put((byte) 0)
                .put(query);
        eth.receive(ipv6(0x3333_0000_0001L, router, Ipv6Address.ALL_NODES, 0, 1, hbh.array()));
        assertTrue(eth.transmitted.isEmpty(), "the answer waits a random delay");
        nic.ipv6.mldAnswer(clock.get() + java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
        assertEquals(1, eth.transmitted.size());
        byte[] report = eth.transmitted.get(0);
        assertEquals(0x3333_0000_0016L, TestFrames.mac(report, 0), "to all MLDv2 routers");
        int icmpAt = 14 + 40 + 8;
        assertEquals(143, report[icmpAt] & 0xff, "an MLDv2 report");
        assertEquals(2, ByteBuffer.wrap(report).getShort(icmpAt + 6), "two groups: global and link-local");
        assertEquals(2, report[icmpAt + 8], "MODE_IS_EXCLUDE, a current-state record");
        eth.transmitted.clear();
        nic.ipv6.mldAnswer(clock.get() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2));
        assertTrue(eth.transmitted.isEmpty(), "one answer per query");

        // A query without the Router Alert option is invalid (RFC 3810 §6.2): ignored.
        eth.receive(ipv6(0x3333_0000_0001L, router, Ipv6Address.ALL_NODES, 58, 1, query));
        nic.ipv6.mldAnswer(clock.get() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
        assertTrue(eth.transmitted.isEmpty());
    }

    // ---- forwarding (RFC 8200 §3, RFC 4443) ----

    private static final long ETH1_MAC = MacAddress.parse("02:00:00:00:00:11").bits();
    private static final long FAR_MAC = MacAddress.parse("02:00:5e:00:53:09").bits();
    private static final Ipv6Address FAR = Ipv6Address.parse("2001:db8:2::9");

    /** A second interface, eth1 with 2001:db8:2::1/64 and the given MTU, past DAD; the peer's MAC known on eth0. */
    private FakeLinkDriver router(int eth1MtuBytes) {
        passDad();
        eth.receive(neighborSolicitation(PEER, OURS.solicitedNode(), OURS, true));
        FakeLinkDriver eth1 = new FakeLinkDriver("eth1", netstack.api.link.LinkType.ETHERNET, 1500,
                new MacAddress(ETH1_MAC), "eth1");
        stack.bindDriver(eth1);
        stack.configure("netstack.interface~eth1",
                InterfaceSettings.parse("eth1", new String[] {"2001:db8:2::1/64"}, new String[0], eth1MtuBytes));
        clock.addAndGet(Ipv6Link.RETRANS_TIMER_NANOS);
        stack.find("eth1").ipv6.dadTimer(clock.get());
        eth1.transmitted.clear();
        eth.transmitted.clear();
        return eth1;
    }

    private static byte[] echoTo(Ipv6Address dst, int hopLimit, int dataBytes) {
        return ipv6(OUR_MAC, PEER, dst, 58, hopLimit, icmpEcho(PEER, dst, 128, 0x77, 1, new byte[dataBytes]));
    }

    /** The only frame sent on eth0, an ICMPv6 error to the peer. */
    private byte[] errorToPeer() {
        assertEquals(1, eth.transmitted.size());
        byte[] error = eth.transmitted.remove(0);
        assertEquals(PEER_MAC, TestFrames.mac(error, 0));
        assertEquals(PEER.high(), ByteBuffer.wrap(error, 14 + 24, 8).getLong(), "to the packet's source");
        assertEquals(PEER.low(), ByteBuffer.wrap(error, 14 + 32, 8).getLong());
        assertEquals(0, TestFrames.checksum(pseudo(error), 0, pseudo(error).length), "ICMPv6 checksum verifies");
        return error;
    }

    @Test
    void ipv6ForwardingIsOffByDefaultSoPacketsForOthersAreDroppedAndCounted() {
        FakeLinkDriver eth1 = router(0);
        eth.receive(echoTo(FAR, 5, 16));
        assertTrue(eth1.transmitted.isEmpty());
        assertTrue(eth.transmitted.isEmpty(), "a host answers nothing");
        assertEquals(1, stack.counters.get(StackCounter.IPV6_IN_ADDR_ERRORS));
        assertEquals(0, stack.counters.get(StackCounter.IPV6_FORW_DATAGRAMS));
    }

    @Test
    void aForwardedPacketGoesToTheNextHopWithItsHopLimitDecremented() {
        FakeLinkDriver eth1 = router(0);
        stack.ipv6().forwarding(true);
        byte[] sent = echoTo(FAR, 5, 16);
        eth.receive(sent);
        byte[] ns = eth1.transmitted.remove(0);
        assertEquals(135, ns[54] & 0xff, "the router resolves the next hop on eth1");
        eth1.receive(withEthDst(neighborAdvertisement(FAR_MAC, FAR, Ipv6Address.parse("2001:db8:2::1"), FAR),
                ETH1_MAC));
        byte[] forwarded = eth1.transmitted.remove(0);
        assertEquals(FAR_MAC, TestFrames.mac(forwarded, 0));
        assertEquals(ETH1_MAC, TestFrames.mac(forwarded, 6));
        assertEquals(4, forwarded[14 + 7], "Hop Limit decremented");
        sent[14 + 7] = 4;
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 14, sent.length),
                java.util.Arrays.copyOfRange(forwarded, 14, forwarded.length), "otherwise unchanged");
        assertEquals(1, stack.counters.get(StackCounter.IPV6_FORW_DATAGRAMS));
        assertTrue(eth.transmitted.isEmpty());
    }

    @Test
    void aPacketWhoseHopLimitExpiresIsAnsweredWithTimeExceededCode0() {
        FakeLinkDriver eth1 = router(0);
        stack.ipv6().forwarding(true);
        eth.receive(echoTo(FAR, 1, 16));
        byte[] error = errorToPeer();
        assertEquals(3, error[54] & 0xff, "Time Exceeded");
        assertEquals(0, error[55] & 0xff, "hop limit exceeded in transit");
        assertEquals(OURS.high(), ByteBuffer.wrap(error, 14 + 8, 8).getLong(), "from our address on that link");
        assertEquals(OURS.low(), ByteBuffer.wrap(error, 14 + 16, 8).getLong());
        assertEquals(0x6000_0000, TestFrames.u32(error, 62) & 0xf000_0000, "quoting the packet");
        assertTrue(eth1.transmitted.isEmpty());
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_TIME_EXCEEDS));
        assertEquals(0, stack.counters.get(StackCounter.IPV6_FORW_DATAGRAMS));
    }

    @Test
    void aPacketWithoutARouteIsAnsweredWithDestinationUnreachableCode0() {
        FakeLinkDriver eth1 = router(0);
        stack.ipv6().forwarding(true);
        eth.receive(echoTo(Ipv6Address.parse("2001:db8:99::1"), 5, 16));
        byte[] error = errorToPeer();
        assertEquals(1, error[54] & 0xff, "Destination Unreachable");
        assertEquals(0, error[55] & 0xff, "no route to destination");
        assertTrue(eth1.transmitted.isEmpty());
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_DEST_UNREACHS));
        assertEquals(1, stack.counters.get(StackCounter.IPV6_OUT_NO_ROUTES));
    }

    @Test
    void aPacketTooBigForTheOutgoingLinkIsAnsweredWithPacketTooBigAndItsMtuNeverFragmented() {
        FakeLinkDriver eth1 = router(1280);
        stack.ipv6().forwarding(true);
        eth.receive(echoTo(FAR, 5, 1400 - 48));
        byte[] error = errorToPeer();
        assertEquals(2, error[54] & 0xff, "Packet Too Big");
        assertEquals(0, error[55] & 0xff);
        assertEquals(1280, TestFrames.u32(error, 58), "with the next-hop MTU");
        assertEquals(14 + 1280, error.length, "quoting as much as fits in the minimum MTU");
        assertTrue(eth1.transmitted.isEmpty(), "routers never fragment (RFC 8200 §5)");
        assertEquals(1, stack.counters.get(StackCounter.ICMPV6_OUT_PKT_TOO_BIGS));
        assertEquals(1, stack.counters.get(StackCounter.IPV6_IN_TOO_BIG_ERRORS));
        assertEquals(0, stack.counters.get(StackCounter.IPV6_FRAG_CREATES));
    }

    @Test
    void linkLocalSourcesAndDestinationsAndMulticastAreNeverForwarded() {
        FakeLinkDriver eth1 = router(0);
        stack.ipv6().forwarding(true);
        Ipv6Address linkLocalPeer = Ipv6Address.parse("fe80::5e:1");
        eth.receive(ipv6(OUR_MAC, linkLocalPeer, FAR, 58, 5, icmpEcho(linkLocalPeer, FAR, 128, 1, 1, new byte[8])));
        Ipv6Address linkLocalFar = Ipv6Address.parse("fe80::9");
        eth.receive(ipv6(OUR_MAC, PEER, linkLocalFar, 58, 5, icmpEcho(PEER, linkLocalFar, 128, 1, 1, new byte[8])));
        Ipv6Address globalGroup = Ipv6Address.parse("ff0e::101");
        eth.receive(ipv6(0x3333_0000_0101L, PEER, globalGroup, 58, 5,
                icmpEcho(PEER, globalGroup, 128, 1, 1, new byte[8])));
        assertTrue(eth1.transmitted.isEmpty());
        assertTrue(eth.transmitted.isEmpty(), "and no errors about them");
        assertEquals(3, stack.counters.get(StackCounter.IPV6_IN_ADDR_ERRORS));
        assertEquals(0, stack.counters.get(StackCounter.IPV6_FORW_DATAGRAMS));
    }

    private static byte[] withEthDst(byte[] frame, long mac) {
        ByteBuffer.wrap(frame).putShort(0, (short) (mac >>> 32)).putInt(2, (int) mac);
        return frame;
    }

    private static byte[] routerAdvertisement(Ipv6Address router, int routerLifetime, Ipv6Address prefix,
            int valid, int preferred) {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + 32);
        b.put((byte) 134).put((byte) 0).putShort((short) 0).put((byte) 64).put((byte) 0)
                .putShort((short) routerLifetime).putInt(0).putInt(0);
        b.put((byte) 1).put((byte) 1).putShort((short) (PEER_MAC >>> 32)).putInt((int) PEER_MAC);
        b.put((byte) 3).put((byte) 4).put((byte) 64).put((byte) 0xc0).putInt(valid).putInt(preferred).putInt(0)
                .putLong(prefix.high()).putLong(prefix.low());
        Ipv6Address dst = Ipv6Address.ALL_NODES;
        return ipv6(0x3333_0000_0001L, router, dst, 58, 255, icmp(router, dst, b.array()));
    }

    private static byte[] neighborAdvertisementFrom(Ipv6Address router) {
        return neighborAdvertisement(PEER_MAC, router, OUR_LINK_LOCAL, router);
    }

    private static byte[] fragment(int nextHeader, int offset, boolean more, int id, byte[] whole, int from,
            int to) {
        ByteBuffer b = ByteBuffer.allocate(8 + to - from);
        b.put((byte) nextHeader).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id);
        b.put(whole, from, to - from);
        return b.array();
    }

    private static byte[] ipv6(long ethDst, Ipv6Address src, Ipv6Address dst, int nextHeader, int hopLimit,
            byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + payload.length);
        b.putShort((short) (ethDst >>> 32)).putInt((int) ethDst);
        b.putShort((short) (PEER_MAC >>> 32)).putInt((int) PEER_MAC);
        b.putShort((short) 0x86dd);
        b.putInt(0x6000_0000).putShort((short) payload.length).put((byte) nextHeader).put((byte) hopLimit);
        b.putLong(src.high()).putLong(src.low()).putLong(dst.high()).putLong(dst.low());
        b.put(payload);
        return b.array();
    }

    private static byte[] icmp(Ipv6Address src, Ipv6Address dst, byte[] message) {
        ByteBuffer p = ByteBuffer.allocate(40 + message.length);
        p.putLong(src.high()).putLong(src.low()).putLong(dst.high()).putLong(dst.low());
        p.putInt(message.length).putInt(58).put(message);
        int sum = TestFrames.checksum(p.array(), 0, p.capacity());
        ByteBuffer.wrap(message).putShort(2, (short) sum);
        return message;
    }

    private static byte[] icmpEcho(Ipv6Address src, Ipv6Address dst, int type, int id, int seq, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        return icmp(src, dst, b.array());
    }

    private static byte[] neighborSolicitation(Ipv6Address src, Ipv6Address dst, Ipv6Address target,
            boolean withSourceMac) {
        ByteBuffer b = ByteBuffer.allocate(24 + (withSourceMac ? 8 : 0));
        b.put((byte) 135).put((byte) 0).putShort((short) 0).putInt(0).putLong(target.high()).putLong(target.low());
        if (withSourceMac) {
            b.put((byte) 1).put((byte) 1).putShort((short) (PEER_MAC >>> 32)).putInt((int) PEER_MAC);
        }
        long ethDst = dst.isMulticast() ? 0x3333_0000_0000L | (dst.low() & 0xffff_ffffL) : OUR_MAC;
        return ipv6(ethDst, src, dst, 58, 255, icmp(src, dst, b.array()));
    }

    private static byte[] neighborAdvertisement(long mac, Ipv6Address src, Ipv6Address dst, Ipv6Address target) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 136).put((byte) 0).putShort((short) 0).putInt(0x2000_0000).putLong(target.high())
                .putLong(target.low());
        b.put((byte) 2).put((byte) 1).putShort((short) (mac >>> 32)).putInt((int) mac);
        long ethDst = dst.isMulticast() ? 0x3333_0000_0000L | (dst.low() & 0xffff_ffffL) : OUR_MAC;
        return ipv6(ethDst, src, dst, 58, 255, icmp(src, dst, b.array()));
    }

    /** The pseudo-header followed by the ICMPv6 message of a sent frame, for checking its checksum. */
    private static byte[] pseudo(byte[] frame) {
        int length = frame.length - 54;
        ByteBuffer p = ByteBuffer.allocate(40 + length);
        p.put(frame, 14 + 8, 32).putInt(length).putInt(58).put(frame, 54, length);
        return p.array();
    }
}
