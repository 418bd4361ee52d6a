package netstack.ip.internal;

import java.util.function.LongSupplier;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkDriver;
import netstack.api.socket.NetStack;
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.TransportProtocol;

/**
 * The stack core behind {@code netstack.ip.embed.EmbeddedStack}: public only so that the exported embedding
 * package can reach it; not API (this package is not exported). One handle per stack, thread-safe as the stack is.
 */
public final class StackHandle implements AutoCloseable {

    private final Stack stack;
    private final Sockets sockets;

    /**
     * @param pool the packet pool; the caller closes it after {@link #close()}
     * @param clock monotonic nanoseconds
     */
    public StackHandle(PacketPool pool, LongSupplier clock) {
        this.stack = new Stack(pool, clock);
        this.sockets = new Sockets(stack);
    }

    /** @return the socket API of this stack */
    public NetStack netStack() {
        return sockets;
    }

    /** @return the operator views of this stack */
    public StackAdmin admin() {
        return stack;
    }

    /** @param driver a driver to bind, as a driver service would be */
    public void bindDriver(LinkDriver driver) {
        stack.bindDriver(driver);
    }

    /** @param driver a driver to unbind */
    public void unbindDriver(LinkDriver driver) {
        stack.unbindDriver(driver);
    }

    /** @param protocol a transport to bind */
    public void bindTransport(TransportProtocol protocol) {
        stack.bindTransport(protocol);
    }

    /** @param protocol a transport to unbind */
    public void unbindTransport(TransportProtocol protocol) {
        stack.unbindTransport(protocol);
    }

    /**
     * Configures an interface, as a {@code netstack.interface~NAME} configuration would.
     *
     * @param name the interface name
     * @param addresses CIDR addresses
     * @param routes routes like {@code "default via 192.0.2.1"}
     * @param mtuBytes the MTU, 0 for the driver's
     * @throws IllegalArgumentException naming the bad value
     */
    public void configure(String name, String[] addresses, String[] routes, int mtuBytes) {
        stack.configure(pid(name), InterfaceSettings.parse(name, addresses, routes, mtuBytes));
    }

    /** @param name an interface whose configuration to remove */
    public void unconfigure(String name) {
        stack.unconfigure(pid(name));
    }

    /** @param enabled whether to forward IPv4 datagrams between interfaces */
    public void ipv4Forwarding(boolean enabled) {
        stack.ipv4().forwarding(enabled);
    }

    /** @param enabled whether to forward IPv6 packets between interfaces */
    public void ipv6Forwarding(boolean enabled) {
        stack.ipv6().forwarding(enabled);
    }

    /** Detaches every driver and transport. */
    @Override
    public void close() {
        stack.close();
    }

    private static String pid(String name) {
        return "embedded~" + name;
    }
}
