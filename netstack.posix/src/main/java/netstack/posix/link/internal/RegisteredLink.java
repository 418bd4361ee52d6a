package netstack.posix.link.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import netstack.api.link.LinkDriver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A {@link FrameLink} registered as a {@link LinkDriver} service, as the device drivers' components do it: the
 * service carries {@value LinkDriver#INTERFACE_PROPERTY} (computed from the configuration's PID, which Declarative
 * Services cannot put into a component's own service properties, hence the registration by hand), one property
 * naming the host device, and the link's description. {@link #close()} unregisters first, so the stack detaches
 * before the device closes.
 */
public final class RegisteredLink implements AutoCloseable {

    private final FrameLink link;
    private final ServiceRegistration<LinkDriver> registration;

    private RegisteredLink(FrameLink link, ServiceRegistration<LinkDriver> registration) {
        this.link = link;
        this.registration = registration;
    }

    /**
     * Registers {@code link}; if that fails, closes it.
     *
     * @param context where to register
     * @param link the link, owned by the result from now on
     * @param deviceProperty the name of the service property naming the host device
     * @param device the host device
     * @return the registration
     */
    public static RegisteredLink register(BundleContext context, FrameLink link, String deviceProperty,
            String device) {
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(LinkDriver.INTERFACE_PROPERTY, link.interfaceName());
            properties.put(deviceProperty, device);
            properties.put(Constants.SERVICE_DESCRIPTION, link.description());
            return new RegisteredLink(link, context.registerService(LinkDriver.class, link, properties));
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** @return the link */
    public FrameLink link() {
        return link;
    }

    /** Unregisters the service, which makes the stack detach, then closes the device and stops any thread. */
    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters the services of a stopping bundle itself.
        } finally {
            link.close();
        }
    }
}
