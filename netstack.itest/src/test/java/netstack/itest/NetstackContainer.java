package netstack.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * The framework every test class runs in: Felix (from the test class path) with Pax Exam's JUnit support, then the
 * OSGi runtime bundles (SCR with its OSGi dependencies, Config Admin, Metatype) and the netstack bundles, as the
 * files Maven resolved. This module's pom hands the paths over in two system properties (see the failsafe
 * configuration there); nothing of the stack is fetched by Pax URL.
 *
 * <p>Refers to no netstack type, so a test class that uses only this still loads when the netstack bundles do not.
 */
final class NetstackContainer {

    /** Symbolic names of the reactor's bundles, which must all be ACTIVE. */
    static final List<String> NETSTACK_BUNDLES = List.of(
            "netstack.api",
            "netstack.ip",
            "netstack.tcp",
            "netstack.udp",
            "netstack.loopback.driver",
            "netstack.tap.driver",
            "netstack.eth.driver");

    private NetstackContainer() {
    }

    /** @return the options of a {@code @Configuration} method */
    static Option[] options() {
        return new Option[] {
                cleanCaches(),
                junitBundles(),
                bundlesFrom("netstack.itest.runtime.bundles"),
                bundlesFrom("netstack.itest.netstack.bundles")};
    }

    /**
     * @param property a system property holding comma-separated bundle file paths
     * @return options installing and starting those bundles, in order
     * @throws IllegalStateException if the property is unset or names a missing file
     */
    private static Option bundlesFrom(String property) {
        String paths = System.getProperty(property);
        if (paths == null || paths.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set: run these tests through Maven (failsafe sets it)");
        }
        List<Option> bundles = new ArrayList<>();
        for (String path : paths.split(",")) {
            File file = new File(path.strip());
            if (!file.isFile()) {
                throw new IllegalStateException(property + " names \"" + path
                        + "\", which is no file (did maven-dependency-plugin:properties run?)");
            }
            bundles.add(bundle(file.toURI().toString()));
        }
        return composite(bundles.toArray(Option[]::new));
    }
}
