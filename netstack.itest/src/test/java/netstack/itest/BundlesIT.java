package netstack.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The netstack bundles install, resolve and start on JDK 25. Kept apart from {@link StackIT} and free of netstack
 * types, so that it still runs, and names the culprits, when a bundle the other tests need does not resolve.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesIT {

    private static final String TAP_DRIVER = "netstack.tap.driver";
    private static final String FFM_PACKAGE = "java.lang.foreign";

    @Inject
    private BundleContext context;

    /** @return the container's options */
    @Configuration
    public Option[] configuration() {
        return NetstackContainer.options();
    }

    /** Every reactor bundle is installed, resolved and ACTIVE; the failure lists those that are not. */
    @Test
    public void everyNetstackBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (String symbolicName : NetstackContainer.NETSTACK_BUNDLES) {
            Bundle bundle = findBundle(symbolicName);
            if (bundle == null) {
                notActive.add(symbolicName + " is not installed");
            } else if (bundle.getState() != Bundle.ACTIVE) {
                notActive.add(symbolicName + " is " + stateName(bundle.getState()));
            }
        }
        assertTrue("netstack bundles not ACTIVE (the framework's log above says why): " + notActive,
                notActive.isEmpty());
    }

    /**
     * The FFM API ({@code java.lang.foreign}) that the drivers use comes from the system bundle: Felix exports it on
     * JDK 25 without any {@code org.osgi.framework.system.packages.extra}.
     */
    @Test
    public void tapDriverImportsJavaLangForeignFromTheSystemBundle() {
        Bundle tap = findBundle(TAP_DRIVER);
        assertNotNull(TAP_DRIVER + " is not installed", tap);
        BundleWiring wiring = tap.adapt(BundleWiring.class);
        assertNotNull(TAP_DRIVER + " is not resolved", wiring);
        List<Long> providers = new ArrayList<>();
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (FFM_PACKAGE.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                providers.add(wire.getProvider().getBundle().getBundleId());
            }
        }
        assertEquals("ids of the bundles " + FFM_PACKAGE + " is wired from", List.of(Constants.SYSTEM_BUNDLE_ID),
                providers);
    }

    private Bundle findBundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + state;
        };
    }
}
