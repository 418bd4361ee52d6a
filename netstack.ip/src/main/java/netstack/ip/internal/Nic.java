package netstack.ip.internal;

import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpPrefix;
import netstack.api.net.MacAddress;
import netstack.api.stats.InterfaceCounter;

/**
 * One network interface. It outlives its drivers: configuration (addresses, routes, MTU) and counters stay when
 * the driver goes away, and the next driver registered under the same name is attached to it (hot swap).
 *
 * <p>The data path ({@link #transmit}, {@link Attachment#deliver}) reads the current {@link Attachment} through a
 * volatile field and takes no lock. Attach and detach run under {@code Stack.configLock}.
 */
final class Nic {

    private static final System.Logger LOG = System.getLogger(Nic.class.getName());

    final String name;
    final int index;
    private final Stack stack;
    final AtomicCounters<InterfaceCounter> counters = new AtomicCounters<>(InterfaceCounter.class);

    /** The attached driver's context, or null while detached. Replaced, never mutated. */
    private volatile Attachment attachment;
    /** Every bound driver for this name, newest last; the newest is attached. Guarded by Stack.configLock. */
    private final Deque<LinkDriver> boundDrivers = new ArrayDeque<>();
    /** The configuration, or null while unconfigured. Guarded by Stack.configLock for writes. */
    private volatile InterfaceSettings settings;
    /** The framing of the last driver attached, kept while detached; null until one attaches. */
    private volatile LinkType lastLinkType;
    /** IPv4 on this link: addresses and the ARP cache; created with the Nic. */
    final Ipv4Link ipv4;
    /** IPv6 on this link: addresses, DAD and the NDP cache; created with the Nic. */
    final Ipv6Link ipv6;

    Nic(Stack stack, String name, int index) {
        this.stack = stack;
        this.name = name;
        this.index = index;
        this.ipv4 = new Ipv4Link(stack, this);
        this.ipv6 = new Ipv6Link(stack, this);
    }

    // ---- configuration side (called under Stack.configLock) ----

    void bind(LinkDriver driver) {
        boundDrivers.remove(driver);
        boundDrivers.addLast(driver);
        attach(driver);
    }

    /** @return true if the driver was bound here */
    boolean unbind(LinkDriver driver) {
        if (!boundDrivers.remove(driver)) {
            return false;
        }
        Attachment current = attachment;
        // Nothing attached (the newest driver failed to attach) counts like the attached one going away.
        if (current == null || current.driver == driver) {
            detachCurrent();
            LinkDriver fallback = boundDrivers.peekLast();
            if (fallback != null) {
                attach(fallback);
            }
        }
        return true;
    }

    private void attach(LinkDriver driver) {
        if (attachment != null) {
            detachCurrent();
        }
        Attachment next = new Attachment(driver);
        attachment = next;
        try {
            driver.attach(next);
            lastLinkType = next.linkType;
            ipv4.attached();
            LOG.log(System.Logger.Level.INFO, "interface {0}: attached {1}", name, driver.description());
        } catch (RuntimeException e) {
            next.valid = false;
            attachment = null;
            LOG.log(System.Logger.Level.ERROR, "interface " + name + ": driver " + driver.description()
                    + " failed to attach", e);
        }
    }

    private void detachCurrent() {
        Attachment current = attachment;
        attachment = null;
        if (current == null) {
            return;
        }
        // Invalidate first: frames a misbehaving driver still delivers are dropped and counted.
        current.valid = false;
        try {
            current.driver.detach();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "interface " + name + ": driver " + current.driver.description()
                    + " failed to detach cleanly", e);
        }
        ipv4.linkDown();
        ipv6.linkDown();
        LOG.log(System.Logger.Level.INFO, "interface {0}: detached {1}", name, current.driver.description());
    }

    void configure(InterfaceSettings newSettings) {
        settings = newSettings;
    }

    InterfaceSettings settings() {
        return settings;
    }

    /**
     * An interface stays once a driver has been attached to it, for as long as the stack runs, so that its index
     * (and with it IPv6 scope ids and sockets bound to it) stays valid across hot swaps; only an interface that
     * a configuration alone created, and that never had a driver, goes with that configuration.
     *
     * @return whether nothing holds this interface any more
     */
    boolean isUnused() {
        return settings == null && boundDrivers.isEmpty() && lastLinkType == null;
    }

    // ---- data path ----

    /**
     * Sends one frame through the attached driver. Ownership of {@code frame} passes to this method.
     * Allocation-free.
     *
     * @return true if the driver accepted the frame
     */
    boolean transmit(PacketBuffer frame) {
        Attachment a = attachment;
        if (a == null || !a.linkUp) {
            counters.increment(InterfaceCounter.IF_OUT_DISCARDS);
            frame.release();
            return false;
        }
        int length = frame.length();
        boolean group = a.linkType == LinkType.ETHERNET && length > 0
                && (frame.segment().get(ValueLayout.JAVA_BYTE, frame.start()) & 1) != 0;
        netstack.ip.internal.capture.Capture c = stack.capture();
        if (c != null) {
            c.record(index, a.linkType, netstack.ip.internal.capture.Direction.OUTBOUND, frame, stack.nowNanos());
        }
        if (a.driver.transmit(frame)) {
            counters.add(InterfaceCounter.IF_OUT_OCTETS, length);
            counters.increment(group ? InterfaceCounter.IF_OUT_NUCAST_PKTS : InterfaceCounter.IF_OUT_UCAST_PKTS);
            return true;
        }
        counters.increment(InterfaceCounter.IF_OUT_DISCARDS);
        return false;
    }

    private void receive(PacketBuffer frame, Attachment a) {
        int length = frame.length();
        netstack.ip.internal.capture.Capture c = stack.capture();
        if (c != null) {
            c.record(index, a.linkType, netstack.ip.internal.capture.Direction.INBOUND, frame, stack.nowNanos());
        }
        counters.add(InterfaceCounter.IF_IN_OCTETS, length);
        if (a.linkType == LinkType.ETHERNET) {
            if (length < 14) {
                counters.increment(InterfaceCounter.IF_IN_ERRORS);
                frame.release();
                return;
            }
            boolean group = (frame.segment().get(ValueLayout.JAVA_BYTE, frame.start()) & 1) != 0;
            counters.increment(group ? InterfaceCounter.IF_IN_NUCAST_PKTS : InterfaceCounter.IF_IN_UCAST_PKTS);
        } else {
            if (length < 1) {
                counters.increment(InterfaceCounter.IF_IN_ERRORS);
                frame.release();
                return;
            }
            counters.increment(InterfaceCounter.IF_IN_UCAST_PKTS);
        }
        stack.networkInput(this, a.linkType, frame);
    }

    // ---- views ----

    int effectiveMtu() {
        Attachment a = attachment;
        InterfaceSettings s = settings;
        int configured = s == null ? 0 : s.mtuBytes();
        if (a == null) {
            return configured;
        }
        return configured == 0 ? a.mtu : Math.min(configured, a.mtu);
    }

    InterfaceState state() {
        Attachment a = attachment;
        if (a == null) {
            return InterfaceState.DETACHED;
        }
        return a.linkUp ? InterfaceState.UP : InterfaceState.NO_CARRIER;
    }

    /** Counts a frame the output path dropped before it reached the driver. */
    void countOutDiscard() {
        counters.increment(InterfaceCounter.IF_OUT_DISCARDS);
    }

    /** @return the attached link's MAC address, or null (detached, or a raw-IP link) */
    MacAddress mac() {
        Attachment a = attachment;
        return a == null ? null : a.mac;
    }

    /** @return the attached link's framing, or null while detached */
    LinkType linkType() {
        Attachment a = attachment;
        return a == null ? null : a.linkType;
    }

    /** @return whether a driver is attached and has carrier */
    boolean isUp() {
        Attachment a = attachment;
        return a != null && a.linkUp;
    }

    LinkDriver attachedDriver() {
        Attachment a = attachment;
        return a == null ? null : a.driver;
    }

    InterfaceInfo info() {
        Attachment a = attachment;
        InterfaceSettings s = settings;
        List<InterfaceAddress> addresses = new ArrayList<>();
        if (s != null) {
            for (IpPrefix p : s.addresses()) {
                if (p.address() instanceof netstack.api.net.Ipv4Address) {
                    addresses.add(new InterfaceAddress(p, AddressState.PREFERRED, AddressOrigin.STATIC));
                }
            }
        }
        addresses.addAll(ipv6.info());
        // InterfaceInfo: the link type stays known while detached; only a never-attached interface has none.
        return new InterfaceInfo(name, index, a == null ? lastLinkType : a.linkType, a == null ? null : a.mac,
                effectiveMtu(), state(), addresses, a == null ? null : a.driver.description());
    }

    @Override
    public String toString() {
        return "Nic[" + name + "#" + index + ", " + state() + "]";
    }

    /**
     * The context one driver binding gets. Driver facts are read once at attach; a re-attached driver gets a new
     * attachment, so stale callbacks from an old binding are recognised by {@link #valid}.
     */
    final class Attachment implements LinkContext {
        final LinkDriver driver;
        final LinkType linkType;
        final int mtu;
        final MacAddress mac;
        final Set<LinkOffload> offloads;
        volatile boolean valid = true;
        volatile boolean linkUp;

        Attachment(LinkDriver driver) {
            this.driver = driver;
            this.linkType = driver.linkType();
            this.mtu = driver.mtu();
            this.mac = driver.macAddress();
            this.offloads = Set.copyOf(driver.offloads());
            this.linkUp = driver.isLinkUp();
        }

        @Override
        public String interfaceName() {
            return name;
        }

        @Override
        public PacketBuffer allocate(int minCapacity) {
            return stack.pool().allocate(minCapacity, stack.receiveHeadroom());
        }

        @Override
        public void deliver(PacketBuffer frame) {
            if (!valid) {
                counters.increment(InterfaceCounter.IF_IN_DISCARDS);
                frame.release();
                return;
            }
            receive(frame, this);
        }

        @Override
        public void linkStateChanged(boolean up) {
            if (valid && linkUp != up) {
                linkUp = up;
                LOG.log(System.Logger.Level.INFO, "interface {0}: link {1}", name, up ? "up" : "down");
                if (up) {
                    ipv6.carrierUp(stack.nowNanos());
                } else {
                    ipv6.linkDown();
                }
            }
        }

        @Override
        public void countDrop(boolean isReceive, boolean error) {
            counters.increment(isReceive
                    ? (error ? InterfaceCounter.IF_IN_ERRORS : InterfaceCounter.IF_IN_DISCARDS)
                    : (error ? InterfaceCounter.IF_OUT_ERRORS : InterfaceCounter.IF_OUT_DISCARDS));
        }
    }
}
