package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.net.IpAddress;
import netstack.api.net.IpPrefix;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;
import org.junit.jupiter.api.Test;

/**
 * {@link RoutingTable}: longest-prefix match, metric and order tie-breaks, default routes, interface filtering and
 * pinning, on-link answers, copy-on-write snapshots, and a seeded comparison with a brute-force reference.
 */
class RoutingTableTest {

    private static final int ETH0 = 1;
    private static final int ETH1 = 2;
    private static final int TAP0 = 3;

    private static IpPrefix p(String text) {
        return IpPrefix.parse(text);
    }

    private static IpAddress a(String text) {
        return IpAddress.parse(text);
    }

    private static int v4(String text) {
        return Ipv4Address.parse(text).bits();
    }

    private static RoutingTable.Route route(RoutingTable table, String destination) {
        return table.lookup(a(destination), RoutingTable.ANY_INTERFACE, RoutingTable.InterfaceFilter.ALL);
    }

    @Test
    void longestPrefixWinsForIpv4() {
        RoutingTable table = RoutingTable.builder()
                .add(p("0.0.0.0/0"), a("192.0.2.1"), ETH0, 0, RouteOrigin.STATIC)
                .addOnLink(p("192.0.2.2/24"), ETH0, 0)
                .add(p("198.51.100.0/22"), a("192.0.2.254"), ETH0, 0, RouteOrigin.STATIC)
                .add(p("198.51.100.128/25"), a("203.0.113.1"), ETH1, 0, RouteOrigin.STATIC)
                .addOnLink(p("203.0.113.7/24"), ETH1, 0)
                .add(p("198.51.100.77/32"), null, TAP0, 0, RouteOrigin.STATIC)
                .build();
        assertEquals(p("192.0.2.0/24"), route(table, "192.0.2.99").destination());
        assertTrue(route(table, "192.0.2.99").isOnLink());
        assertEquals(v4("192.0.2.99"), route(table, "192.0.2.99").ipv4NextHop(v4("192.0.2.99")));
        assertEquals(p("198.51.100.0/22"), route(table, "198.51.103.255").destination());
        assertEquals(v4("192.0.2.254"), route(table, "198.51.101.1").ipv4NextHop(v4("198.51.101.1")));
        assertEquals(p("198.51.100.128/25"), route(table, "198.51.100.200").destination());
        assertEquals(ETH1, route(table, "198.51.100.200").interfaceIndex());
        assertEquals(p("198.51.100.77/32"), route(table, "198.51.100.77").destination());
        assertEquals(TAP0, route(table, "198.51.100.77").interfaceIndex());
        assertEquals(p("0.0.0.0/0"), route(table, "8.8.8.8").destination());
        assertEquals(p("0.0.0.0/0"), route(table, "255.255.255.254").destination(), "unsigned high addresses");
        assertEquals(p("0.0.0.0/0"), route(table, "198.51.104.0").destination(), "just past the /22");
    }

    @Test
    void withoutADefaultRouteUnmatchedDestinationsHaveNone() {
        RoutingTable table = RoutingTable.builder().addOnLink(p("192.0.2.2/24"), ETH0, 0).build();
        assertNull(route(table, "192.0.3.1"));
        assertNull(route(table, "2001:db8::1"), "no IPv6 routes at all");
        assertNull(RoutingTable.EMPTY.lookupIpv4(0));
        assertNull(RoutingTable.EMPTY.lookupIpv6(0, 0));
        assertEquals(0, RoutingTable.EMPTY.size());
    }

    @Test
    void lowerMetricThenEarlierOrderBreaksTies() {
        RoutingTable table = RoutingTable.builder()
                .add(p("0.0.0.0/0"), a("192.0.2.1"), ETH0, 100, RouteOrigin.STATIC)
                .add(p("0.0.0.0/0"), a("192.0.2.2"), ETH0, 50, RouteOrigin.STATIC)
                .add(p("0.0.0.0/0"), a("192.0.2.3"), ETH1, 50, RouteOrigin.STATIC)
                .build();
        assertEquals(a("192.0.2.2"), route(table, "8.8.8.8").gateway(), "metric 50, added before .3");
        RoutingTable derived = table.toBuilder()
                .add(p("0.0.0.0/0"), a("192.0.2.4"), ETH1, 50, RouteOrigin.STATIC)
                .removeIf(r -> a("192.0.2.2").equals(r.gateway()))
                .build();
        assertEquals(a("192.0.2.3"), route(derived, "8.8.8.8").gateway(),
                "a derived table keeps the original order: .3 came before .4");
        assertEquals(a("192.0.2.2"), route(table, "8.8.8.8").gateway(), "the published snapshot is unchanged");
    }

    @Test
    void unusableInterfacesAreSkippedDownToShorterPrefixes() {
        RoutingTable table = RoutingTable.builder()
                .addOnLink(p("192.0.2.2/24"), ETH0, 0)
                .add(p("0.0.0.0/0"), a("198.51.100.1"), ETH1, 200, RouteOrigin.STATIC)
                .add(p("0.0.0.0/0"), a("192.0.2.1"), ETH0, 100, RouteOrigin.STATIC)
                .addOnLink(p("198.51.100.2/24"), ETH1, 0)
                .build();
        boolean[] up = {false, true, true, true};
        RoutingTable.InterfaceFilter isUp = index -> up[index];
        int dst = v4("192.0.2.50");
        assertEquals(ETH0, table.lookupIpv4(dst, RoutingTable.ANY_INTERFACE, isUp).interfaceIndex());
        up[ETH0] = false;
        RoutingTable.Route fallback = table.lookupIpv4(dst, RoutingTable.ANY_INTERFACE, isUp);
        assertEquals(p("0.0.0.0/0"), fallback.destination(), "the /24 is down: the default route through eth1");
        assertEquals(ETH1, fallback.interfaceIndex());
        assertEquals(a("198.51.100.1"), fallback.gateway(), "the metric 100 default is on the down interface");
        up[ETH1] = false;
        assertNull(table.lookupIpv4(dst, RoutingTable.ANY_INTERFACE, isUp));
        assertEquals(ETH0, table.lookupIpv4(dst).interfaceIndex(), "no filter: configuration alone decides");
    }

    @Test
    void aLookupPinnedToAnInterfaceUsesOnlyItsRoutes() {
        RoutingTable table = RoutingTable.builder()
                .addOnLink(p("fe80::1/64"), ETH0, 256)
                .addOnLink(p("fe80::2/64"), ETH1, 256)
                .add(p("::/0"), a("fe80::99"), ETH1, 1024, RouteOrigin.ROUTER_ADVERTISEMENT)
                .build();
        Ipv6Address peer = Ipv6Address.parse("fe80::abcd");
        assertEquals(ETH0, table.lookupIpv6(peer.high(), peer.low()).interfaceIndex(), "first added, unpinned");
        assertEquals(ETH1, table.lookupIpv6(peer.high(), peer.low(), ETH1, RoutingTable.InterfaceFilter.ALL)
                .interfaceIndex());
        assertNull(table.lookupIpv6(peer.high(), peer.low(), TAP0, RoutingTable.InterfaceFilter.ALL));
        Ipv6Address global = Ipv6Address.parse("2001:db8::1");
        assertNull(table.lookupIpv6(global.high(), global.low(), ETH0, RoutingTable.InterfaceFilter.ALL),
                "the default route is not through eth0");
        assertEquals(ETH1, table.lookupIpv6(global.high(), global.low(), ETH1, RoutingTable.InterfaceFilter.ALL)
                .interfaceIndex());
    }

    @Test
    void longestPrefixWinsForIpv6AcrossTheHalves() {
        RoutingTable table = RoutingTable.builder()
                .add(p("::/0"), a("2001:db8::1"), ETH0, 1024, RouteOrigin.STATIC)
                .addOnLink(p("2001:db8::2/64"), ETH0, 256)
                .add(p("2001:db8:1::/48"), a("2001:db8::fe"), ETH0, 0, RouteOrigin.STATIC)
                .add(p("2001:db8:1:2::/63"), a("2001:db8::fd"), ETH0, 0, RouteOrigin.STATIC)
                .add(p("2001:db8:1:2:8000::/65"), null, ETH1, 0, RouteOrigin.STATIC)
                .add(p("2001:db8:1:2:8000::42/127"), null, TAP0, 0, RouteOrigin.STATIC)
                .add(p("2001:db8:1:2:8000::43/128"), null, ETH0, 0, RouteOrigin.STATIC)
                .build();
        assertEquals(p("2001:db8::/64"), route(table, "2001:db8::ffff").destination());
        assertEquals(p("2001:db8:1::/48"), route(table, "2001:db8:1:ffff::1").destination());
        assertEquals(p("2001:db8:1:2::/63"), route(table, "2001:db8:1:3::1").destination());
        assertEquals(p("2001:db8:1:2::/63"), route(table, "2001:db8:1:2:7fff::1").destination(), "bit 64 clear");
        assertEquals(p("2001:db8:1:2:8000::/65"), route(table, "2001:db8:1:2:8000::1").destination());
        assertEquals(p("2001:db8:1:2:8000::42/127"), route(table, "2001:db8:1:2:8000::42").destination());
        assertEquals(p("2001:db8:1:2:8000::43/128"), route(table, "2001:db8:1:2:8000::43").destination());
        assertEquals(p("::/0"), route(table, "2001:db9::1").destination());
        RoutingTable.Route viaGateway = route(table, "2001:db8:1:ffff::1");
        Ipv6Address gw = Ipv6Address.parse("2001:db8::fe");
        assertEquals(gw.high(), viaGateway.ipv6NextHopHigh(123));
        assertEquals(gw.low(), viaGateway.ipv6NextHopLow(456));
        RoutingTable.Route onLink = route(table, "2001:db8::ffff");
        assertEquals(123, onLink.ipv6NextHopHigh(123));
        assertEquals(456, onLink.ipv6NextHopLow(456));
    }

    @Test
    void onLinkMeansAGatewaylessRouteThroughThatInterface() {
        RoutingTable table = RoutingTable.builder()
                .addOnLink(p("192.0.2.2/24"), ETH0, 0)
                .add(p("10.0.0.0/8"), null, ETH1, 0, RouteOrigin.STATIC)
                .add(p("198.51.100.0/24"), a("192.0.2.1"), ETH0, 0, RouteOrigin.STATIC)
                .addOnLink(p("2001:db8::2/64"), ETH0, 256)
                .add(p("::/0"), a("2001:db8::1"), ETH0, 1024, RouteOrigin.STATIC)
                .build();
        assertTrue(table.isOnLink(a("192.0.2.1"), ETH0));
        assertFalse(table.isOnLink(a("192.0.2.1"), ETH1), "another interface's subnet");
        assertTrue(table.isOnLink(a("10.200.0.1"), ETH1), "a configured on-link route");
        assertFalse(table.isOnLink(a("198.51.100.9"), ETH0), "reached via a gateway");
        assertFalse(table.isOnLink(a("203.0.113.1"), ETH0));
        assertTrue(table.isOnLink(a("2001:db8::77"), ETH0));
        assertFalse(table.isOnLink(a("2001:db8:1::77"), ETH0), "only the default route via a gateway");
    }

    @Test
    void duplicatesAreKeptOnceAndBadRoutesRejected() {
        RoutingTable.Builder b = RoutingTable.builder()
                .addOnLink(p("192.0.2.2/24"), ETH0, 0)
                .addOnLink(p("192.0.2.3/24"), ETH0, 0) // a second address in the same subnet
                .add(p("192.0.2.0/24"), null, ETH0, 0, RouteOrigin.STATIC);
        assertEquals(1, b.build().size());
        assertThrows(IllegalArgumentException.class,
                () -> b.add(p("0.0.0.0/0"), a("2001:db8::1"), ETH0, 0, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class,
                () -> b.add(p("0.0.0.0/0"), a("224.0.0.1"), ETH0, 0, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class,
                () -> b.add(p("0.0.0.0/0"), a("0.0.0.0"), ETH0, 0, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class, () -> b.add(p("0.0.0.0/0"), null, 0, 0, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class,
                () -> b.add(p("0.0.0.0/0"), null, ETH0, -1, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class, () -> b.add(null, null, ETH0, 0, RouteOrigin.STATIC));
        assertThrows(IllegalArgumentException.class, () -> b.add(p("0.0.0.0/0"), null, ETH0, 0, null));
    }

    @Test
    void listingRemovalAndAdministrativeView() {
        RoutingTable table = RoutingTable.builder()
                .add(p("::/0"), a("2001:db8::1"), ETH0, 1024, RouteOrigin.STATIC)
                .add(p("0.0.0.0/0"), a("192.0.2.1"), ETH0, 0, RouteOrigin.STATIC)
                .addOnLink(p("198.51.100.9/24"), ETH1, 0)
                .addOnLink(p("192.0.2.2/24"), ETH0, 0)
                .build();
        List<String> listed = new ArrayList<>();
        for (RoutingTable.Route r : table.routes()) {
            listed.add(r.destination().toString());
        }
        assertEquals(List.of("192.0.2.0/24", "198.51.100.0/24", "0.0.0.0/0", "::/0"), listed);
        RoutingTable.Route first = table.routes().get(0);
        assertEquals(new RouteInfo(p("192.0.2.0/24"), null, "eth0", 0, RouteOrigin.CONNECTED),
                first.toRouteInfo("eth0"));
        assertEquals(24, first.prefixLength());
        assertEquals(v4("192.0.2.0"), first.ipv4Network());
        assertTrue(first.toString().contains("192.0.2.0/24 dev #1 metric 0 (connected)"), first.toString());
        assertTrue(table.toString().contains("via 2001:db8::1"), table.toString());
        RoutingTable without = table.toBuilder().removeInterface(ETH0).build();
        assertEquals(1, without.size());
        assertEquals(ETH1, without.routes().get(0).interfaceIndex());
        assertEquals(4, table.size(), "the original is untouched");
    }

    /** Hundreds of random routes of both families, checked against a linear scan, with and without a filter. */
    @Test
    void matchesABruteForceReference() {
        Random random = new Random(2024);
        int found = 0;
        int lookups = 0;
        for (int round = 0; round < 6; round++) {
            RoutingTable.Builder builder = RoutingTable.builder();
            List<RoutingTable.Route> added = new ArrayList<>();
            // A few base networks so that prefixes nest, plus random ones.
            int baseV4 = random.nextInt();
            long baseV6 = random.nextLong();
            for (int i = 0; i < 400; i++) {
                boolean ipv6 = random.nextBoolean();
                int length = ipv6 ? random.nextInt(129) : random.nextInt(33);
                IpAddress address;
                if (ipv6) {
                    long high = random.nextInt(4) == 0 ? random.nextLong() : baseV6 ^ (random.nextLong() >>> 40);
                    address = new Ipv6Address(high, random.nextLong());
                } else {
                    int bits = random.nextInt(4) == 0 ? random.nextInt() : baseV4 ^ (random.nextInt() >>> 12);
                    address = Ipv4Address.of(bits);
                }
                IpAddress gateway = random.nextBoolean() ? null
                        : ipv6 ? new Ipv6Address(0x2001_0db8_0000_0000L, 1 + random.nextInt(1000))
                                : Ipv4Address.of(v4("192.0.2.0") + 1 + random.nextInt(250));
                builder.add(new IpPrefix(address, length), gateway, 1 + random.nextInt(4), random.nextInt(3),
                        RouteOrigin.STATIC);
            }
            RoutingTable table = builder.build();
            added.addAll(table.routes());
            boolean[] up = {false, random.nextBoolean(), random.nextBoolean(), true, random.nextBoolean()};
            RoutingTable.InterfaceFilter filter = index -> up[index];
            for (int q = 0; q < 1500; q++) {
                IpAddress destination;
                if (random.nextBoolean()) {
                    // Near an existing route, so that long prefixes get hit.
                    RoutingTable.Route near = added.get(random.nextInt(added.size()));
                    destination = switch (near.destination().address()) {
                        case Ipv4Address n -> Ipv4Address.of(n.bits() ^ (random.nextInt() >>> random.nextInt(33)));
                        case Ipv6Address n -> new Ipv6Address(n.high() ^ (random.nextLong() >>> 60),
                                n.low() ^ (random.nextLong() >>> random.nextInt(64)));
                    };
                } else {
                    destination = random.nextBoolean() ? Ipv4Address.of(random.nextInt())
                            : new Ipv6Address(random.nextLong(), random.nextLong());
                }
                int pinned = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : RoutingTable.ANY_INTERFACE;
                RoutingTable.InterfaceFilter usable = random.nextBoolean() ? filter
                        : RoutingTable.InterfaceFilter.ALL;
                RoutingTable.Route expected = reference(added, destination, pinned, usable);
                assertSame(expected, table.lookup(destination, pinned, usable),
                        "round " + round + " destination " + destination);
                lookups++;
                found += expected != null && expected.prefixLength() > 0 ? 1 : 0;
                int index = 1 + random.nextInt(4);
                assertEquals(referenceOnLink(added, destination, index), table.isOnLink(destination, index),
                        "on-link " + destination + " on #" + index);
            }
        }
        assertTrue(found > lookups / 4, "too few non-default matches to mean anything: " + found + "/" + lookups);
    }

    private static RoutingTable.Route reference(List<RoutingTable.Route> routes, IpAddress destination,
            int pinned, RoutingTable.InterfaceFilter usable) {
        RoutingTable.Route best = null;
        for (RoutingTable.Route r : routes) {
            if (!r.destination().contains(destination)
                    || (pinned != RoutingTable.ANY_INTERFACE && r.interfaceIndex() != pinned)
                    || !usable.usable(r.interfaceIndex())) {
                continue;
            }
            if (best == null || r.prefixLength() > best.prefixLength()
                    || (r.prefixLength() == best.prefixLength() && (r.metric() < best.metric()
                            || (r.metric() == best.metric() && r.order() < best.order())))) {
                best = r;
            }
        }
        return best;
    }

    private static boolean referenceOnLink(List<RoutingTable.Route> routes, IpAddress address, int index) {
        for (RoutingTable.Route r : routes) {
            if (r.isOnLink() && r.interfaceIndex() == index && r.destination().contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void lookupsAllocateNothing() {
        RoutingTable.Builder builder = RoutingTable.builder();
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            builder.add(new IpPrefix(Ipv4Address.of(random.nextInt()), random.nextInt(33)), null, 1 + i % 3, 0,
                    RouteOrigin.STATIC);
            builder.add(new IpPrefix(new Ipv6Address(random.nextLong(), random.nextLong()), random.nextInt(129)),
                    null, 1 + i % 3, 0, RouteOrigin.STATIC);
        }
        RoutingTable table = builder.build();
        boolean[] up = {false, true, false, true};
        RoutingTable.InterfaceFilter filter = index -> up[index];
        long[] sink = {0};
        Random r = new Random();
        Runnable lookups = () -> {
            r.setSeed(9);
            for (int i = 0; i < 20_000; i++) {
                RoutingTable.Route v4 = table.lookupIpv4(r.nextInt(), RoutingTable.ANY_INTERFACE, filter);
                RoutingTable.Route v6 = table.lookupIpv6(r.nextLong(), r.nextLong(), 1 + i % 3,
                        RoutingTable.InterfaceFilter.ALL);
                sink[0] += (v4 == null ? 0 : v4.metric()) + (v6 == null ? 0 : 1)
                        + (table.isOnLinkIpv4(r.nextInt(), 1) ? 1 : 0)
                        + (table.isOnLinkIpv6(r.nextLong(), r.nextLong(), 2) ? 1 : 0);
            }
        };
        lookups.run();
        assertEquals(0, AllocationProbe.steadyStateBytes(lookups, 10), "bytes allocated by 80k lookups");
        assertTrue(sink[0] >= 0);
    }
}
