package netstack.tap.driver.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * One TAP device per factory configuration {@code netstack.tap~NAME}: activation opens the device and registers a
 * {@link LinkDriver} service with {@value LinkDriver#INTERFACE_PROPERTY}{@code =NAME}; deactivation unregisters it
 * (so the stack detaches) and closes the device. A configuration change re-creates the component, and with it the
 * device.
 *
 * <p>The service is registered by hand ({@link RegisteredLink}) because its {@value LinkDriver#INTERFACE_PROPERTY}
 * property is computed from the configuration's PID. Activation opens a character device and issues one {@code ioctl}: it never waits on the network.
 */
@Component(name = TapDriverComponent.FACTORY_PID, configurationPid = TapDriverComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = TapConfig.class, factory = true)
public final class TapDriverComponent {

    /** The factory PID of the configurations. */
    static final String FACTORY_PID = "netstack.tap";
    /** Service property naming the host device, for operators. */
    static final String DEVICE_PROPERTY = "netstack.device";

    private final RegisteredLink registered;

    /**
     * Opens the device and registers the driver.
     *
     * @param bundleContext where to register
     * @param config the configuration
     * @param properties the component properties, for {@code service.pid}
     * @throws IOException if the device cannot be opened (the message names the device and the reason)
     * @throws IllegalArgumentException if the configuration is invalid (the message says which property)
     */
    @Activate
    public TapDriverComponent(BundleContext bundleContext, TapConfig config, Map<String, Object> properties)
            throws IOException {
        String interfaceName = DriverConfigs.interfaceName(config.interface$(), properties.get(Constants.SERVICE_PID),
                FACTORY_PID);
        String device = config.device().isBlank() ? interfaceName : config.device().strip();
        int mtu = DriverConfigs.mtu(config.mtu());
        MacAddress mac = DriverConfigs.mac(config.mac(), ThreadLocalRandom.current());
        FrameLink driver = TapDevice.open(interfaceName, device, mtu, mac);
        registered = RegisteredLink.register(bundleContext, driver, DEVICE_PROPERTY, device);
    }

    /** Unregisters the service, which makes the stack detach, then closes the device and stops any thread. */
    @Deactivate
    void deactivate() {
        registered.close();
    }

    /** @return the driver, for tests */
    FrameLink driver() {
        return registered.link();
    }
}
