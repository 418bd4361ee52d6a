package netstack.ip.embed;

import java.util.Objects;
import java.util.function.LongSupplier;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkDriver;
import netstack.api.socket.NetStack;
import netstack.ip.buffer.PacketPool;
import netstack.ip.internal.StackHandle;
import netstack.ip.spi.TransportProtocol;

/**
 * A netstack stack without OSGi: for plain Java applications, and for tests and benchmarks that run several
 * stacks in one JVM (for example two stacks joined by the in-memory wire). It is the same stack the
 * {@code netstack.stack} component runs; here the caller does what Declarative Services does there: add drivers and
 * transports, and configure interfaces.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.builder().build()) {
 *     stack.addDriver(driver);                       // e.g. one end of a Wire, or a TAP link
 *     stack.configure("eth0", new String[] {"192.0.2.2/24"}, new String[0], 0);
 *     NetStack sockets = stack.netStack();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} detaches every driver and transport and, if the builder created the packet
 * pool, closes it.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final StackHandle handle;
    private final PacketPool pool;
    private final boolean ownsPool;

    private EmbeddedStack(StackHandle handle, PacketPool pool, boolean ownsPool) {
        this.handle = handle;
        this.pool = pool;
        this.ownsPool = ownsPool;
    }

    /** @return a builder with the defaults: a new native-memory pool and {@link System#nanoTime()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the socket API */
    public NetStack netStack() {
        return handle.netStack();
    }

    /** @return interfaces, routes, neighbors and counters */
    public StackAdmin admin() {
        return handle.admin();
    }

    /** @return the packet pool the stack uses */
    public PacketPool pool() {
        return pool;
    }

    /**
     * Attaches a driver to the interface it names ({@link LinkDriver#interfaceName()}), creating the interface if
     * needed. A later driver for the same name takes over; the earlier one stands by.
     *
     * @param driver the driver
     */
    public void addDriver(LinkDriver driver) {
        handle.bindDriver(Objects.requireNonNull(driver, "driver"));
    }

    /**
     * Detaches a driver; its interface stays, with its addresses, for a replacement (hot swap).
     *
     * @param driver the driver
     */
    public void removeDriver(LinkDriver driver) {
        handle.unbindDriver(driver);
    }

    /** @param protocol a transport protocol to serve its IP protocol number */
    public void addTransport(TransportProtocol protocol) {
        handle.bindTransport(Objects.requireNonNull(protocol, "protocol"));
    }

    /** @param protocol a transport protocol to withdraw */
    public void removeTransport(TransportProtocol protocol) {
        handle.unbindTransport(protocol);
    }

    /**
     * Sets an interface's addresses, routes and MTU, replacing what was set before (the same properties as a
     * {@code netstack.interface~NAME} configuration).
     *
     * @param interfaceName the interface
     * @param addresses CIDR addresses, IPv4 and IPv6, e.g. {@code "192.0.2.2/24"}, {@code "2001:db8::2/64"}
     * @param routes routes, e.g. {@code "default via 192.0.2.1"}, {@code "198.51.100.0/24 via 192.0.2.1 metric 10"}
     * @param mtuBytes the MTU, or 0 for the driver's
     * @throws IllegalArgumentException naming the bad value
     */
    public void configure(String interfaceName, String[] addresses, String[] routes, int mtuBytes) {
        handle.configure(interfaceName, addresses, routes, mtuBytes);
    }

    /**
     * Turns IPv4 forwarding between interfaces on or off (off by default: a host). On, the stack is a router (RFC
     * 1812): datagrams for other hosts go out by the routing table with their TTL decremented.
     *
     * @param enabled whether to forward
     */
    public void ipv4Forwarding(boolean enabled) {
        handle.ipv4Forwarding(enabled);
    }

    /**
     * Turns IPv6 forwarding between interfaces on or off (off by default: a host). On, the stack is a router (RFC
     * 8200 §3): packets for other global or unique-local destinations go out by the routing table with their Hop
     * Limit decremented; packets too big for the outgoing link are answered with Packet Too Big, never fragmented
     * (RFC 8200 §5). Packets with a link-local source or destination are never forwarded (RFC 4291 §2.5.6).
     *
     * @param enabled whether to forward
     */
    public void ipv6Forwarding(boolean enabled) {
        handle.ipv6Forwarding(enabled);
    }

    /** @param interfaceName an interface whose addresses and routes to remove */
    public void unconfigure(String interfaceName) {
        handle.unconfigure(interfaceName);
    }

    @Override
    public void close() {
        handle.close();
        if (ownsPool) {
            pool.close();
        }
    }

    /** Builds an {@link EmbeddedStack}. Not thread-safe. */
    public static final class Builder {
        private PacketPool pool;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /**
         * @param sharedPool a pool the caller owns and closes after the stack; default: a new pool the stack owns
         * @return this
         */
        public Builder pool(PacketPool sharedPool) {
            this.pool = Objects.requireNonNull(sharedPool, "pool");
            return this;
        }

        /**
         * @param monotonicNanos the stack's clock, e.g. a manual clock in simulations; default {@code System::nanoTime}
         * @return this
         */
        public Builder clock(LongSupplier monotonicNanos) {
            this.clock = Objects.requireNonNull(monotonicNanos, "clock");
            return this;
        }

        /** @return a new stack with no interfaces but those its drivers will create */
        public EmbeddedStack build() {
            boolean owns = pool == null;
            PacketPool p = owns ? new PacketPool() : pool;
            return new EmbeddedStack(new StackHandle(p, clock), p, owns);
        }
    }
}
