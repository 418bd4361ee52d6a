package netstack.ip.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One instance per {@code netstack.interface~NAME} factory configuration: applies the interface's addresses,
 * routes and MTU to the stack, live on every change, and removes them when the configuration is deleted.
 */
@Component(
        name = "netstack.interface",
        configurationPid = "netstack.interface",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = InterfaceConfigComponent.Config.class, factory = true)
public final class InterfaceConfigComponent {

    private static final System.Logger LOG = System.getLogger(InterfaceConfigComponent.class.getName());

    /** Interface configuration, factory PID {@code netstack.interface}. */
    @ObjectClassDefinition(
            name = "netstack interface",
            description = "Addresses, routes and MTU of one interface. The configuration name (after '~' in the"
                    + " PID, e.g. netstack.interface~tap0) is the interface name unless 'name' is set. The"
                    + " interface's device comes from a driver configuration of the same name (netstack.tap~NAME,"
                    + " netstack.ethernet~NAME) or the built-in loopback 'lo'.")
    public @interface Config {

        /** @return the interface name, overriding the configuration name */
        @AttributeDefinition(name = "Interface name", required = false,
                description = "Interface name (1..15 characters). Default: the factory configuration's name.")
        String name() default "";

        /** @return CIDR addresses */
        @AttributeDefinition(name = "Addresses", required = false,
                description = "Addresses with prefix length, IPv4 and IPv6, e.g. 192.0.2.2/24, 2001:db8::2/64.")
        String[] addresses() default {};

        /** @return routes */
        @AttributeDefinition(name = "Routes", required = false,
                description = "Routes through this interface, like 'ip route': '0.0.0.0/0 via 192.0.2.1',"
                        + " 'default via 2001:db8::1', '198.51.100.0/24 via 192.0.2.1 metric 10'.")
        String[] routes() default {};

        /** @return the MTU */
        @AttributeDefinition(name = "MTU", required = false, min = "0", max = "65536",
                description = "MTU in bytes (68..65536); 0 uses the driver's.")
        int mtu() default 0;
    }

    private final InterfaceRegistry registry;
    private String pid;

    /**
     * @param registry the stack
     */
    @Activate
    public InterfaceConfigComponent(@Reference InterfaceRegistry registry) {
        this.registry = registry;
    }

    @Activate
    void activate(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    @Deactivate
    void deactivate() {
        if (pid != null) {
            registry.unconfigure(pid);
        }
    }

    private void apply(Config config, Map<String, Object> properties) {
        String servicePid = String.valueOf(properties.get("service.pid"));
        String name = config.name().isEmpty() ? nameFromPid(servicePid) : config.name();
        try {
            InterfaceSettings settings = InterfaceSettings.parse(name, config.addresses(), config.routes(),
                    config.mtu());
            registry.configure(servicePid, settings);
            pid = servicePid;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "configuration " + servicePid + " rejected: " + e.getMessage());
            throw e;
        }
    }

    /**
     * @param servicePid e.g. {@code netstack.interface~tap0}
     * @return the part after '~'
     * @throws IllegalArgumentException if the PID has no name part
     */
    static String nameFromPid(String servicePid) {
        int tilde = servicePid.indexOf('~');
        if (tilde < 0 || tilde == servicePid.length() - 1) {
            throw new IllegalArgumentException("configuration " + servicePid
                    + " has no interface name: create it as netstack.interface~NAME or set 'name'");
        }
        return servicePid.substring(tilde + 1);
    }
}
