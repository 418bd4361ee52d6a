package netstack.ip.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.net.IpAddress;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.net.Ipv4Address;
import netstack.api.net.Ipv6Address;

/**
 * An immutable routing table for IPv4 and IPv6: longest-prefix match (RFC 1812 §5.2.4.3; RFC 4632 §5.1) over
 * on-link prefixes and routes through gateways, with default routes ({@code 0.0.0.0/0}, {@code ::/0}).
 *
 * <h2>Selection</h2>
 * Among the routes whose prefix contains the destination, the longest prefix wins; among routes of that prefix,
 * the lowest metric, then the one added first. Routes through interfaces the caller marks unusable (down,
 * detached) are skipped and the search goes on, down to shorter prefixes, as Linux does with
 * {@code ignore_routes_with_linkdown}; see {@link InterfaceFilter}. A lookup may also be pinned to one interface
 * (an IPv6 zone, {@code SO_BINDTODEVICE}).
 *
 * <h2>Structure and cost</h2>
 * One open-addressing hash table per prefix length present, keyed by the masked destination, probed from the
 * longest length down (the scheme of Waldvogel et al.'s "Scalable High Speed IP Routing Lookups" without the
 * binary search over lengths, which pays off only with dozens of lengths in use). A lookup costs one hash probe per
 * distinct prefix length in the table (typically under ten; at most 33 for IPv4, 129 for IPv6) plus a scan of the
 * routes sharing the matching prefix; it does not depend on the number of routes. Building costs O(n log n).
 *
 * <h2>Threading and publication</h2>
 * Immutable, hence thread-safe. The owner (the stack, under its configuration lock) derives a new table with
 * {@link #toBuilder()}, changes it and publishes the {@link Builder#build() built} table through a
 * {@code volatile} field; the data path reads that field and looks up without locks. A published table never
 * changes.
 *
 * <h2>Allocation</h2>
 * The {@code lookup} and {@code isOnLink} methods taking primitive addresses allocate nothing. Building allocates.
 */
final class RoutingTable {

    /**
     * Says which interfaces routes may use. Implementations are long-lived objects (e.g. a method reference
     * held in a field), so that a lookup allocates nothing.
     */
    @FunctionalInterface
    interface InterfaceFilter {
        /** Every interface is usable. */
        InterfaceFilter ALL = interfaceIndex -> true;

        /**
         * @param interfaceIndex an interface index (1 and up)
         * @return whether routes through it may be chosen
         */
        boolean usable(int interfaceIndex);
    }

    /** The interface-index value that pins no interface. Interface indices start at 1. */
    static final int ANY_INTERFACE = 0;

    /** An empty table. */
    static final RoutingTable EMPTY = new Builder().build();

    /**
     * One route: a destination prefix reached through an interface, directly (on-link) or via a gateway.
     * Immutable. Primitive accessors serve the data path; {@link #destination()} and {@link #gateway()} the
     * control path.
     */
    static final class Route {
        private final IpPrefix destination;
        private final IpAddress gateway;
        private final int interfaceIndex;
        private final int metric;
        private final RouteOrigin origin;
        private final long order;
        private final int prefixLength;
        private final long networkHigh;
        private final long networkLow;
        private final long gatewayHigh;
        private final long gatewayLow;

        private Route(IpPrefix destination, IpAddress gateway, int interfaceIndex, int metric, RouteOrigin origin,
                long order) {
            this.destination = destination;
            this.gateway = gateway;
            this.interfaceIndex = interfaceIndex;
            this.metric = metric;
            this.origin = origin;
            this.order = order;
            this.prefixLength = destination.length();
            switch (destination.address()) {
                case Ipv4Address v4 -> {
                    networkHigh = 0;
                    networkLow = v4.bits() & 0xffff_ffffL;
                }
                case Ipv6Address v6 -> {
                    networkHigh = v6.high();
                    networkLow = v6.low();
                }
            }
            switch (gateway) {
                case null -> {
                    gatewayHigh = 0;
                    gatewayLow = 0;
                }
                case Ipv4Address v4 -> {
                    gatewayHigh = 0;
                    gatewayLow = v4.bits() & 0xffff_ffffL;
                }
                case Ipv6Address v6 -> {
                    gatewayHigh = v6.high();
                    gatewayLow = v6.low();
                }
            }
        }

        /** @return the destination prefix, host bits clear */
        IpPrefix destination() {
            return destination;
        }

        /** @return the address family */
        IpFamily family() {
            return destination.family();
        }

        /** @return the prefix length in bits */
        int prefixLength() {
            return prefixLength;
        }

        /** @return the gateway, or {@code null} for an on-link route */
        IpAddress gateway() {
            return gateway;
        }

        /** @return {@code true} if destinations of this route are reached directly, without a gateway */
        boolean isOnLink() {
            return gateway == null;
        }

        /** @return the outgoing interface's index */
        int interfaceIndex() {
            return interfaceIndex;
        }

        /** @return the metric; lower is preferred among routes of one prefix */
        int metric() {
            return metric;
        }

        /** @return where the route came from */
        RouteOrigin origin() {
            return origin;
        }

        /** @return the order in which the route was added; breaks metric ties (earlier wins) */
        long order() {
            return order;
        }

        /** @return the IPv4 network bits */
        int ipv4Network() {
            return (int) networkLow;
        }

        /**
         * @param destination the IPv4 destination this route was found for
         * @return the IPv4 address to resolve on the link: the gateway, or the destination itself when on-link
         */
        int ipv4NextHop(int destination) {
            return gateway == null ? destination : (int) gatewayLow;
        }

        /**
         * @param destinationHigh the IPv6 destination's first 64 bits
         * @return the first 64 bits of the address to resolve on the link (gateway or destination)
         */
        long ipv6NextHopHigh(long destinationHigh) {
            return gateway == null ? destinationHigh : gatewayHigh;
        }

        /**
         * @param destinationLow the IPv6 destination's last 64 bits
         * @return the last 64 bits of the address to resolve on the link (gateway or destination)
         */
        long ipv6NextHopLow(long destinationLow) {
            return gateway == null ? destinationLow : gatewayLow;
        }

        /**
         * @param interfaceName the name of {@link #interfaceIndex()}
         * @return the administrative view of this route
         */
        RouteInfo toRouteInfo(String interfaceName) {
            return new RouteInfo(destination, gateway, interfaceName, metric, origin);
        }

        private boolean sameAs(Route other) {
            return destination.equals(other.destination) && java.util.Objects.equals(gateway, other.gateway)
                    && interfaceIndex == other.interfaceIndex && metric == other.metric;
        }

        @Override
        public String toString() {
            return destination + (gateway == null ? "" : " via " + gateway) + " dev #" + interfaceIndex
                    + " metric " + metric + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /**
     * Collects routes and builds a table. Not thread-safe; the owner uses it under its configuration lock.
     */
    static final class Builder {
        private final List<Route> routes;
        private long nextOrder;

        private Builder() {
            this.routes = new ArrayList<>();
        }

        private Builder(RoutingTable from) {
            this.routes = new ArrayList<>(Arrays.asList(from.routes));
            this.nextOrder = from.nextOrder;
        }

        /**
         * Adds a route. Host bits of the destination are cleared. A route equal to one already present
         * (destination, gateway, interface, metric) is not added twice.
         *
         * @param destination the destination prefix
         * @param gateway the next hop, or {@code null} for an on-link route
         * @param interfaceIndex the outgoing interface, 1 and up
         * @param metric 0 and up; lower wins among routes of one prefix
         * @param origin where the route came from
         * @return this builder
         * @throws IllegalArgumentException if the gateway's family differs from the destination's, the gateway
         *     is unspecified or multicast, the interface index is below 1 or the metric negative
         */
        Builder add(IpPrefix destination, IpAddress gateway, int interfaceIndex, int metric, RouteOrigin origin) {
            if (destination == null || origin == null) {
                throw new IllegalArgumentException("route destination and origin must not be null");
            }
            if (gateway != null && gateway.family() != destination.family()) {
                throw new IllegalArgumentException("route " + destination + ": gateway " + gateway
                        + " is not of the destination's family");
            }
            if (gateway != null && (gateway.isUnspecified() || gateway.isMulticast())) {
                throw new IllegalArgumentException("route " + destination + ": gateway " + gateway
                        + " is not a unicast address");
            }
            if (interfaceIndex < 1) {
                throw new IllegalArgumentException("route " + destination + ": interface index " + interfaceIndex
                        + " is below 1");
            }
            if (metric < 0) {
                throw new IllegalArgumentException("route " + destination + ": metric " + metric
                        + " is negative");
            }
            Route route = new Route(destination.network(), gateway, interfaceIndex, metric, origin, nextOrder);
            for (Route r : routes) {
                if (r.sameAs(route)) {
                    return this;
                }
            }
            nextOrder++;
            routes.add(route);
            return this;
        }

        /**
         * Adds the on-link (connected) route of an interface address: its network, no gateway.
         *
         * @param interfaceAddress an interface address with its prefix length, e.g. {@code 192.0.2.2/24}
         * @param interfaceIndex the interface
         * @param metric the metric (Linux uses 0 for IPv4 and 256 for IPv6 prefix routes)
         * @return this builder
         */
        Builder addOnLink(IpPrefix interfaceAddress, int interfaceIndex, int metric) {
            return add(interfaceAddress, null, interfaceIndex, metric, RouteOrigin.CONNECTED);
        }

        /**
         * @param filter says which routes to drop
         * @return this builder
         */
        Builder removeIf(Predicate<Route> filter) {
            routes.removeIf(filter);
            return this;
        }

        /**
         * Drops every route through an interface, e.g. when it is removed.
         *
         * @param interfaceIndex the interface
         * @return this builder
         */
        Builder removeInterface(int interfaceIndex) {
            return removeIf(r -> r.interfaceIndex == interfaceIndex);
        }

        /** @return a new immutable table with the routes collected so far */
        RoutingTable build() {
            return new RoutingTable(routes.toArray(Route[]::new), nextOrder);
        }
    }

    private static final Comparator<Route> PREFERENCE = Comparator.comparingInt(Route::metric)
            .thenComparingLong(Route::order);
    private static final Comparator<Route> LISTING = Comparator.<Route>comparingInt(r -> r.family().ordinal())
            .thenComparing(Comparator.comparingInt(Route::prefixLength).reversed())
            .thenComparing((x, y) -> x.networkHigh != y.networkHigh
                    ? Long.compareUnsigned(x.networkHigh, y.networkHigh)
                    : Long.compareUnsigned(x.networkLow, y.networkLow))
            .thenComparing(PREFERENCE);

    private final Route[] routes;
    private final long nextOrder;
    /** IPv4 levels, longest prefix first. */
    private final Level[] ipv4Levels;
    /** IPv6 levels, longest prefix first. */
    private final Level[] ipv6Levels;

    private RoutingTable(Route[] routes, long nextOrder) {
        Arrays.sort(routes, LISTING);
        this.routes = routes;
        this.nextOrder = nextOrder;
        this.ipv4Levels = levels(routes, IpFamily.IPV4);
        this.ipv6Levels = levels(routes, IpFamily.IPV6);
    }

    /** @return a builder with no routes */
    static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this table's routes (with their order), to derive a new table */
    Builder toBuilder() {
        return new Builder(this);
    }

    /** @return every route: IPv4 first, longest prefix first, then by network, metric and order */
    List<Route> routes() {
        return List.of(routes);
    }

    /** @return the number of routes */
    int size() {
        return routes.length;
    }

    // ---- IPv4 ----

    /**
     * @param destination an IPv4 destination
     * @return the best route through any interface, or {@code null} if none matches
     */
    Route lookupIpv4(int destination) {
        return lookupIpv4(destination, ANY_INTERFACE, InterfaceFilter.ALL);
    }

    /**
     * Longest-prefix match. Allocation-free.
     *
     * @param destination an IPv4 destination
     * @param interfaceIndex only routes through this interface, or {@link #ANY_INTERFACE}
     * @param usable routes through interfaces it rejects are skipped; {@link InterfaceFilter#ALL} for none
     * @return the best route, or {@code null} if none matches
     */
    Route lookupIpv4(int destination, int interfaceIndex, InterfaceFilter usable) {
        long key = destination & 0xffff_ffffL;
        for (Level level : ipv4Levels) {
            Route[] candidates = level.find(0, key & level.maskLow);
            if (candidates != null) {
                Route r = firstUsable(candidates, interfaceIndex, usable);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Whether an IPv4 address is on-link on an interface: inside the prefix of a route through that interface
     * without a gateway (the interface's own subnets, and on-link routes configured for it). Allocation-free.
     *
     * @param address an IPv4 address
     * @param interfaceIndex the interface
     * @return {@code true} if the address is reached directly on that interface's link
     */
    boolean isOnLinkIpv4(int address, int interfaceIndex) {
        long key = address & 0xffff_ffffL;
        for (Level level : ipv4Levels) {
            if (hasOnLink(level.find(0, key & level.maskLow), interfaceIndex)) {
                return true;
            }
        }
        return false;
    }

    // ---- IPv6 ----

    /**
     * @param destinationHigh the destination's first 64 bits
     * @param destinationLow the destination's last 64 bits
     * @return the best route through any interface, or {@code null} if none matches
     */
    Route lookupIpv6(long destinationHigh, long destinationLow) {
        return lookupIpv6(destinationHigh, destinationLow, ANY_INTERFACE, InterfaceFilter.ALL);
    }

    /**
     * Longest-prefix match. Allocation-free. For a link-local or otherwise scoped destination pass its zone as
     * {@code interfaceIndex}: {@code fe80::/64} is on-link on every interface (RFC 4007 §6).
     *
     * @param destinationHigh the destination's first 64 bits
     * @param destinationLow the destination's last 64 bits
     * @param interfaceIndex only routes through this interface, or {@link #ANY_INTERFACE}
     * @param usable routes through interfaces it rejects are skipped; {@link InterfaceFilter#ALL} for none
     * @return the best route, or {@code null} if none matches
     */
    Route lookupIpv6(long destinationHigh, long destinationLow, int interfaceIndex, InterfaceFilter usable) {
        for (Level level : ipv6Levels) {
            Route[] candidates = level.find(destinationHigh & level.maskHigh, destinationLow & level.maskLow);
            if (candidates != null) {
                Route r = firstUsable(candidates, interfaceIndex, usable);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Whether an IPv6 address is on-link on an interface (RFC 4861 §2.1 "on-link"): inside the prefix of a route
     * through that interface without a gateway. Allocation-free.
     *
     * @param addressHigh the address's first 64 bits
     * @param addressLow the address's last 64 bits
     * @param interfaceIndex the interface
     * @return {@code true} if the address is reached directly on that interface's link
     */
    boolean isOnLinkIpv6(long addressHigh, long addressLow, int interfaceIndex) {
        for (Level level : ipv6Levels) {
            if (hasOnLink(level.find(addressHigh & level.maskHigh, addressLow & level.maskLow), interfaceIndex)) {
                return true;
            }
        }
        return false;
    }

    // ---- either family (control path) ----

    /**
     * @param destination an address of either family
     * @param interfaceIndex only routes through this interface, or {@link #ANY_INTERFACE}
     * @param usable routes through interfaces it rejects are skipped
     * @return the best route, or {@code null}
     */
    Route lookup(IpAddress destination, int interfaceIndex, InterfaceFilter usable) {
        return switch (destination) {
            case Ipv4Address v4 -> lookupIpv4(v4.bits(), interfaceIndex, usable);
            case Ipv6Address v6 -> lookupIpv6(v6.high(), v6.low(), interfaceIndex, usable);
        };
    }

    /**
     * @param address an address of either family
     * @param interfaceIndex the interface
     * @return whether the address is on-link on that interface
     */
    boolean isOnLink(IpAddress address, int interfaceIndex) {
        return switch (address) {
            case Ipv4Address v4 -> isOnLinkIpv4(v4.bits(), interfaceIndex);
            case Ipv6Address v6 -> isOnLinkIpv6(v6.high(), v6.low(), interfaceIndex);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RoutingTable[");
        for (int i = 0; i < routes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(routes[i]);
        }
        return sb.append(']').toString();
    }

    // ---- internals ----

    private static Route firstUsable(Route[] candidates, int interfaceIndex, InterfaceFilter usable) {
        for (Route r : candidates) {
            if ((interfaceIndex == ANY_INTERFACE || r.interfaceIndex == interfaceIndex)
                    && usable.usable(r.interfaceIndex)) {
                return r;
            }
        }
        return null;
    }

    private static boolean hasOnLink(Route[] candidates, int interfaceIndex) {
        if (candidates != null) {
            for (Route r : candidates) {
                if (r.gateway == null && r.interfaceIndex == interfaceIndex) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Level[] levels(Route[] sorted, IpFamily family) {
        List<Level> levels = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            if (sorted[i].family() != family) {
                i++;
                continue;
            }
            // The listing order groups routes of one family and prefix length together, longest first.
            int length = sorted[i].prefixLength;
            int j = i;
            while (j < sorted.length && sorted[j].family() == family && sorted[j].prefixLength == length) {
                j++;
            }
            levels.add(new Level(family, length, Arrays.copyOfRange(sorted, i, j)));
            i = j;
        }
        return levels.toArray(Level[]::new);
    }

    private static long mix(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h *= 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    /** The routes of one prefix length, in an open-addressing table keyed by the masked network. */
    private static final class Level {
        final long maskHigh;
        final long maskLow;
        private final long[] keyHigh;
        private final long[] keyLow;
        /** Routes per network, by preference; null marks an empty cell. */
        private final Route[][] values;
        private final int cellMask;

        Level(IpFamily family, int length, Route[] routesOfLength) {
            if (family == IpFamily.IPV4) {
                maskHigh = 0;
                maskLow = length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
            } else {
                maskHigh = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
                maskLow = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
            }
            Route[] byNetwork = routesOfLength.clone();
            Arrays.sort(byNetwork, Comparator.<Route>comparingLong(r -> r.networkHigh)
                    .thenComparingLong(r -> r.networkLow).thenComparing(PREFERENCE));
            int networks = 0;
            for (int i = 0; i < byNetwork.length; i++) {
                if (i == 0 || !sameNetwork(byNetwork[i - 1], byNetwork[i])) {
                    networks++;
                }
            }
            int cells = Integer.highestOneBit(Math.max(2, networks * 2 - 1)) << 1;
            keyHigh = new long[cells];
            keyLow = new long[cells];
            values = new Route[cells][];
            cellMask = cells - 1;
            int i = 0;
            while (i < byNetwork.length) {
                int j = i + 1;
                while (j < byNetwork.length && sameNetwork(byNetwork[i], byNetwork[j])) {
                    j++;
                }
                put(byNetwork[i].networkHigh, byNetwork[i].networkLow, Arrays.copyOfRange(byNetwork, i, j));
                i = j;
            }
        }

        private static boolean sameNetwork(Route a, Route b) {
            return a.networkHigh == b.networkHigh && a.networkLow == b.networkLow;
        }

        private void put(long high, long low, Route[] routes) {
            int cell = (int) mix(high, low) & cellMask;
            while (values[cell] != null) {
                cell = (cell + 1) & cellMask;
            }
            keyHigh[cell] = high;
            keyLow[cell] = low;
            values[cell] = routes;
        }

        /** @return the routes of this masked network by preference, or null */
        Route[] find(long high, long low) {
            int cell = (int) mix(high, low) & cellMask;
            Route[] v;
            while ((v = values[cell]) != null) {
                if (keyHigh[cell] == high && keyLow[cell] == low) {
                    return v;
                }
                cell = (cell + 1) & cellMask;
            }
            return null;
        }
    }
}
