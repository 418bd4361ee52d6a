package netstack.ip.internal;

import static netstack.ip.internal.TestFrames.BROADCAST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import netstack.api.admin.NeighborInfo;
import netstack.api.link.PacketBuffer;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.TransportContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPv4, ARP and ICMPv4 through the stack's data path: frames are delivered as a driver delivers them and what the
 * stack transmits is read back from a fake Ethernet driver. Leak tracking is on; every test ends with every buffer
 * back in the pool.
 */
class Ipv4LayerTest {

    private static final long OUR_MAC = MacAddress.parse("02:00:00:00:00:01").bits();
    private static final long PEER_MAC = MacAddress.parse("02:00:5e:00:53:01").bits();
    private static final int OURS = Ipv4Address.parse("192.0.2.2").bits();
    private static final int PEER = Ipv4Address.parse("192.0.2.1").bits();
    private static final int STRANGER = Ipv4Address.parse("192.0.2.9").bits();

    private PacketPool pool;
    private Stack stack;
    private FakeLinkDriver eth;

    @BeforeEach
    void setUp() {
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        stack = new Stack(pool, System::nanoTime);
        eth = FakeLinkDriver.ethernet("eth0", "eth0");
        stack.bindDriver(eth);
        stack.configure("netstack.interface~eth0",
                InterfaceSettings.parse("eth0", new String[] {"192.0.2.2/24"}, new String[0], 0));
        // RFC 5227 §3: the new address was announced at once (the second announcement comes 2 s later).
        byte[] announcement = lastSent();
        assertEquals(BROADCAST, TestFrames.mac(announcement, 0));
        assertEquals(1, TestFrames.u16(announcement, 14 + 6), "an ARP request");
        assertEquals(OURS, TestFrames.u32(announcement, 14 + 14), "sender: our address");
        assertEquals(OURS, TestFrames.u32(announcement, 14 + 24), "target: our address too");
        eth.transmitted.clear();
    }

    @AfterEach
    void tearDown() {
        stack.close();
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    private long count(StackCounter c) {
        return stack.counters().get(c);
    }

    private byte[] lastSent() {
        assertTrue(!eth.transmitted.isEmpty(), "nothing was sent");
        return eth.transmitted.remove(eth.transmitted.size() - 1);
    }

    private static byte[] data(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 13 + 7);
        }
        return d;
    }

    @Test
    void arpRequestForOurAddressIsAnsweredAndTheAskerLearned() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        byte[] reply = lastSent();
        assertEquals(PEER_MAC, TestFrames.mac(reply, 0), "unicast to the asker");
        assertEquals(OUR_MAC, TestFrames.mac(reply, 6));
        assertEquals(0x0806, TestFrames.u16(reply, 12));
        assertEquals(2, TestFrames.u16(reply, 14 + 6), "a reply");
        assertEquals(OUR_MAC, TestFrames.mac(reply, 14 + 8));
        assertEquals(OURS, TestFrames.u32(reply, 14 + 14));
        assertEquals(PEER_MAC, TestFrames.mac(reply, 14 + 18));
        assertEquals(PEER, TestFrames.u32(reply, 14 + 24));
        List<NeighborInfo> neighbors = stack.neighbors();
        assertEquals(1, neighbors.size(), neighbors.toString());
        assertEquals(new MacAddress(PEER_MAC), neighbors.get(0).macAddress());
        assertEquals(1, count(StackCounter.ARP_OUT_REPLIES));
    }

    @Test
    void arpForSomeoneElseIsNotAnsweredAndDoesNotCreateAnEntry() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, STRANGER, BROADCAST));
        assertTrue(eth.transmitted.isEmpty());
        assertEquals(List.of(), stack.neighbors());
    }

    @Test
    void arpClaimingOurAddressIsCountedAndNeverLearned() {
        eth.receive(TestFrames.arp(2, PEER_MAC, OURS, OUR_MAC, OURS, BROADCAST));
        eth.receive(TestFrames.arp(1, PEER_MAC, OURS, 0, PEER, BROADCAST));
        assertTrue(eth.transmitted.isEmpty());
        assertEquals(List.of(), stack.neighbors());
        assertEquals(2, count(StackCounter.ARP_IN_DROPS));
    }

    @Test
    void echoRequestFromAKnownNeighborIsAnsweredWithTheSameData() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] payload = TestFrames.icmpEcho(8, 0x1234, 7, data(1000));
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 1, 64, 0x4000, 99, payload));
        byte[] reply = lastSent();
        assertEquals(PEER_MAC, TestFrames.mac(reply, 0));
        assertEquals(0x0800, TestFrames.u16(reply, 12));
        assertEquals(0, TestFrames.checksum(reply, 14, 20), "IPv4 header checksum");
        assertEquals(OURS, TestFrames.u32(reply, 14 + 12));
        assertEquals(PEER, TestFrames.u32(reply, 14 + 16));
        assertEquals(0, reply[34], "echo reply");
        assertEquals(0x1234, TestFrames.u16(reply, 34 + 4));
        assertEquals(7, TestFrames.u16(reply, 34 + 6));
        assertEquals(0, TestFrames.checksum(reply, 34, reply.length - 34), "ICMP checksum");
        assertArrayEquals(data(1000), Arrays.copyOfRange(reply, 42, reply.length));
        assertEquals(1, count(StackCounter.ICMP_IN_ECHOS));
        assertEquals(1, count(StackCounter.ICMP_OUT_ECHO_REPS));
        // The reply moved the STALE entry to DELAY: from now on the output path finds the MAC without the lock
        // and without creating an address object.
        NeighborCache arp = stack.find("eth0").ipv4.arp();
        assertEquals(PEER_MAC, arp.usableMac(0, PEER & 0xffff_ffffL, stack.nowNanos()));
        assertEquals(NeighborCache.MISS, arp.usableMac(0, STRANGER & 0xffff_ffffL, stack.nowNanos()));
    }

    @Test
    void anEchoFromAnUnknownNeighborWaitsForArp() {
        byte[] payload = TestFrames.icmpEcho(8, 1, 1, data(56));
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, STRANGER, OURS, 1, 64, 0, 1, payload));
        byte[] request = lastSent();
        assertEquals(BROADCAST, TestFrames.mac(request, 0), "ARP request broadcast");
        assertEquals(1, TestFrames.u16(request, 14 + 6));
        assertEquals(OURS, TestFrames.u32(request, 14 + 14));
        assertEquals(STRANGER, TestFrames.u32(request, 14 + 24));
        eth.receive(TestFrames.arp(2, PEER_MAC, STRANGER, OUR_MAC, OURS, OUR_MAC));
        byte[] reply = lastSent();
        assertEquals(PEER_MAC, TestFrames.mac(reply, 0), "the queued reply went out once resolved");
        assertEquals(0, reply[34]);
    }

    @Test
    void badInputIsCountedAndDropped() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] good = TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 1, 64, 0, 5,
                TestFrames.icmpEcho(8, 1, 1, data(20)));

        byte[] badIpChecksum = good.clone();
        badIpChecksum[14 + 10] ^= 1;
        eth.receive(badIpChecksum);
        assertEquals(1, count(StackCounter.IP_IN_HDR_ERRORS));

        byte[] lyingLength = good.clone();
        lyingLength[14 + 2] = 0x7f; // total length far beyond the frame
        lyingLength[14 + 10] = 0;
        lyingLength[14 + 11] = 0;
        int c = TestFrames.checksum(lyingLength, 14, 20);
        lyingLength[14 + 10] = (byte) (c >>> 8);
        lyingLength[14 + 11] = (byte) c;
        eth.receive(lyingLength);
        assertEquals(2, count(StackCounter.IP_IN_HDR_ERRORS));

        byte[] badIcmp = good.clone();
        badIcmp[40] ^= 1;
        eth.receive(badIcmp);
        assertEquals(1, count(StackCounter.ICMP_IN_ERRORS));

        eth.receive(Arrays.copyOf(good, 20)); // a runt
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, STRANGER, 1, 64, 0, 6, new byte[8]));
        assertEquals(1, count(StackCounter.IP_IN_ADDR_ERRORS), "not ours, no forwarding");
        eth.receive(TestFrames.ipv4(0x02_0000_0000_99L, PEER_MAC, PEER, OURS, 1, 64, 0, 7, new byte[8]));
        assertEquals(1, stack.interfaceCounters("eth0").orElseThrow().get(InterfaceCounter.IF_IN_DISCARDS),
                "another station's frame");
        assertTrue(eth.transmitted.isEmpty(), "nothing answered bad input");

        eth.receive(good);
        assertEquals(0, lastSent()[34], "and the stack still answers");
    }

    @Test
    void anUnknownProtocolGetsProtocolUnreachableQuotingTheDatagram() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] datagram = TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 253, 64, 0, 42, data(100));
        eth.receive(datagram);
        byte[] error = lastSent();
        assertEquals(3, error[34], "destination unreachable");
        assertEquals(2, error[35], "protocol unreachable");
        assertEquals(0, TestFrames.checksum(error, 34, error.length - 34));
        assertArrayEquals(Arrays.copyOfRange(datagram, 14, datagram.length),
                Arrays.copyOfRange(error, 42, error.length), "the whole (short) datagram is quoted");
        assertEquals(1, count(StackCounter.IP_IN_UNKNOWN_PROTOS));
    }

    @Test
    void noErrorAboutAnErrorOrABroadcast() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        eth.receive(TestFrames.ipv4(BROADCAST, PEER_MAC, PEER, -1, 253, 64, 0, 1, data(10)));
        eth.receive(TestFrames.ipv4(BROADCAST, PEER_MAC, PEER, Ipv4Address.parse("192.0.2.255").bits(), 1, 64, 0, 2,
                TestFrames.icmpEcho(8, 1, 1, data(8))));
        assertTrue(eth.transmitted.isEmpty(), "broadcasts get neither errors nor echo replies");
    }

    @Test
    void largeDatagramsAreFragmentedAtTheMtu() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] body = data(4000);
        PacketBuffer payload = pool.allocate(body.length);
        MemorySegment.copy(body, 0, payload.segment(), ValueLayout.JAVA_BYTE, payload.start(), body.length);
        payload.append(body.length);
        assertEquals(TransportContext.SENT, stack.ipv4().send(payload, 0, PEER, 253, 64, false, stack.nowNanos()));
        assertEquals(3, eth.transmitted.size(), "1480 + 1480 + 1040");
        byte[] joined = new byte[0];
        int id = -1;
        for (int i = 0; i < 3; i++) {
            byte[] f = eth.transmitted.get(i);
            assertTrue(f.length - 14 <= 1500);
            assertEquals(0, TestFrames.checksum(f, 14, 20));
            int flagsOffset = TestFrames.u16(f, 14 + 6);
            assertEquals(i < 2, (flagsOffset & 0x2000) != 0, "MF on all but the last");
            assertEquals(joined.length, (flagsOffset & 0x1fff) * 8, "offset");
            int thisId = TestFrames.u16(f, 14 + 4);
            assertTrue(id == -1 || id == thisId, "one identification");
            id = thisId;
            byte[] part = Arrays.copyOfRange(f, 34, f.length);
            joined = Arrays.copyOf(joined, joined.length + part.length);
            System.arraycopy(part, 0, joined, joined.length - part.length, part.length);
        }
        assertArrayEquals(body, joined);
        assertEquals(3, count(StackCounter.IP_FRAG_CREATES));

        PacketBuffer tooBig = pool.allocate(2000);
        tooBig.append(2000);
        assertEquals(TransportContext.TOO_BIG, stack.ipv4().send(tooBig, 0, PEER, 253, 64, true, stack.nowNanos()));
        PacketBuffer nowhere = pool.allocate(10);
        nowhere.append(10);
        assertEquals(TransportContext.NO_ROUTE,
                stack.ipv4().send(nowhere, 0, Ipv4Address.parse("203.0.113.1").bits(), 253, 64, false,
                        stack.nowNanos()));
    }

    @Test
    void fragmentsAreReassembledInAnyOrderAndAnswered() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] icmp = TestFrames.icmpEcho(8, 0x77, 3, data(3000));
        // Three fragments of 1480, 1480 and 48 bytes of the ICMP message, delivered last first.
        int[] offsets = {2960, 1480, 0};
        for (int offset : offsets) {
            int length = Math.min(1480, icmp.length - offset);
            int flags = (offset + length < icmp.length ? 0x2000 : 0) | (offset / 8);
            eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 1, 64, flags, 4242,
                    Arrays.copyOfRange(icmp, offset, offset + length)));
        }
        assertEquals(1, count(StackCounter.IP_REASM_OKS));
        assertEquals(3, count(StackCounter.IP_REASM_REQDS));
        assertEquals(3, eth.transmitted.size(), "the 3008-byte reply is fragmented again");
        assertEquals(1, count(StackCounter.ICMP_OUT_ECHO_REPS));
    }

    @Test
    void overlappingFragmentsDropTheDatagram() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        byte[] icmp = TestFrames.icmpEcho(8, 0x78, 4, data(200));
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 1, 64, 0x2000, 77, Arrays.copyOfRange(icmp, 0, 104)));
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, OURS, 1, 64, 96 / 8, 77,
                Arrays.copyOfRange(icmp, 96, icmp.length)));
        assertEquals(0, count(StackCounter.IP_REASM_OKS));
        assertTrue(count(StackCounter.IP_REASM_FAILS) >= 1);
        assertTrue(eth.transmitted.isEmpty());
    }

    @Test
    void forwardingIsOffByDefaultAndRoutesWhenOn() {
        eth.receive(TestFrames.arp(1, PEER_MAC, PEER, 0, OURS, BROADCAST));
        eth.transmitted.clear();
        FakeLinkDriver eth1 = new FakeLinkDriver("eth1", netstack.api.link.LinkType.ETHERNET, 1500,
                MacAddress.parse("02:00:00:00:00:11"), "eth1");
        stack.bindDriver(eth1);
        stack.configure("netstack.interface~eth1",
                InterfaceSettings.parse("eth1", new String[] {"198.51.100.1/24"}, new String[0], 0));
        eth1.transmitted.clear();
        int far = Ipv4Address.parse("198.51.100.9").bits();
        byte[] echo = TestFrames.icmpEcho(8, 9, 9, data(100));

        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, far, 1, 5, 0, 10, echo));
        assertEquals(1, count(StackCounter.IP_IN_ADDR_ERRORS), "a host drops it");
        assertTrue(eth1.transmitted.isEmpty());

        stack.ipv4().forwarding(true);
        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, far, 1, 5, 0, 11, echo));
        byte[] arp = eth1.transmitted.remove(0);
        assertEquals(far, TestFrames.u32(arp, 14 + 24), "the router resolves the next hop on eth1");
        eth1.receive(TestFrames.arp(2, PEER_MAC, far, MacAddress.parse("02:00:00:00:00:11").bits(),
                Ipv4Address.parse("198.51.100.1").bits(), MacAddress.parse("02:00:00:00:00:11").bits()));
        byte[] forwarded = eth1.transmitted.remove(0);
        assertEquals(PEER_MAC, TestFrames.mac(forwarded, 0));
        assertEquals(4, forwarded[14 + 8], "TTL decremented");
        assertEquals(0, TestFrames.checksum(forwarded, 14, 20), "checksum updated");
        assertEquals(PEER, TestFrames.u32(forwarded, 14 + 12), "source kept");
        assertEquals(1, count(StackCounter.IP_FORW_DATAGRAMS));

        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, far, 1, 1, 0, 12, echo));
        byte[] expired = lastSent();
        assertEquals(11, expired[34], "time exceeded");
        assertEquals(0, expired[35], "in transit");

        eth.receive(TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, Ipv4Address.parse("203.0.113.5").bits(), 1, 5, 0, 13,
                echo));
        byte[] noRoute = lastSent();
        assertEquals(3, noRoute[34], "destination unreachable");
        assertEquals(0, noRoute[35], "net unreachable");

        byte[] big = TestFrames.ipv4(OUR_MAC, PEER_MAC, PEER, far, 1, 5, 0x4000, 14, data(1600));
        stack.configure("netstack.interface~eth1",
                InterfaceSettings.parse("eth1", new String[] {"198.51.100.1/24"}, new String[0], 1400));
        eth1.transmitted.clear();
        eth.receive(big);
        byte[] needFrag = lastSent();
        assertEquals(3, needFrag[34]);
        assertEquals(4, needFrag[35], "fragmentation needed");
        assertEquals(1400, TestFrames.u16(needFrag, 34 + 6), "with the next-hop MTU (RFC 1191)");
        assertTrue(eth1.transmitted.isEmpty());
    }
}
