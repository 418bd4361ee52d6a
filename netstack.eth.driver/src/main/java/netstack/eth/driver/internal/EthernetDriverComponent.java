package netstack.eth.driver.internal;

import java.io.IOException;
import java.util.Map;
import netstack.api.link.LinkDriver;
import netstack.api.net.MacAddress;
import netstack.posix.link.internal.DriverConfigs;
import netstack.posix.link.internal.FrameLink;
import netstack.posix.link.internal.RegisteredLink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@code AF_PACKET} socket per factory configuration {@code netstack.ethernet~NAME}: activation opens it on
 * the configured host interface and registers a {@link LinkDriver} service with
 * {@value LinkDriver#INTERFACE_PROPERTY}{@code =NAME}; deactivation unregisters it (so the stack detaches) and
 * closes the socket. A configuration change re-creates the component, and with it the socket.
 *
 * <p>The service is registered by hand ({@link RegisteredLink}) because its {@value LinkDriver#INTERFACE_PROPERTY}
 * property is computed from the configuration's PID. Activation makes a few system calls and never waits on the network.
 */
@Component(name = EthernetDriverComponent.FACTORY_PID, configurationPid = EthernetDriverComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = EthernetConfig.class, factory = true)
public final class EthernetDriverComponent {

    /** The factory PID of the configurations. */
    static final String FACTORY_PID = "netstack.ethernet";
    /** Service property naming the host interface, for operators. */
    static final String HOST_INTERFACE_PROPERTY = "netstack.hostInterface";

    private static final System.Logger LOG = System.getLogger(EthernetDriverComponent.class.getName());

    private final RegisteredLink registered;

    /**
     * Opens the socket and registers the driver.
     *
     * @param bundleContext where to register
     * @param config the configuration
     * @param properties the component properties, for {@code service.pid}
     * @throws IOException if the host interface is missing or not Ethernet, or the socket cannot be opened (the
     *     message names the interface and the reason)
     * @throws IllegalArgumentException if the configuration is invalid (the message says which property)
     */
    @Activate
    public EthernetDriverComponent(BundleContext bundleContext, EthernetConfig config, Map<String, Object> properties)
            throws IOException {
        String interfaceName = DriverConfigs.interfaceName(config.interface$(), properties.get(Constants.SERVICE_PID),
                FACTORY_PID);
        String hostName = config.hostInterface() == null ? "" : config.hostInterface().strip();
        if (hostName.isEmpty()) {
            throw new IllegalArgumentException("configuration " + properties.get(Constants.SERVICE_PID)
                    + " needs 'hostInterface', the host network interface to use");
        }
        PacketSocket.HostInterface host = PacketSocket.lookUp(hostName);
        int mtu = DriverConfigs.mtu(config.mtu() == 0 ? host.mtu() : config.mtu());
        MacAddress mac = config.mac() == null || config.mac().isBlank() ? host.mac()
                : DriverConfigs.mac(config.mac(), null);
        boolean promiscuous = config.promiscuous() || !mac.equals(host.mac());
        if (promiscuous && !config.promiscuous()) {
            LOG.log(System.Logger.Level.INFO, () -> interfaceName + ": mac " + mac + " is not " + hostName
                    + "'s own (" + host.mac() + "): receiving promiscuously");
        }
        FrameLink driver = PacketSocket.open(interfaceName, host, mtu, mac, promiscuous);
        registered = RegisteredLink.register(bundleContext, driver, HOST_INTERFACE_PROPERTY, hostName);
    }

    /** Unregisters the service, which makes the stack detach, then closes the socket and stops any thread. */
    @Deactivate
    void deactivate() {
        registered.close();
    }

    /** @return the driver, for tests */
    FrameLink driver() {
        return registered.link();
    }
}
