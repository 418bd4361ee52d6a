package netstack.ip.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpPrefix;
import netstack.api.stats.Counters;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import netstack.api.net.MacAddress;
import netstack.ip.wire.EtherType;
import netstack.ip.wire.EthernetFrame;
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.TransportProtocol;

/**
 * The stack core, free of OSGi so that tests and embeddings drive it directly: interfaces, driver binding,
 * interface configuration, routes, transports, counters.
 *
 * <p>Lock order: {@link #configLock}, then {@link #routesLock}, then an {@link Ipv6Link}'s monitor. The data path
 * reads {@link #nics}, {@link #transports} and {@link #routes} without locking; they are immutable and replaced
 * under {@link #configLock} (the routes under {@link #routesLock}, as routes learned from IPv6 routers change them
 * from the data path).
 */
final class Stack implements InterfaceRegistry, StackAdmin {

    private static final System.Logger LOG = System.getLogger(Stack.class.getName());
    /** Headroom of receive buffers: room to re-use a received packet for a reply with bigger headers. */
    private static final int RECEIVE_HEADROOM = 64;

    private final Object configLock = new Object();
    /** Serialises rebuilds of {@link #routes} and {@link #routing}: configuration and learned IPv6 routes. */
    private final Object routesLock = new Object();
    private final PacketPool pool;
    private final LongSupplier clock;
    final AtomicCounters<StackCounter> counters = new AtomicCounters<>(StackCounter.class);

    /** Interfaces in index order; copy-on-write. */
    private volatile Nic[] nics = new Nic[0];
    /** The same interfaces by index (slot 0 and removed interfaces' slots null); copy-on-write with {@link #nics}. */
    private volatile Nic[] nicsByIndex = new Nic[1];
    /** The bound transport per IP protocol number; copy-on-write. */
    private volatile TransportBinding[] transports = new TransportBinding[256];
    /** Routes, most specific first; copy-on-write. */
    private volatile List<RouteInfo> routes = List.of();
    /** Every interface's IPv4 addresses, sorted, for the data path's "is it ours?"; copy-on-write. */
    private volatile int[] localIpv4 = new int[0];
    /** The same routes, for lookups on the data path; copy-on-write. */
    private volatile RoutingTable routing = RoutingTable.EMPTY;
    private static final ThreadLocal<Views> VIEWS = ThreadLocal.withInitial(Views::new);
    private final StackLoop loop;
    /** The running packet capture, or null. */
    private volatile netstack.ip.internal.capture.Capture capture;
    private final Ipv4Layer ipv4;
    private final Ipv6Layer ipv6;

    // Guarded by configLock.
    private int nextIndex = 1;
    private final Map<String, String> nameByPid = new HashMap<>();
    private final Map<Integer, Deque<TransportProtocol>> boundTransports = new HashMap<>();

    /**
     * @param pool the packet pool; owned by the caller, who closes it after {@link #close()}
     * @param clock monotonic nanoseconds
     */
    Stack(PacketPool pool, LongSupplier clock) {
        this.pool = pool;
        this.clock = clock;
        this.loop = new StackLoop(clock, "-" + Integer.toHexString(System.identityHashCode(this)));
        this.ipv4 = new Ipv4Layer(this);
        this.ipv6 = new Ipv6Layer(this);
    }

    Ipv6Layer ipv6() {
        return ipv6;
    }

    StackLoop loop() {
        return loop;
    }

    Ipv4Layer ipv4() {
        return ipv4;
    }

    /** @return this thread's reusable wire views */
    Views views() {
        return VIEWS.get();
    }

    /** @return the interfaces, in index order; do not modify */
    Nic[] nicArray() {
        return nics;
    }

    /**
     * @param index an interface index
     * @return the interface, or null
     */
    Nic nicByIndex(int index) {
        Nic[] byIndex = nicsByIndex;
        return index > 0 && index < byIndex.length ? byIndex[index] : null;
    }

    /** Publishes a new interface table, and the index lookup with it; under {@link #configLock}. */
    private void publish(Nic[] table) {
        int max = 0;
        for (Nic n : table) {
            max = Math.max(max, n.index);
        }
        Nic[] byIndex = new Nic[max + 1];
        for (Nic n : table) {
            byIndex[n.index] = n;
        }
        nicsByIndex = byIndex;
        nics = table;
    }

    /** @return the loopback interface (the first raw-IP interface that is up), or null */
    Nic loopbackNic() {
        for (Nic nic : nics) {
            if (nic.linkType() == LinkType.RAW_IP && nic.isUp()) {
                return nic;
            }
        }
        return null;
    }

    /**
     * @param address an IPv4 address
     * @return whether any interface has it (weak host model); a binary search, allocation-free
     */
    boolean isLocalIpv4(int address) {
        return Arrays.binarySearch(localIpv4, address) >= 0;
    }

    /** @return the routing table; immutable */
    RoutingTable routing() {
        return routing;
    }

    /**
     * @param interfaceIndex an interface index
     * @return whether routes through it may be used: the interface is attached and has carrier
     */
    boolean isInterfaceUsable(int interfaceIndex) {
        Nic nic = nicByIndex(interfaceIndex);
        return nic != null && nic.isUp();
    }

    PacketPool pool() {
        return pool;
    }

    long nowNanos() {
        return clock.getAsLong();
    }

    int receiveHeadroom() {
        return RECEIVE_HEADROOM;
    }

    // ---- drivers ----

    /**
     * Binds a driver to the interface it names, creating the interface if needed. The newest driver for a name
     * is the attached one; older ones stand by and take over if it goes away.
     */
    void bindDriver(LinkDriver driver) {
        String name = driver.interfaceName();
        InterfaceSettings.checkName(name);
        synchronized (configLock) {
            Nic nic = nicFor(name);
            nic.bind(driver);
            refreshIpv6(nic);
        }
    }

    /** Unbinds a driver; its interface stays, detached unless another driver for it is bound (see Nic#isUnused). */
    void unbindDriver(LinkDriver driver) {
        synchronized (configLock) {
            for (Nic nic : nics) {
                if (nic.unbind(driver)) {
                    refreshIpv6(nic);
                    removeIfUnused(nic);
                    return;
                }
            }
        }
    }

    // ---- configuration ----

    @Override
    public void configure(String configurationPid, InterfaceSettings settings) {
        synchronized (configLock) {
            String previousName = nameByPid.get(configurationPid);
            for (Map.Entry<String, String> e : nameByPid.entrySet()) {
                if (e.getValue().equals(settings.name()) && !e.getKey().equals(configurationPid)) {
                    throw new IllegalArgumentException("interface " + settings.name()
                            + " is already configured by " + e.getKey() + "; not applying " + configurationPid);
                }
            }
            if (previousName != null && !previousName.equals(settings.name())) {
                unconfigureLocked(configurationPid);
            }
            nameByPid.put(configurationPid, settings.name());
            nicFor(settings.name()).configure(settings);
            rebuildRoutes();
            LOG.log(System.Logger.Level.INFO, "interface {0}: configured {1}", settings.name(), settings);
        }
    }

    @Override
    public void unconfigure(String configurationPid) {
        synchronized (configLock) {
            unconfigureLocked(configurationPid);
            rebuildRoutes();
        }
    }

    private void unconfigureLocked(String configurationPid) {
        String name = nameByPid.remove(configurationPid);
        if (name == null) {
            return;
        }
        Nic nic = find(name);
        if (nic != null) {
            nic.configure(null);
            removeIfUnused(nic);
        }
    }

    private Nic nicFor(String name) {
        Nic existing = find(name);
        if (existing != null) {
            return existing;
        }
        Nic created = new Nic(this, name, nextIndex++);
        Nic[] grown = Arrays.copyOf(nics, nics.length + 1);
        grown[grown.length - 1] = created;
        publish(grown);
        return created;
    }

    private void removeIfUnused(Nic nic) {
        if (nic.isUnused()) {
            publish(Arrays.stream(nics).filter(n -> n != nic).toArray(Nic[]::new));
        }
    }

    Nic find(String name) {
        for (Nic nic : nics) {
            if (nic.name.equals(name)) {
                return nic;
            }
        }
        return null;
    }

    /** Recomputes an interface's IPv6 addresses (the link-local one depends on the attached driver's MAC). */
    private void refreshIpv6(Nic nic) {
        InterfaceSettings s = nic.settings();
        nic.ipv6.refresh(s == null ? List.of() : s.addresses(), nowNanos());
    }

    /**
     * Routes learned from Router Advertisements changed: rebuild the routing table. Called on receive threads and
     * the stack loop, so it takes {@link #routesLock} only, never {@link #configLock}: {@link #close()} holds that
     * while drivers stop their receive threads.
     */
    void ipv6RoutesChanged() {
        rebuildRoutes();
    }

    /** Linux's metric for routes learned from Router Advertisements. */
    private static final int RA_ROUTE_METRIC = 1024;

    private void rebuildRoutes() {
        synchronized (routesLock) {
            rebuildRoutesLocked();
        }
    }

    private void rebuildRoutesLocked() {
        List<RouteInfo> table = new ArrayList<>();
        for (Nic nic : nics) {
            refreshIpv6(nic);
            InterfaceSettings s = nic.settings();
            if (s == null) {
                continue;
            }
            for (Ipv6Link.LearnedRoute r : nic.ipv6.learnedRoutes()) {
                table.add(new RouteInfo(r.destination(), r.gateway(), nic.name, RA_ROUTE_METRIC,
                        RouteOrigin.ROUTER_ADVERTISEMENT));
            }
            for (IpPrefix address : s.addresses()) {
                RouteInfo connected = new RouteInfo(address.network(), null, nic.name, 0, RouteOrigin.CONNECTED);
                if (!table.contains(connected)) {
                    table.add(connected);
                }
            }
            table.addAll(s.routes());
        }
        RoutingTable.Builder builder = RoutingTable.builder();
        for (Nic nic : nics) {
            InterfaceSettings s = nic.settings();
            nic.ipv4.addresses(s == null ? List.of() : s.addresses());
            if (s == null) {
                continue;
            }
            for (Ipv6Link.LearnedRoute r : nic.ipv6.learnedRoutes()) {
                builder.add(r.destination(), r.gateway(), nic.index, RA_ROUTE_METRIC, RouteOrigin.ROUTER_ADVERTISEMENT);
            }
            for (IpPrefix address : s.addresses()) {
                builder.addOnLink(address, nic.index, 0);
            }
            for (RouteInfo r : s.routes()) {
                builder.add(r.destination(), r.gateway(), nic.index, r.metric(), r.origin());
            }
        }
        routing = builder.build();
        int count = 0;
        for (Nic nic : nics) {
            count += nic.ipv4.addressArray().length;
        }
        int[] local = new int[count];
        int at = 0;
        for (Nic nic : nics) {
            for (int a : nic.ipv4.addressArray()) {
                local[at++] = a;
            }
        }
        Arrays.sort(local);
        localIpv4 = local;
        table.sort(Comparator.<RouteInfo>comparingInt(r -> r.destination().family().ordinal())
                .thenComparing(Comparator.<RouteInfo>comparingInt(r -> r.destination().length()).reversed())
                .thenComparingInt(RouteInfo::metric));
        routes = List.copyOf(table);
    }

    // ---- transports ----

    /** Binds a transport; the first one bound for a protocol number serves, later ones stand by. */
    void bindTransport(TransportProtocol protocol) {
        int number = protocol.protocolNumber();
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("transport " + protocol.name() + " has protocol number " + number
                    + " outside 0..255");
        }
        synchronized (configLock) {
            Deque<TransportProtocol> bound = boundTransports.computeIfAbsent(number, k -> new ArrayDeque<>());
            bound.addLast(protocol);
            if (transports[number] == null) {
                activateTransport(number, protocol);
            }
        }
    }

    void unbindTransport(TransportProtocol protocol) {
        int number = protocol.protocolNumber();
        synchronized (configLock) {
            Deque<TransportProtocol> bound = boundTransports.get(number);
            if (bound == null || !bound.remove(protocol)) {
                return;
            }
            TransportBinding current = transports[number];
            if (current != null && current.protocol() == protocol) {
                TransportBinding[] next = transports.clone();
                next[number] = null;
                transports = next;
                current.close();
                try {
                    protocol.detach();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "transport " + protocol.name() + " failed to detach", e);
                }
                TransportProtocol standby = bound.peekFirst();
                if (standby != null) {
                    activateTransport(number, standby);
                }
            }
            if (bound.isEmpty()) {
                boundTransports.remove(number);
            }
        }
    }

    private void activateTransport(int number, TransportProtocol protocol) {
        TransportBinding binding = new TransportBinding(this, protocol);
        protocol.attach(binding);
        TransportBinding[] next = transports.clone();
        next[number] = binding;
        transports = next;
        LOG.log(System.Logger.Level.INFO, "transport {0} (IP protocol {1}) bound", protocol.name(), number);
    }

    /** @return the transport serving an IP protocol number, or null */
    TransportProtocol transport(int number) {
        TransportBinding b = transports[number];
        return b == null ? null : b.protocol();
    }

    // ---- data path ----

    /**
     * Receives a frame from an interface. Ownership of {@code frame} passes here. Ethernet frames are filtered by
     * destination (ours, broadcast, multicast; others, seen by promiscuous drivers, are dropped) and dispatched by
     * EtherType; raw-IP frames (loopback) by the IP version.
     */
    void networkInput(Nic nic, LinkType linkType, PacketBuffer frame) {
        long now = nowNanos();
        if (linkType == LinkType.ETHERNET) {
            EthernetFrame ethernet = views().ethernet.wrap(frame);
            EthernetFrame.Status status = ethernet.check();
            if (status == EthernetFrame.Status.TRUNCATED) {
                nic.counters.increment(InterfaceCounter.IF_IN_ERRORS);
                frame.release();
                return;
            }
            MacAddress ours = nic.mac();
            long destination = ethernet.destination();
            if (!ethernet.isDestinationMulticast() && (ours == null || destination != ours.bits())) {
                nic.counters.increment(InterfaceCounter.IF_IN_DISCARDS);
                frame.release();
                return;
            }
            int etherType = status == EthernetFrame.Status.LENGTH_FIELD ? -1 : ethernet.etherType();
            int headerBytes = ethernet.headerLengthBytes();
            switch (etherType) {
                case EtherType.IPV4 -> {
                    frame.consume(headerBytes);
                    ipv4.receive(nic, frame, now);
                }
                case EtherType.IPV6 -> {
                    boolean linkMulticast = ethernet.isDestinationMulticast();
                    frame.consume(headerBytes);
                    ipv6.receive(nic, frame, linkMulticast, now);
                }
                case EtherType.ARP -> {
                    frame.consume(headerBytes);
                    nic.ipv4.receiveArp(frame, views().arp, now);
                }
                default -> {
                    nic.counters.increment(InterfaceCounter.IF_IN_UNKNOWN_PROTOS);
                    counters.increment(StackCounter.LINK_IN_UNKNOWN_ETHERTYPES);
                    frame.release();
                }
            }
            return;
        }
        int version = frame.length() == 0 ? 0
                : (frame.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, frame.start()) & 0xf0) >>> 4;
        if (version == 4) {
            ipv4.receive(nic, frame, now);
        } else if (version == 6) {
            ipv6.receive(nic, frame, false, now);
        } else {
            nic.counters.increment(InterfaceCounter.IF_IN_UNKNOWN_PROTOS);
            frame.release();
        }
    }

    // ---- StackAdmin ----

    @Override
    public List<InterfaceInfo> interfaces() {
        Nic[] snapshot = nics;
        List<InterfaceInfo> list = new ArrayList<>(snapshot.length);
        for (Nic nic : snapshot) {
            list.add(nic.info());
        }
        return List.copyOf(list);
    }

    @Override
    public Optional<InterfaceInfo> findInterface(String name) {
        return Optional.ofNullable(find(name)).map(Nic::info);
    }

    @Override
    public List<RouteInfo> routes() {
        return routes;
    }

    @Override
    public List<NeighborInfo> neighbors() {
        List<NeighborInfo> all = new ArrayList<>();
        for (Nic nic : nics) {
            all.addAll(nic.ipv4.arp().snapshot());
            all.addAll(nic.ipv6.ndp().snapshot());
        }
        return List.copyOf(all);
    }

    @Override
    public Counters<StackCounter> counters() {
        return counters.snapshot();
    }

    @Override
    public Optional<Counters<InterfaceCounter>> interfaceCounters(String name) {
        return Optional.ofNullable(find(name)).map(n -> n.counters.snapshot());
    }

    @Override
    public List<Integer> transportProtocols() {
        TransportBinding[] snapshot = transports;
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] != null) {
                list.add(i);
            }
        }
        return List.copyOf(list);
    }

    @Override
    public Optional<netstack.api.admin.EchoReply> echo(netstack.api.net.IpAddress destination, int payloadBytes,
            java.time.Duration timeout) throws java.io.IOException {
        if (destination instanceof netstack.api.net.Ipv6Address v6) {
            // A link-scoped destination (fe80::/10, ff02::/16) carries no zone in IpAddress: it is sent out of the
            // only Ethernet interface that is up (see StackAdmin#echo).
            return Optional.ofNullable(ipv6.echo(v6, 0, payloadBytes, timeout.toNanos()));
        }
        if (!(destination instanceof netstack.api.net.Ipv4Address v4)) {
            throw new netstack.api.socket.ProtocolNotAvailableException(netstack.api.socket.Errno.EAFNOSUPPORT,
                    "echo to " + destination + ": unsupported address family");
        }
        return Optional.ofNullable(ipv4.echo(v4.bits(), payloadBytes, timeout.toNanos()));
    }

    /** @return the running capture, or null; read on the data path */
    netstack.ip.internal.capture.Capture capture() {
        return capture;
    }

    @Override
    public void startCapture(java.nio.file.Path file, String interfaceName) throws java.io.IOException {
        synchronized (configLock) {
            if (capture != null) {
                throw new IllegalStateException("a capture into " + capture.target() + " is running; stop it first");
            }
            int index = netstack.ip.internal.capture.Capture.Options.ALL_INTERFACES;
            if (interfaceName != null) {
                Nic nic = find(interfaceName);
                if (nic == null) {
                    throw new IllegalArgumentException("no interface " + interfaceName);
                }
                index = nic.index;
            }
            long wallOffset = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())
                    - nowNanos();
            capture = netstack.ip.internal.capture.Capture.start(file,
                    netstack.ip.internal.capture.Capture.Options.defaults().withInterface(index)
                            .withTimestampOffset(wallOffset),
                    i -> {
                        Nic n = nicByIndex(i);
                        return n == null ? "if" + i : n.name;
                    });
        }
    }

    @Override
    public Optional<netstack.api.admin.CaptureSummary> stopCapture() {
        netstack.ip.internal.capture.Capture running;
        synchronized (configLock) {
            running = capture;
            capture = null;
        }
        if (running == null) {
            return Optional.empty();
        }
        netstack.ip.internal.capture.CaptureStats s = running.stop();
        return Optional.of(new netstack.api.admin.CaptureSummary(running.target(), s.capturedPackets(),
                s.droppedPackets(), s.writtenPackets(), s.writtenBytes(), s.error()));
    }

    /** Detaches every driver and transport; the stack is unusable afterwards. */
    void close() {
        synchronized (configLock) {
            for (Deque<TransportProtocol> bound : List.copyOf(boundTransports.values())) {
                for (TransportProtocol p : List.copyOf(bound)) {
                    unbindTransport(p);
                }
            }
            for (Nic nic : nics) {
                LinkDriver d;
                while ((d = nic.attachedDriver()) != null) {
                    nic.unbind(d);
                }
            }
            publish(new Nic[0]);
            nameByPid.clear();
            synchronized (routesLock) {
                routes = List.of();
                routing = RoutingTable.EMPTY;
                localIpv4 = new int[0];
            }
        }
        stopCapture();
        loop.close();
        ipv4.close();
        ipv6.close();
    }
}
