package netstack.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.NeighborState;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkType;
import netstack.api.net.IpAddress;
import netstack.api.net.IpPrefix;
import netstack.api.net.MacAddress;
import netstack.api.stats.Counters;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import org.junit.jupiter.api.Test;

/** The shell's renderings, and the commands over a fixed {@link StackAdmin}. */
class TablesTest {

    private static final InterfaceInfo LO = new InterfaceInfo("lo", 1, LinkType.RAW_IP, null, 65536,
            InterfaceState.UP, List.of(
                    new InterfaceAddress(IpPrefix.parse("127.0.0.1/8"), AddressState.PREFERRED, AddressOrigin.STATIC),
                    new InterfaceAddress(IpPrefix.parse("::1/128"), AddressState.PREFERRED, AddressOrigin.STATIC)),
            "loopback lo");
    private static final InterfaceInfo TAP = new InterfaceInfo("tap0", 2, LinkType.ETHERNET,
            MacAddress.parse("02:00:5e:00:53:02"), 1500, InterfaceState.DETACHED, List.of(), null);

    @Test
    void interfacesLookLikeIpAddr() {
        assertEquals("""
                1: lo: <UP> mtu 65536 raw-ip
                    driver loopback lo
                    inet 127.0.0.1/8 static preferred
                    inet6 ::1/128 static preferred
                2: tap0: <DETACHED> mtu 1500 ethernet link/ether 02:00:5e:00:53:02
                    driver (none: detached)
                """, Tables.interfaces(List.of(LO, TAP)));
    }

    @Test
    void routesLookLikeIpRoute() {
        List<RouteInfo> routes = List.of(
                new RouteInfo(IpPrefix.parse("192.0.2.0/24"), null, "tap0", 0, RouteOrigin.CONNECTED),
                new RouteInfo(IpPrefix.parse("0.0.0.0/0"), IpAddress.parse("192.0.2.1"), "tap0", 10,
                        RouteOrigin.STATIC));
        assertEquals("""
                192.0.2.0/24 dev tap0 connected
                0.0.0.0/0 via 192.0.2.1 dev tap0 metric 10 static
                """, Tables.routes(routes));
    }

    @Test
    void neighborsLookLikeIpNeigh() {
        List<NeighborInfo> neighbors = List.of(
                new NeighborInfo(IpAddress.parse("192.0.2.1"), MacAddress.parse("02:00:5e:00:53:01"), "tap0",
                        NeighborState.REACHABLE, false),
                new NeighborInfo(IpAddress.parse("2001:db8::1"), null, "tap0", NeighborState.INCOMPLETE, true));
        assertEquals("""
                192.0.2.1 dev tap0 lladdr 02:00:5e:00:53:01 REACHABLE
                2001:db8::1 dev tap0 router INCOMPLETE
                """, Tables.neighbors(neighbors));
    }

    @Test
    void countersShowNonZeroByMibNameUnlessAll() {
        long[] values = new long[StackCounter.values().length];
        values[StackCounter.IP_IN_RECEIVES.ordinal()] = 42;
        Counters<StackCounter> c = new Counters<>(StackCounter.class, values);
        String shown = Tables.counters(c, false, StackCounter::mibName);
        assertEquals(1, shown.lines().count(), shown);
        assertTrue(shown.matches("ipInReceives +42\n"), shown);
        String all = Tables.counters(c, true, StackCounter::mibName);
        assertEquals(StackCounter.values().length, all.lines().count());
        assertTrue(all.contains("ipInHdrErrors"), all);
    }

    @Test
    void commandsUseTheAdminViewsAndNameWhatIsMissing() throws Exception {
        NetstackCommands commands = new NetstackCommands(new FixedAdmin());
        assertTrue(commands.ifconfig().contains("2: tap0"));
        assertTrue(commands.ifconfig("lo").startsWith("1: lo:"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.ifconfig("eth9"));
        assertTrue(e.getMessage().contains("eth9") && e.getMessage().contains("tap0"), e.getMessage());
        assertEquals("", commands.route());
        assertEquals("", commands.neigh());
        assertTrue(commands.stats(false, "lo").contains("ifInOctets"), commands.stats(false, "lo"));
        assertThrows(IllegalArgumentException.class, () -> commands.stats(true, "eth9"));
        String ping = commands.ping(2, 56, 0.1, 0, "192.0.2.1");
        assertTrue(ping.contains("64 bytes from 192.0.2.1: icmp_seq=0 ttl=64 time=1.000 ms"), ping);
        assertTrue(ping.contains("2 packets transmitted, 2 received, 0% packet loss"), ping);
        assertEquals("wrote 2 frames (400 bytes) to /tmp/x.pcapng; 3 captured, 1 dropped\n", commands.capture("stop"));
        assertThrows(IllegalArgumentException.class, () -> commands.capture("", "begin", "x"));
        String lost = commands.ping(1, 56, 0.1, 0, "192.0.2.7");
        assertTrue(lost.contains("1 packets transmitted, 0 received, 100% packet loss"), lost);
    }

    private static final class FixedAdmin implements StackAdmin {
        @Override
        public List<InterfaceInfo> interfaces() {
            return List.of(LO, TAP);
        }

        @Override
        public Optional<InterfaceInfo> findInterface(String name) {
            return interfaces().stream().filter(i -> i.name().equals(name)).findFirst();
        }

        @Override
        public List<RouteInfo> routes() {
            return List.of();
        }

        @Override
        public List<NeighborInfo> neighbors() {
            return List.of();
        }

        @Override
        public Counters<StackCounter> counters() {
            return new Counters<>(StackCounter.class, new long[StackCounter.values().length]);
        }

        @Override
        public Optional<Counters<InterfaceCounter>> interfaceCounters(String name) {
            long[] values = new long[InterfaceCounter.values().length];
            values[InterfaceCounter.IF_IN_OCTETS.ordinal()] = 1234;
            return findInterface(name).map(i -> new Counters<>(InterfaceCounter.class, values));
        }

        @Override
        public List<Integer> transportProtocols() {
            return List.of();
        }

        @Override
        public void startCapture(java.nio.file.Path file, String interfaceName) {
            throw new IllegalStateException("a capture is running");
        }

        @Override
        public Optional<netstack.api.admin.CaptureSummary> stopCapture() {
            return Optional.of(new netstack.api.admin.CaptureSummary("/tmp/x.pcapng", 3, 1, 2, 400, null));
        }

        @Override
        public Optional<netstack.api.admin.EchoReply> echo(netstack.api.net.IpAddress destination, int payloadBytes,
                java.time.Duration timeout) {
            return destination.equals(IpAddress.parse("192.0.2.1"))
                    ? Optional.of(new netstack.api.admin.EchoReply(destination, 0, payloadBytes, 64,
                            java.time.Duration.ofMillis(1)))
                    : Optional.empty();
        }
    }
}
