package netstack.loopback.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import netstack.api.link.LinkDriver;
import netstack.api.net.MacAddress;
import netstack.loopback.wire.Impairment;
import netstack.loopback.wire.Wire;
import netstack.loopback.wire.WireEnd;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One in-memory {@link Wire} per factory configuration {@code netstack.wire~NAME}: activation builds the wire and
 * registers both ends as {@link LinkDriver} services with {@value LinkDriver#INTERFACE_PROPERTY} set to their
 * interface names; deactivation unregisters them (so the stacks detach) and closes the wire, which stops its
 * threads and releases every frame in flight. A configuration change re-creates the component, and with it the
 * wire.
 *
 * <p>The services are registered by hand because their {@value LinkDriver#INTERFACE_PROPERTY} properties are
 * computed from the configuration (Declarative Services cannot give one component two services with different
 * properties, nor compute them). Activation starts two threads and waits for nothing.
 */
@Component(name = WireComponent.FACTORY_PID, configurationPid = WireComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = WireConfig.class, factory = true)
public final class WireComponent {

    /** The factory PID of the configurations. */
    static final String FACTORY_PID = "netstack.wire";
    /** Service property naming the wire an end belongs to, for operators. */
    static final String WIRE_PROPERTY = "netstack.wire";
    /** Service property saying which end a service is: {@code a} or {@code b}. */
    static final String END_PROPERTY = "netstack.wire.end";

    private final Wire wire;
    private final ServiceRegistration<LinkDriver> registrationA;
    private final ServiceRegistration<LinkDriver> registrationB;

    /**
     * Builds the wire and registers its ends.
     *
     * @param bundleContext where to register
     * @param config the configuration
     * @param properties the component properties, for {@code service.pid}
     * @throws IllegalArgumentException if the configuration is invalid (the message names the property)
     */
    @Activate
    public WireComponent(BundleContext bundleContext, WireConfig config, Map<String, Object> properties) {
        wire = build(config, properties.get(Constants.SERVICE_PID));
        ServiceRegistration<LinkDriver> a = null;
        try {
            a = register(bundleContext, wire.a(), "a");
            registrationA = a;
            registrationB = register(bundleContext, wire.b(), "b");
        } catch (RuntimeException e) {
            unregister(a);
            wire.close();
            throw e;
        }
    }

    /** Unregisters both ends, which makes the stacks detach, then closes the wire and joins its threads. */
    @Deactivate
    void deactivate() {
        try {
            unregister(registrationB);
            unregister(registrationA);
        } finally {
            wire.close();
        }
    }

    /** @return the wire, for tests */
    Wire wire() {
        return wire;
    }

    static Wire build(WireConfig config, Object pid) {
        String name = wireName(pid, config);
        String where = "configuration " + pid + ": ";
        try {
            return Wire.builder()
                    .name(name)
                    .interfaceNames(orDefault(config.interfaceA(), name + "a"), orDefault(config.interfaceB(),
                            name + "b"))
                    .mtu(config.mtu())
                    .macs(mac("macA", config.macA()), mac("macB", config.macB()))
                    .checksumOffload(config.checksumOffload())
                    .seed(config.seed())
                    .capacityFrames(config.capacityFrames())
                    .mode(mode(config.delivery()))
                    .impairment(Wire.Direction.A_TO_B, impairment(config, 0))
                    .impairment(Wire.Direction.B_TO_A, impairment(config, 1))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static String wireName(Object pid, WireConfig config) {
        String p = pid instanceof String s ? s : "";
        int tilde = p.indexOf('~');
        if (tilde >= 0 && tilde < p.length() - 1) {
            return p.substring(tilde + 1);
        }
        if (!config.interfaceA().isBlank() && !config.interfaceB().isBlank()) {
            return config.interfaceA().strip() + "-" + config.interfaceB().strip();
        }
        throw new IllegalArgumentException("configuration \"" + p + "\" names no wire: create it as " + FACTORY_PID
                + "~<name> or set both interfaceA and interfaceB");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static MacAddress mac(String property, String text) {
        if (text == null || text.isBlank()) {
            long bits = ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL;
            // IEEE 802: I/G bit clear (unicast), U/L bit set (locally administered).
            return new MacAddress((bits & ~(0x01L << 40)) | (0x02L << 40));
        }
        try {
            return MacAddress.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private static Wire.Mode mode(String delivery) {
        String d = delivery == null ? "" : delivery.strip().toUpperCase(Locale.ROOT);
        return switch (d) {
            case "", "THREAD" -> Wire.Mode.THREAD;
            case "INLINE" -> Wire.Mode.INLINE;
            default -> throw new IllegalArgumentException("delivery \"" + delivery + "\" is neither THREAD nor "
                    + "INLINE");
        };
    }

    static Impairment impairment(WireConfig c, int direction) {
        double delayMillis = pick("delayMillis", c.delayMillis(), direction);
        double jitterMillis = pick("jitterMillis", c.jitterMillis(), direction);
        return Impairment.NONE
                .withLossProbability(pick("lossProbability", c.lossProbability(), direction))
                .withDelayNanos(nanos("delayMillis", delayMillis))
                .withJitterNanos(nanos("jitterMillis", jitterMillis))
                .withDuplicateProbability(pick("duplicateProbability", c.duplicateProbability(), direction))
                .withCorruptProbability(pick("corruptProbability", c.corruptProbability(), direction))
                .withRateBitsPerSecond(pick("rateBitsPerSecond", c.rateBitsPerSecond(), direction))
                .withFrameOverheadBytes((int) pick("frameOverheadBytes", toLongs(c.frameOverheadBytes()), direction))
                .withQueueLimitFrames((int) pick("queueLimitFrames", toLongs(c.queueLimitFrames()), direction))
                .withQueueLimitBytes(pick("queueLimitBytes", c.queueLimitBytes(), direction))
                // Last: reordering needs the delay set before it.
                .withReorderProbability(pick("reorderProbability", c.reorderProbability(), direction));
    }

    private static long nanos(String property, double millis) {
        if (!(millis >= 0) || millis * 1e6 > Impairment.MAX_DELAY_NANOS) {
            throw new IllegalArgumentException(property + " " + millis + " is outside 0.."
                    + Impairment.MAX_DELAY_NANOS / 1_000_000 + " ms");
        }
        return Math.round(millis * 1e6);
    }

    private static double pick(String property, double[] values, int direction) {
        checkCount(property, values == null ? 0 : values.length);
        return values == null || values.length == 0 ? 0 : values[Math.min(direction, values.length - 1)];
    }

    private static long pick(String property, long[] values, int direction) {
        checkCount(property, values == null ? 0 : values.length);
        return values == null || values.length == 0 ? 0 : values[Math.min(direction, values.length - 1)];
    }

    private static long[] toLongs(int[] values) {
        if (values == null) {
            return null;
        }
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }

    private static void checkCount(String property, int count) {
        if (count > 2) {
            throw new IllegalArgumentException(property + " has " + count + " values; give one (both directions) or "
                    + "two (A to B, B to A)");
        }
    }

    private static ServiceRegistration<LinkDriver> register(BundleContext context, WireEnd end, String which) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(LinkDriver.INTERFACE_PROPERTY, end.interfaceName());
        properties.put(WIRE_PROPERTY, end.wire().name());
        properties.put(END_PROPERTY, which);
        properties.put(Constants.SERVICE_DESCRIPTION, end.description());
        return context.registerService(LinkDriver.class, end, properties);
    }

    private static void unregister(ServiceRegistration<LinkDriver> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters the services of a stopping bundle itself.
        }
    }
}
