package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpAddress;
import netstack.api.net.IpPrefix;
import netstack.api.net.MacAddress;
import netstack.api.socket.TcpSocket;
import netstack.api.socket.UdpSocket;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.PacketMeta;
import netstack.ip.spi.TransportContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Stack} with fake drivers and transports: binding, hot swap, configuration, routes, the receive and
 * transmit paths and their counters. The pool tracks leases, and every test ends with none outstanding.
 */
class StackTest {

    private static final String PID = "netstack.interface~tap0";

    private final List<String> leakReports = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private PacketPool pool;
    private Stack stack;

    @BeforeEach
    void setUp() {
        pool = new PacketPool(new PacketPool.Options(false, 128, 16, true, leakReports::add));
        stack = new Stack(pool, clock::get);
    }

    @AfterEach
    void tearDown() {
        stack.close();
        assertEquals(0, pool.outstanding(), "every packet buffer went back to the pool");
        assertEquals(List.of(), leakReports);
        pool.close();
    }

    // ---- helpers ----

    private InterfaceInfo info(String name) {
        return stack.findInterface(name).orElseThrow(() -> new AssertionError("no interface " + name));
    }

    private long count(String name, InterfaceCounter counter) {
        return stack.interfaceCounters(name).orElseThrow().get(counter);
    }

    private long count(StackCounter counter) {
        return stack.counters().get(counter);
    }

    private static InterfaceSettings settings(String name, String[] addresses, String[] routes, int mtu) {
        return InterfaceSettings.parse(name, addresses, routes, mtu);
    }

    private static InterfaceSettings tap0(String... addresses) {
        return settings("tap0", addresses, new String[0], 0);
    }

    private static List<IpPrefix> addresses(InterfaceInfo info) {
        return info.addresses().stream().map(InterfaceAddress::prefix).toList();
    }

    private static List<IpPrefix> prefixes(String... texts) {
        return Arrays.stream(texts).map(IpPrefix::parse).toList();
    }

    /** An Ethernet frame to {@code destination}, IPv4 EtherType, zero-padded to {@code length}. */
    private static byte[] frame(String destination, int length) {
        byte[] f = new byte[length];
        byte[] dst = MacAddress.parse(destination).toBytes();
        System.arraycopy(dst, 0, f, 0, Math.min(6, length));
        if (length >= 14) {
            System.arraycopy(MacAddress.parse("02:00:00:00:00:01").toBytes(), 0, f, 6, 6);
            f[12] = 0x08;
        }
        return f;
    }

    /** A frame to the fake driver's own MAC (and so to the stack), EtherType IPv4, the rest zero. */
    private static byte[] unicast(int length) {
        return frame("02:00:00:00:00:01", length);
    }

    private PacketBuffer buffer(byte[] bytes) {
        PacketBuffer b = pool.allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, b.segment(), b.start(), bytes.length);
        return b.append(bytes.length);
    }

    // ---- binding ----

    @Test
    void bindingADriverCreatesAnAttachedInterface() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "tap0 device");
        stack.bindDriver(d);
        assertEquals(1, d.attaches);
        assertEquals("tap0", d.context.interfaceName());
        List<InterfaceInfo> all = stack.interfaces();
        assertEquals(1, all.size());
        InterfaceInfo i = all.get(0);
        assertEquals(i, info("tap0"));
        assertEquals("tap0", i.name());
        assertEquals(1, i.index(), "the first interface has index 1");
        assertEquals(LinkType.ETHERNET, i.linkType());
        assertEquals(MacAddress.parse("02:00:00:00:00:01"), i.macAddress());
        assertEquals(1500, i.mtuBytes(), "unconfigured: the driver's MTU");
        assertEquals(InterfaceState.UP, i.state());
        assertEquals(List.of(), i.addresses());
        assertEquals("fake tap0 device", i.driver());
        assertTrue(stack.findInterface("tap1").isEmpty());
    }

    @Test
    void unbindingKeepsEvenAnUnconfiguredInterfaceWithItsIndex() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        int index = info("tap0").index();
        stack.unbindDriver(d);
        assertEquals(1, d.detaches);
        assertFalse(d.attached());
        assertEquals(InterfaceState.DETACHED, info("tap0").state());
        assertEquals(LinkType.ETHERNET, info("tap0").linkType(), "the link type is remembered while detached");
        assertTrue(stack.interfaceCounters("tap0").isPresent());
        stack.unbindDriver(d);
        assertEquals(1, d.detaches, "unbinding again does nothing");
        FakeLinkDriver replacement = FakeLinkDriver.ethernet("tap0", "b");
        stack.bindDriver(replacement);
        assertEquals(index, info("tap0").index(), "a replacement gets the same interface");
        assertEquals(1, stack.interfaces().size());
    }

    @Test
    void unbindingKeepsAConfiguredInterfaceAndAReplacementPicksItUp() {
        stack.configure(PID, settings("tap0", new String[] {"192.0.2.2/24", "2001:db8::2/64"},
                new String[] {"0.0.0.0/0 via 192.0.2.1"}, 0));
        FakeLinkDriver first = FakeLinkDriver.ethernet("tap0", "first");
        stack.bindDriver(first);
        InterfaceInfo before = info("tap0");
        first.receive(unicast(60));
        LinkContext stale = first.context;
        List<RouteInfo> routes = stack.routes();
        assertEquals(3, routes.size());

        stack.unbindDriver(first);
        assertEquals(1, first.detaches);
        InterfaceInfo detached = info("tap0");
        assertEquals(InterfaceState.DETACHED, detached.state());
        assertEquals(before.index(), detached.index(), "same interface");
        assertEquals(prefixes("192.0.2.2/24", "2001:db8::2/64"), addresses(detached), "addresses kept");
        assertNull(detached.driver());
        assertNull(detached.macAddress());
        assertEquals(LinkType.ETHERNET, detached.linkType(),
                "InterfaceInfo: linkType is null only while no driver has ever been attached");
        assertEquals(routes, stack.routes(), "routes kept");
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_UCAST_PKTS), "counters kept");

        // A frame the old driver still delivers after detach is dropped, counted, and its buffer released.
        FakeLinkDriver.receiveVia(stale, unicast(60));
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_DISCARDS));
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_UCAST_PKTS));
        stale.linkStateChanged(false);
        assertEquals(InterfaceState.DETACHED, info("tap0").state());

        FakeLinkDriver second = FakeLinkDriver.ethernet("tap0", "second");
        stack.bindDriver(second);
        assertTrue(second.attached());
        assertNotSame(stale, second.context, "a new binding gets a new context");
        InterfaceInfo after = info("tap0");
        assertEquals(before.index(), after.index());
        assertEquals(InterfaceState.UP, after.state());
        assertEquals(before.addresses(), after.addresses());
        assertEquals("fake second", after.driver());
        assertEquals(1, stack.interfaces().size());
        second.receive(unicast(60));
        assertEquals(2, count("tap0", InterfaceCounter.IF_IN_UCAST_PKTS));
        stale.linkStateChanged(false);
        assertEquals(InterfaceState.UP, info("tap0").state(), "the old context cannot touch the new binding");
        assertEquals(1, first.attaches, "the old driver is not attached again");
    }

    @Test
    void newestDriverForANameIsAttachedOlderOneStandsBy() {
        FakeLinkDriver a = FakeLinkDriver.ethernet("tap0", "a");
        FakeLinkDriver b = FakeLinkDriver.ethernet("tap0", "b");
        stack.bindDriver(a);
        int index = info("tap0").index();
        stack.bindDriver(b);
        assertEquals(1, a.detaches, "the older driver is detached");
        assertFalse(a.attached());
        assertTrue(b.attached());
        assertEquals(1, stack.interfaces().size(), "one interface per name");
        assertEquals("fake b", info("tap0").driver());
        assertEquals(index, info("tap0").index());

        LinkContext bContext = b.context;
        stack.unbindDriver(b);
        assertEquals(1, b.detaches);
        assertEquals(2, a.attaches, "the standby takes over");
        assertTrue(a.attached());
        assertNotSame(bContext, a.context);
        assertEquals("fake a", info("tap0").driver());
        assertEquals(InterfaceState.UP, info("tap0").state());

        stack.unbindDriver(a);
        assertEquals(InterfaceState.DETACHED, info("tap0").state(), "kept, detached");
        assertEquals(index, info("tap0").index());
    }

    @Test
    void theNewestStandbyTakesOver() {
        FakeLinkDriver a = FakeLinkDriver.ethernet("tap0", "a");
        FakeLinkDriver b = FakeLinkDriver.ethernet("tap0", "b");
        FakeLinkDriver c = FakeLinkDriver.ethernet("tap0", "c");
        stack.bindDriver(a);
        stack.bindDriver(b);
        stack.bindDriver(c);
        stack.unbindDriver(c);
        assertEquals("fake b", info("tap0").driver(), "the newest remaining driver, not the oldest");
        assertEquals(2, b.attaches);
        assertEquals(1, a.attaches);
        stack.unbindDriver(b);
        assertEquals("fake a", info("tap0").driver());
    }

    @Test
    void unbindingTheStandbyLeavesTheAttachedDriverAlone() {
        FakeLinkDriver a = FakeLinkDriver.ethernet("tap0", "a");
        FakeLinkDriver b = FakeLinkDriver.ethernet("tap0", "b");
        stack.bindDriver(a);
        stack.bindDriver(b);
        LinkContext bContext = b.context;
        stack.unbindDriver(a);
        assertEquals(1, a.detaches, "only the earlier detach");
        assertEquals(0, b.detaches);
        assertSame(bContext, b.context);
        assertEquals("fake b", info("tap0").driver());
        stack.unbindDriver(b);
        assertEquals(1, a.attaches, "an unbound standby is never re-attached");
    }

    @Test
    void aDriverThatFailsToAttachLeavesTheInterfaceDetached() {
        FakeLinkDriver broken = FakeLinkDriver.ethernet("tap0", "broken");
        broken.failAttach = new IllegalStateException("device vanished");
        stack.bindDriver(broken);
        assertEquals(InterfaceState.DETACHED, info("tap0").state());
        assertNull(info("tap0").driver());
        assertNull(info("tap0").linkType(), "never attached");
        stack.unbindDriver(broken);
        assertEquals(0, broken.detaches, "a driver that never attached is not detached");
        assertTrue(stack.findInterface("tap0").isEmpty());
    }

    @Test
    void theStandbyTakesOverWhenAFailedReplacementGoesAway() {
        FakeLinkDriver good = FakeLinkDriver.ethernet("tap0", "good");
        FakeLinkDriver broken = FakeLinkDriver.ethernet("tap0", "broken");
        broken.failAttach = new IllegalStateException("device vanished");
        stack.bindDriver(good);
        stack.bindDriver(broken);
        stack.unbindDriver(broken);
        assertTrue(good.attached(), "the remaining bound driver must be attached again");
        assertEquals(InterfaceState.UP, info("tap0").state());
        assertEquals("fake good", info("tap0").driver());
    }

    @Test
    void badDriverNameIsRejected() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap 0", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stack.bindDriver(d));
        assertTrue(e.getMessage().contains("tap 0"), e.getMessage());
        assertEquals(0, d.attaches);
        assertEquals(List.of(), stack.interfaces());
    }

    @Test
    void interfacesAreListedByIndex() {
        stack.configure("netstack.interface~tap1", settings("tap1", new String[] {"198.51.100.1/24"}, null, 0));
        stack.bindDriver(FakeLinkDriver.ethernet("tap0", "a"));
        stack.bindDriver(FakeLinkDriver.rawIp("lo", "loopback"));
        List<InterfaceInfo> all = stack.interfaces();
        assertEquals(List.of("tap1", "tap0", "lo"), all.stream().map(InterfaceInfo::name).toList());
        assertEquals(List.of(1, 2, 3), all.stream().map(InterfaceInfo::index).toList());
        InterfaceInfo configuredOnly = all.get(0);
        assertEquals(InterfaceState.DETACHED, configuredOnly.state());
        assertNull(configuredOnly.linkType());
        InterfaceInfo lo = all.get(2);
        assertEquals(LinkType.RAW_IP, lo.linkType());
        assertNull(lo.macAddress());
        assertEquals(65536, lo.mtuBytes());
    }

    // ---- configuration ----

    @Test
    void configurationIsReportedWithItsAddresses() {
        stack.configure(PID, tap0("192.0.2.2/24", "2001:db8::2/64"));
        InterfaceInfo i = info("tap0");
        assertEquals(List.of(
                new InterfaceAddress(IpPrefix.parse("192.0.2.2/24"), AddressState.PREFERRED, AddressOrigin.STATIC),
                new InterfaceAddress(IpPrefix.parse("2001:db8::2/64"), AddressState.PREFERRED, AddressOrigin.STATIC)),
                i.addresses());
        assertEquals(InterfaceState.DETACHED, i.state(), "configured before its driver exists");
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        assertEquals(i.index(), info("tap0").index(), "the driver attaches to the configured interface");
        assertEquals(InterfaceState.UP, info("tap0").state());
    }

    @Test
    void unconfigureRemovesAddressesAndRoutes() {
        stack.configure(PID, settings("tap0", new String[] {"192.0.2.2/24"},
                new String[] {"198.51.100.0/24 via 192.0.2.1"}, 1400));
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        assertEquals(1400, info("tap0").mtuBytes());
        stack.unconfigure(PID);
        InterfaceInfo i = info("tap0");
        assertEquals(List.of(), i.addresses());
        assertEquals(List.of(), stack.routes());
        assertEquals(InterfaceState.UP, i.state(), "the driver is still bound");
        assertEquals(1500, i.mtuBytes(), "back to the driver's MTU");
        assertEquals(0, d.detaches, "configuration changes do not touch the driver");

        stack.configure(PID, tap0("192.0.2.2/24"));
        stack.unbindDriver(d);
        assertEquals(InterfaceState.DETACHED, info("tap0").state());
        stack.unconfigure(PID);
        assertEquals(List.of(), info("tap0").addresses(), "once attached, an interface stays; its addresses go");
        assertEquals(InterfaceState.DETACHED, info("tap0").state());
        stack.unconfigure(PID); // unknown by now: nothing happens
        stack.unconfigure("netstack.interface~never");
    }

    @Test
    void oneInterfaceNameHasOneConfiguration() {
        stack.configure(PID, tap0("192.0.2.2/24"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stack.configure("netstack.interface~other", tap0("192.0.2.9/24")));
        assertTrue(e.getMessage().contains("tap0"), e.getMessage());
        assertTrue(e.getMessage().contains(PID), e.getMessage());
        assertTrue(e.getMessage().contains("netstack.interface~other"), e.getMessage());
        assertEquals(prefixes("192.0.2.2/24"), addresses(info("tap0")), "the first configuration stays");
    }

    @Test
    void reconfigurationAppliesLive() {
        stack.configure(PID, tap0("192.0.2.2/24"));
        stack.configure(PID, tap0("192.0.2.3/24", "2001:db8::3/64"));
        assertEquals(prefixes("192.0.2.3/24", "2001:db8::3/64"), addresses(info("tap0")));
        assertEquals(2, stack.routes().size());

        // The same configuration renamed to another interface moves everything there.
        stack.configure(PID, settings("tap1", new String[] {"203.0.113.5/24"}, null, 0));
        assertTrue(stack.findInterface("tap0").isEmpty(), "tap0 is neither configured nor bound any more");
        assertEquals(prefixes("203.0.113.5/24"), addresses(info("tap1")));
        assertEquals(List.of(new RouteInfo(IpPrefix.parse("203.0.113.0/24"), null, "tap1", 0,
                RouteOrigin.CONNECTED)), stack.routes());
        // And tap0 is free for another configuration now.
        stack.configure("netstack.interface~new", tap0("192.0.2.2/24"));
        assertEquals(prefixes("192.0.2.2/24"), addresses(info("tap0")));
    }

    @Test
    void routesMostSpecificFirst() {
        stack.configure(PID, settings("tap0", new String[] {"192.0.2.2/24", "192.0.2.3/24", "2001:db8::2/64"},
                new String[] {
                    "0.0.0.0/0 via 192.0.2.1",
                    "198.51.100.0/24 via 192.0.2.1 metric 10",
                    "default via 2001:db8::1",
                    "198.51.100.0/24 via 192.0.2.254 metric 5",
                    "198.51.100.128/25 via 192.0.2.254"}, 0));
        stack.configure("netstack.interface~tap1", settings("tap1", new String[] {"203.0.113.5/24"}, null, 0));
        IpAddress gw = IpAddress.parse("192.0.2.1");
        IpAddress gw2 = IpAddress.parse("192.0.2.254");
        List<RouteInfo> expected = List.of(
                new RouteInfo(IpPrefix.parse("198.51.100.128/25"), gw2, "tap0", 0, RouteOrigin.STATIC),
                new RouteInfo(IpPrefix.parse("192.0.2.0/24"), null, "tap0", 0, RouteOrigin.CONNECTED),
                new RouteInfo(IpPrefix.parse("203.0.113.0/24"), null, "tap1", 0, RouteOrigin.CONNECTED),
                new RouteInfo(IpPrefix.parse("198.51.100.0/24"), gw2, "tap0", 5, RouteOrigin.STATIC),
                new RouteInfo(IpPrefix.parse("198.51.100.0/24"), gw, "tap0", 10, RouteOrigin.STATIC),
                new RouteInfo(IpPrefix.parse("0.0.0.0/0"), gw, "tap0", 0, RouteOrigin.STATIC),
                new RouteInfo(IpPrefix.parse("2001:db8::/64"), null, "tap0", 0, RouteOrigin.CONNECTED),
                new RouteInfo(IpPrefix.parse("::/0"), IpAddress.parse("2001:db8::1"), "tap0", 0,
                        RouteOrigin.STATIC));
        assertEquals(expected, stack.routes(), "two addresses in one network give one connected route");
        assertThrows(UnsupportedOperationException.class, () -> stack.routes().clear(), "published immutable");
        stack.unconfigure("netstack.interface~tap1");
        assertEquals(7, stack.routes().size());
    }

    @Test
    void configuredMtuIsCappedByTheDrivers() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        stack.configure(PID, settings("tap0", null, null, 1280));
        assertEquals(1280, info("tap0").mtuBytes());
        stack.configure(PID, settings("tap0", null, null, 9000));
        assertEquals(1500, info("tap0").mtuBytes(), "no larger than the driver's 1500");
        stack.unbindDriver(d);
        assertEquals(9000, info("tap0").mtuBytes(), "detached: the configured value");
    }

    // ---- receive path ----

    @Test
    void receivedEthernetFramesAreCountedAndReleased() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        PacketBuffer rx = d.context.allocate(1514);
        assertEquals(64, rx.headroom(), "receive buffers leave room for bigger reply headers");
        assertTrue(rx.tailroom() >= 1514);
        assertEquals(0, rx.length());
        rx.release();

        d.receive(unicast(60));
        d.receive(frame("ff:ff:ff:ff:ff:ff", 60));
        d.receive(frame("01:00:5e:00:00:01", 64));
        d.receive(frame("02:00:00:00:00:02", 13)); // a runt: shorter than an Ethernet header
        d.receive(frame("02:00:00:00:00:02", 60)); // another station's frame (a promiscuous driver sees them)
        byte[] llc = frame("01:80:c2:00:00:00", 60); // an 802.3 frame with a length field (STP)
        llc[12] = 0;
        llc[13] = 38;
        d.receive(llc);
        assertEquals(60 + 60 + 64 + 13 + 60 + 60, count("tap0", InterfaceCounter.IF_IN_OCTETS));
        assertEquals(2, count("tap0", InterfaceCounter.IF_IN_UCAST_PKTS));
        assertEquals(3, count("tap0", InterfaceCounter.IF_IN_NUCAST_PKTS), "broadcast and multicast");
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_ERRORS));
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_DISCARDS), "not addressed to us");
        // The three IPv4 frames hold no valid IPv4 header; the LLC frame is a protocol we do not speak.
        assertEquals(3, count(StackCounter.IP_IN_HDR_ERRORS));
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_UNKNOWN_PROTOS));
        assertEquals(1, count(StackCounter.LINK_IN_UNKNOWN_ETHERTYPES));
        assertEquals(0, pool.outstanding());
    }

    @Test
    void batchDeliveryTakesOwnershipOfTheRange() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        PacketBuffer keep = d.context.allocate(60);
        PacketBuffer[] frames = {keep, buffer(unicast(60)), buffer(unicast(70)), null};
        d.context.deliver(frames, 1, 2);
        assertSame(keep, frames[0], "outside the range: untouched");
        assertNull(frames[1], "the array does not keep delivered buffers");
        assertNull(frames[2]);
        assertEquals(2, count("tap0", InterfaceCounter.IF_IN_UCAST_PKTS));
        assertEquals(130, count("tap0", InterfaceCounter.IF_IN_OCTETS));
        assertEquals(1, pool.outstanding(), "only the frame outside the range is still the driver's");
        keep.release();
    }

    @Test
    void rawIpPacketsAreCountedWithoutLinkCounters() {
        FakeLinkDriver d = FakeLinkDriver.rawIp("tun0", "tun");
        stack.bindDriver(d);
        byte[] packet = new byte[28];
        packet[0] = 0x45;
        d.receive(packet);
        d.receive(new byte[0]);
        byte[] unknownVersion = new byte[40];
        unknownVersion[0] = 0x50;
        d.receive(unknownVersion);
        assertEquals(2, count("tun0", InterfaceCounter.IF_IN_UCAST_PKTS));
        assertEquals(1, count(StackCounter.IP_IN_HDR_ERRORS), "a version-4 packet with a bad header checksum");
        assertEquals(1, count("tun0", InterfaceCounter.IF_IN_UNKNOWN_PROTOS), "version 5");
        assertEquals(1, count("tun0", InterfaceCounter.IF_IN_ERRORS), "an empty packet is an error");
        assertEquals(68, count("tun0", InterfaceCounter.IF_IN_OCTETS));
        assertEquals(0, count(StackCounter.LINK_IN_UNKNOWN_ETHERTYPES), "no EtherType on a raw-IP link");
    }

    @Test
    void driverDropsAreCounted() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        LinkContext ctx = d.context;
        ctx.countDrop(true, false);
        ctx.countDrop(true, true);
        ctx.countDrop(true, true);
        ctx.countDrop(false, false);
        ctx.countDrop(false, true);
        ctx.countDrop(false, true);
        ctx.countDrop(false, true);
        assertEquals(1, count("tap0", InterfaceCounter.IF_IN_DISCARDS));
        assertEquals(2, count("tap0", InterfaceCounter.IF_IN_ERRORS));
        assertEquals(1, count("tap0", InterfaceCounter.IF_OUT_DISCARDS));
        assertEquals(3, count("tap0", InterfaceCounter.IF_OUT_ERRORS));
    }

    @Test
    void countersAreSnapshots() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        var before = stack.interfaceCounters("tap0").orElseThrow();
        d.receive(unicast(60));
        assertEquals(0, before.get(InterfaceCounter.IF_IN_UCAST_PKTS), "a snapshot does not move");
        var after = stack.interfaceCounters("tap0").orElseThrow();
        assertEquals(1, after.minus(before).get(InterfaceCounter.IF_IN_UCAST_PKTS));
    }

    // ---- link state and transmit path ----

    @Test
    void carrierChangesTheStateAndTransmitWhileDownDiscards() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        Nic nic = stack.find("tap0");
        d.context.linkStateChanged(false);
        assertEquals(InterfaceState.NO_CARRIER, info("tap0").state());
        assertFalse(nic.transmit(buffer(unicast(60))));
        assertEquals(List.of(), d.transmitted, "nothing queued for a link without carrier");
        assertEquals(1, count("tap0", InterfaceCounter.IF_OUT_DISCARDS));
        d.context.linkStateChanged(true);
        assertEquals(InterfaceState.UP, info("tap0").state());
        assertTrue(nic.transmit(buffer(unicast(60))));
        assertEquals(1, d.transmitted.size());
    }

    @Test
    void aDriverWithoutCarrierAttachesAsNoCarrier() {
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        d.linkUpAtAttach = false;
        stack.bindDriver(d);
        assertEquals(InterfaceState.NO_CARRIER, info("tap0").state());
    }

    @Test
    void transmitCountsAndHandsFramesToTheDriver() {
        // No address configured: an address would be announced with ARP at attach (see Ipv4LayerTest).
        FakeLinkDriver d = FakeLinkDriver.ethernet("tap0", "a");
        stack.bindDriver(d);
        Nic nic = stack.find("tap0");
        byte[] unicast = unicast(60);
        assertTrue(nic.transmit(buffer(unicast)));
        assertTrue(nic.transmit(buffer(frame("ff:ff:ff:ff:ff:ff", 42))));
        assertTrue(nic.transmit(buffer(frame("33:33:00:00:00:01", 86))));
        assertEquals(3, d.transmitted.size());
        assertTrue(Arrays.equals(unicast, d.transmitted.get(0)), "the frame's data window, unchanged");
        assertEquals(1, count("tap0", InterfaceCounter.IF_OUT_UCAST_PKTS));
        assertEquals(2, count("tap0", InterfaceCounter.IF_OUT_NUCAST_PKTS));
        assertEquals(60 + 42 + 86, count("tap0", InterfaceCounter.IF_OUT_OCTETS));

        d.acceptTransmit = false; // a full device queue
        assertFalse(nic.transmit(buffer(unicast)));
        assertEquals(1, count("tap0", InterfaceCounter.IF_OUT_DISCARDS));
        assertEquals(60 + 42 + 86, count("tap0", InterfaceCounter.IF_OUT_OCTETS), "dropped frames are no octets");

        stack.unbindDriver(d);
        assertFalse(nic.transmit(buffer(unicast)), "detached: discarded");
        assertEquals(2, count("tap0", InterfaceCounter.IF_OUT_DISCARDS));
        assertEquals(0, pool.outstanding());
    }

    // ---- transports ----

    @Test
    void firstTransportServesLaterOnesStandByInOrder() {
        FakeTransport tcp1 = new FakeTransport(6, "tcp-1", TcpSocket.class);
        FakeTransport tcp2 = new FakeTransport(6, "tcp-2", TcpSocket.class);
        FakeTransport tcp3 = new FakeTransport(6, "tcp-3", TcpSocket.class);
        stack.bindTransport(tcp1);
        stack.bindTransport(tcp2);
        stack.bindTransport(tcp3);
        assertSame(tcp1, stack.transport(6));
        assertTrue(tcp1.attached());
        assertEquals(0, tcp2.attaches, "a standby is not attached");
        assertEquals(0, tcp3.attaches);
        assertEquals(List.of(6), stack.transportProtocols());

        TransportContext first = tcp1.context;
        stack.unbindTransport(tcp1);
        assertEquals(1, tcp1.detaches);
        assertSame(tcp2, stack.transport(6), "the longest-waiting standby is promoted");
        assertTrue(tcp2.attached());
        assertNotSame(first, tcp2.context);
        assertEquals(0, tcp3.attaches);

        stack.unbindTransport(tcp3);
        assertEquals(0, tcp3.detaches, "a standby was never attached, so it is not detached");
        assertSame(tcp2, stack.transport(6));

        stack.unbindTransport(tcp2);
        assertNull(stack.transport(6));
        assertEquals(List.of(), stack.transportProtocols());
        stack.unbindTransport(tcp2);
        assertEquals(1, tcp2.detaches, "unbinding again does nothing");
    }

    @Test
    void transportsAreKeyedByProtocolNumber() {
        FakeTransport udp = new FakeTransport(17, "udp", UdpSocket.class);
        FakeTransport tcp = new FakeTransport(6, "tcp", TcpSocket.class);
        stack.bindTransport(udp);
        stack.bindTransport(tcp);
        assertEquals(List.of(6, 17), stack.transportProtocols());
        assertTrue(udp.attached());
        assertTrue(tcp.attached());
        for (int bad : new int[] {-1, 256}) {
            FakeTransport t = new FakeTransport(bad, "bogus", UdpSocket.class);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stack.bindTransport(t));
            assertTrue(e.getMessage().contains(String.valueOf(bad)) && e.getMessage().contains("bogus"),
                    e.getMessage());
            stack.unbindTransport(t);
        }
        assertEquals(List.of(6, 17), stack.transportProtocols());
    }

    @Test
    void transportContextSendsCountsAndStopsAfterUnbind() {
        FakeTransport udp = new FakeTransport(17, "udp", UdpSocket.class);
        stack.bindTransport(udp);
        TransportContext ctx = udp.context;
        clock.set(42_000L);
        assertEquals(42_000L, ctx.nowNanos(), "the injected clock");

        PacketBuffer p = ctx.allocate(100);
        assertEquals(128, p.headroom(), "room for IP and link headers");
        assertTrue(p.tailroom() >= 100);
        PacketMeta v4 = new PacketMeta().set(IpAddress.parse("192.0.2.2"), IpAddress.parse("198.51.100.7"), 17, -1);
        assertEquals(TransportContext.NO_ROUTE, ctx.send(p.append(8), v4), "no IP output path yet");
        assertEquals(1, count(StackCounter.IP_OUT_NO_ROUTES));
        PacketMeta v6 = new PacketMeta().set(IpAddress.parse("2001:db8::2"), IpAddress.parse("2001:db8::7"), 17, 64);
        assertEquals(TransportContext.NO_ROUTE, ctx.send(ctx.allocate(8).append(8), v6));
        assertEquals(1, count(StackCounter.IPV6_OUT_NO_ROUTES));
        assertEquals(0, pool.outstanding(), "send takes ownership whatever the result");

        ctx.count(StackCounter.UDP_NO_PORTS, 3);
        ctx.count(StackCounter.UDP_NO_PORTS, 1);
        assertEquals(4, count(StackCounter.UDP_NO_PORTS));

        stack.unbindTransport(udp);
        assertEquals(TransportContext.DROPPED, ctx.send(ctx.allocate(8), v4), "a stale context sends nothing");
        assertEquals(1, count(StackCounter.IP_OUT_NO_ROUTES), "and counts nothing");
        assertEquals(0, pool.outstanding());
    }

    // ---- shutdown ----

    @Test
    void closeDetachesEverything() {
        FakeLinkDriver a = FakeLinkDriver.ethernet("tap0", "a");
        FakeLinkDriver b = FakeLinkDriver.ethernet("tap0", "b");
        FakeLinkDriver lo = FakeLinkDriver.rawIp("lo", "lo");
        FakeTransport tcp1 = new FakeTransport(6, "tcp-1", TcpSocket.class);
        FakeTransport tcp2 = new FakeTransport(6, "tcp-2", TcpSocket.class);
        stack.configure(PID, tap0("192.0.2.2/24"));
        stack.bindDriver(a);
        stack.bindDriver(b);
        stack.bindDriver(lo);
        stack.bindTransport(tcp1);
        stack.bindTransport(tcp2);
        stack.close();
        for (FakeLinkDriver d : List.of(a, b, lo)) {
            assertFalse(d.attached(), d.description());
            assertEquals(d.attaches, d.detaches, "every attach of " + d.description() + " is matched by a detach");
        }
        for (FakeTransport t : List.of(tcp1, tcp2)) {
            assertFalse(t.attached(), t.name());
            assertEquals(t.attaches, t.detaches, t.name());
        }
        assertEquals(List.of(), stack.interfaces());
        assertEquals(List.of(), stack.routes());
        assertEquals(List.of(), stack.transportProtocols());
    }
}
