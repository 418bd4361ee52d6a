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
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.TransportProtocol;

/**
 * The stack core, free of OSGi so that tests and embeddings drive it directly: interfaces, driver binding,
 * interface configuration, routes, transports, counters.
 *
 * <p>Lock order: {@link #configLock}, then nothing. The data path reads {@link #nics}, {@link #transports} and
 * {@link #routes} without locking; they are immutable and replaced under {@link #configLock}.
 */
final class Stack implements InterfaceRegistry, StackAdmin {

    private static final System.Logger LOG = System.getLogger(Stack.class.getName());
    /** Headroom of receive buffers: room to re-use a received packet for a reply with bigger headers. */
    private static final int RECEIVE_HEADROOM = 64;

    private final Object configLock = new Object();
    private final PacketPool pool;
    private final LongSupplier clock;
    final AtomicCounters<StackCounter> counters = new AtomicCounters<>(StackCounter.class);

    /** Interfaces in index order; copy-on-write. */
    private volatile Nic[] nics = new Nic[0];
    /** The bound transport per IP protocol number; copy-on-write. */
    private volatile TransportBinding[] transports = new TransportBinding[256];
    /** Routes, most specific first; copy-on-write. */
    private volatile List<RouteInfo> routes = List.of();

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
            nicFor(name).bind(driver);
        }
    }

    /** Unbinds a driver; its interface stays, detached unless another driver for it is bound (see Nic#isUnused). */
    void unbindDriver(LinkDriver driver) {
        synchronized (configLock) {
            for (Nic nic : nics) {
                if (nic.unbind(driver)) {
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
        nics = grown;
        return created;
    }

    private void removeIfUnused(Nic nic) {
        if (nic.isUnused()) {
            nics = Arrays.stream(nics).filter(n -> n != nic).toArray(Nic[]::new);
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

    private void rebuildRoutes() {
        List<RouteInfo> table = new ArrayList<>();
        for (Nic nic : nics) {
            InterfaceSettings s = nic.settings();
            if (s == null) {
                continue;
            }
            for (IpPrefix address : s.addresses()) {
                RouteInfo connected = new RouteInfo(address.network(), null, nic.name, 0, RouteOrigin.CONNECTED);
                if (!table.contains(connected)) {
                    table.add(connected);
                }
            }
            table.addAll(s.routes());
        }
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
     * Receives a frame from an interface. Ownership of {@code frame} passes here. The network layer (IPv4,
     * IPv6, ARP, NDP) is not part of this bundle yet: every frame is counted as an unknown protocol on its
     * interface and dropped, so nothing leaks and the counters tell the truth.
     */
    void networkInput(Nic nic, LinkType linkType, PacketBuffer frame) {
        nic.counters.increment(InterfaceCounter.IF_IN_UNKNOWN_PROTOS);
        if (linkType == LinkType.ETHERNET) {
            counters.increment(StackCounter.LINK_IN_UNKNOWN_ETHERTYPES);
        }
        frame.release();
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
        // Neighbor caches belong to the network layer (ARP, NDP), which this version does not include.
        return List.of();
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
            nics = new Nic[0];
            nameByPid.clear();
            routes = List.of();
        }
    }
}
