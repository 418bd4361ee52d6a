package netstack.ip.internal;

import java.util.List;
import java.util.Optional;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.NeighborInfo;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkDriver;
import netstack.api.socket.NetStack;
import netstack.api.socket.RawSocket;
import netstack.api.socket.TcpSocket;
import netstack.api.socket.UdpSocket;
import netstack.api.net.IpFamily;
import netstack.api.stats.Counters;
import netstack.api.stats.InterfaceCounter;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.spi.TransportProtocol;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The stack as a DS component: publishes {@link NetStack} and {@link StackAdmin} (and the bundle-private
 * {@link InterfaceRegistry}), and binds every {@link LinkDriver} and {@link TransportProtocol} service
 * dynamically and greedily, so drivers and protocols come and go while the stack runs.
 */
@Component(
        name = "netstack.stack",
        configurationPid = "netstack.stack",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = {NetStack.class, StackAdmin.class, InterfaceRegistry.class})
@Designate(ocd = StackComponent.Config.class)
public final class StackComponent implements NetStack, StackAdmin, InterfaceRegistry {

    /** Stack-wide settings, PID {@code netstack.stack}. */
    @ObjectClassDefinition(
            name = "netstack stack",
            description = "Stack-wide settings of netstack. Changing them restarts the stack component.")
    public @interface Config {

        /** @return whether packet buffers live in native memory */
        @AttributeDefinition(name = "Native packet buffers",
                description = "Packet buffers in native (off-heap) memory; false puts them on the Java heap.")
        boolean bufferNative() default true;

        /** @return whether the pool tracks leases */
        @AttributeDefinition(name = "Track buffer leaks",
                description = "Record where every packet buffer was allocated and report buffers lost without"
                        + " release. Costs an allocation per packet: for debugging.")
        boolean bufferTrackLeaks() default false;

        /** @return whether IPv4 datagrams are forwarded between interfaces */
        @AttributeDefinition(name = "IPv4 forwarding",
                description = "Forward IPv4 datagrams addressed to other hosts between interfaces (a router, like"
                        + " Linux net.ipv4.ip_forward=1). Off: a host, which drops them.")
        boolean ipv4Forwarding() default false;

        /** @return whether IPv6 packets are forwarded between interfaces */
        @AttributeDefinition(name = "IPv6 forwarding",
                description = "Forward IPv6 packets addressed to other hosts between interfaces (a router, like"
                        + " Linux net.ipv6.conf.all.forwarding=1). Off: a host, which drops them.")
        boolean ipv6Forwarding() default false;
    }

    private final PacketPool pool;
    private final Stack stack;
    private final Sockets sockets;

    /**
     * Creates the stack before any reference is bound.
     *
     * @param config the stack settings
     */
    @Activate
    public StackComponent(Config config) {
        this.pool = new PacketPool(PacketPool.Options.defaults()
                .withDirect(config.bufferNative())
                .withTrackLeaks(config.bufferTrackLeaks()));
        this.stack = new Stack(pool, System::nanoTime);
        stack.ipv4().forwarding(config.ipv4Forwarding());
        stack.ipv6().forwarding(config.ipv6Forwarding());
        this.sockets = new Sockets(stack);
    }

    @Deactivate
    void deactivate() {
        stack.close();
        pool.close();
    }

    /** @param driver a link driver service */
    @Reference(
            service = LinkDriver.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLinkDriver(LinkDriver driver) {
        stack.bindDriver(driver);
    }

    void unbindLinkDriver(LinkDriver driver) {
        stack.unbindDriver(driver);
    }

    /** @param protocol a transport protocol service */
    @Reference(
            service = TransportProtocol.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransportProtocol(TransportProtocol protocol) {
        stack.bindTransport(protocol);
    }

    void unbindTransportProtocol(TransportProtocol protocol) {
        stack.unbindTransport(protocol);
    }

    // ---- NetStack ----

    @Override
    public TcpSocket openTcp(IpFamily family) throws java.io.IOException {
        return sockets.openTcp(family);
    }

    @Override
    public UdpSocket openUdp(IpFamily family) throws java.io.IOException {
        return sockets.openUdp(family);
    }

    @Override
    public RawSocket openRaw(IpFamily family, int protocol) throws java.io.IOException {
        return sockets.openRaw(family, protocol);
    }

    // ---- StackAdmin ----

    @Override
    public List<InterfaceInfo> interfaces() {
        return stack.interfaces();
    }

    @Override
    public Optional<InterfaceInfo> findInterface(String name) {
        return stack.findInterface(name);
    }

    @Override
    public List<RouteInfo> routes() {
        return stack.routes();
    }

    @Override
    public List<NeighborInfo> neighbors() {
        return stack.neighbors();
    }

    @Override
    public Counters<StackCounter> counters() {
        return stack.counters();
    }

    @Override
    public Optional<Counters<InterfaceCounter>> interfaceCounters(String name) {
        return stack.interfaceCounters(name);
    }

    @Override
    public List<Integer> transportProtocols() {
        return stack.transportProtocols();
    }

    @Override
    public void startCapture(java.nio.file.Path file, String interfaceName) throws java.io.IOException {
        stack.startCapture(file, interfaceName);
    }

    @Override
    public Optional<netstack.api.admin.CaptureSummary> stopCapture() {
        return stack.stopCapture();
    }

    @Override
    public Optional<netstack.api.admin.EchoReply> echo(netstack.api.net.IpAddress destination, int payloadBytes,
            java.time.Duration timeout) throws java.io.IOException {
        return stack.echo(destination, payloadBytes, timeout);
    }

    // ---- InterfaceRegistry ----

    @Override
    public void configure(String configurationPid, InterfaceSettings settings) {
        stack.configure(configurationPid, settings);
    }

    @Override
    public void unconfigure(String configurationPid) {
        stack.unconfigure(configurationPid);
    }
}
