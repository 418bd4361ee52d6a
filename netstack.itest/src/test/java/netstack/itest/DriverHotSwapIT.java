package netstack.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.inject.Inject;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkType;
import netstack.api.net.IpPrefix;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The device drivers as an operator uses them: a factory configuration creates the device and the interface,
 * stopping the driver's bundle detaches the interface (its index and addresses stay) and leaves no thread, file
 * descriptor or device behind, and starting the bundle again re-attaches the same interface.
 *
 * <p>Needs root (TAP devices, packet sockets, namespaces) and fails without it. The devices it creates in the
 * host's namespace carry no address and no IPv6, so the host sends nothing on them; the veth pair's other end
 * lives in a namespace the test creates and deletes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverHotSwapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;

    @Inject
    private StackAdmin admin;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** @return the container's options */
    @Configuration
    public Option[] configuration() {
        return NetstackContainer.options();
    }

    /** A TAP device from {@code netstack.tap~itap0}, through a stop and a start of its driver bundle. */
    @Test
    public void tapDriverBundleStopAndStartDetachesAndReattaches() throws Exception {
        requireRoot();
        String device = "nsit" + ProcessHandle.current().pid() % 100000;
        long fdsBefore = openDescriptors();
        org.osgi.service.cm.Configuration link = factoryConfiguration("netstack.tap", "itap0",
                "device", device, "mac", "02:00:5e:00:53:10");
        org.osgi.service.cm.Configuration addresses = factoryConfiguration("netstack.interface", "itap0",
                "addresses", new String[] {"192.0.2.2/24"});
        try {
            swapAndCheck("netstack.tap.driver", "itap0", device);
        } finally {
            link.delete();
            addresses.delete();
            awaitGone(device);
        }
        awaitDescriptors(fdsBefore);
    }

    /** An {@code AF_PACKET} socket on the host end of a veth pair, from {@code netstack.ethernet~ieth0}. */
    @Test
    public void ethernetDriverBundleStopAndStartDetachesAndReattaches() throws Exception {
        requireRoot();
        long pid = ProcessHandle.current().pid() % 100000;
        String namespace = "ns-itest-" + pid;
        String hostEnd = "nsiv" + pid;
        run("ip", "netns", "add", namespace);
        try {
            run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "peer0", "netns", namespace);
            run("sysctl", "-qw", "net.ipv6.conf." + hostEnd + ".disable_ipv6=1");
            run("sysctl", "-qw", "net.ipv4.conf." + hostEnd + ".forwarding=0");
            run("ip", "link", "set", hostEnd, "up");
            long fdsBefore = openDescriptors();
            org.osgi.service.cm.Configuration link = factoryConfiguration("netstack.ethernet", "ieth0",
                    "hostInterface", hostEnd);
            org.osgi.service.cm.Configuration addresses = factoryConfiguration("netstack.interface", "ieth0",
                    "addresses", new String[] {"192.0.2.2/24"});
            try {
                swapAndCheck("netstack.eth.driver", "ieth0", hostEnd);
            } finally {
                link.delete();
                addresses.delete();
            }
            awaitDescriptors(fdsBefore);
            Await.until("no receive thread for ieth0", TIMEOUT, () -> receiveThreads("ieth0"), n -> n == 0);
        } finally {
            tryRun("ip", "link", "del", hostEnd);
            tryRun("ip", "netns", "del", namespace);
        }
    }

    private void swapAndCheck(String bundleName, String interfaceName, String hostDevice) throws Exception {
        InterfaceInfo up = awaitInterface(interfaceName, "UP with its address",
                i -> i.state() == InterfaceState.UP && hasAddress(i, "192.0.2.2/24"));
        assertEquals(LinkType.ETHERNET, up.linkType());
        assertTrue(up.driver(), up.driver().contains(hostDevice));
        assertEquals("one receive thread", 1, receiveThreads(interfaceName));
        assertTrue("device " + hostDevice + " exists", tryRun("ip", "link", "show", hostDevice) == 0);

        Bundle driverBundle = bundle(bundleName);
        long fdsAttached = openDescriptors();
        driverBundle.stop();
        try {
            InterfaceInfo detached = awaitInterface(interfaceName, "DETACHED",
                    i -> i.state() == InterfaceState.DETACHED);
            assertEquals("index kept", up.index(), detached.index());
            assertTrue("address kept: " + detached, hasAddress(detached, "192.0.2.2/24"));
            Await.until("receive thread ended", TIMEOUT, () -> receiveThreads(interfaceName), n -> n == 0);
            long fdsDetached = Await.until("the device's descriptors closed", TIMEOUT, DriverHotSwapIT::openDescriptors,
                    n -> n < fdsAttached);
            assertTrue("descriptors closed: " + fdsAttached + " -> " + fdsDetached, fdsDetached <= fdsAttached - 2);
        } finally {
            driverBundle.start();
        }
        InterfaceInfo again = awaitInterface(interfaceName, "UP again", i -> i.state() == InterfaceState.UP);
        assertEquals("the same interface re-attached", up.index(), again.index());
        assertEquals(1, receiveThreads(interfaceName));
    }

    // ---- helpers ----

    private org.osgi.service.cm.Configuration factoryConfiguration(String factoryPid, String name, Object... kv)
            throws IOException {
        org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            properties.put((String) kv[i], kv[i + 1]);
        }
        config.update(properties);
        return config;
    }

    private InterfaceInfo awaitInterface(String name, String expectation, Predicate<InterfaceInfo> condition)
            throws InterruptedException {
        return Await.until(name + " " + expectation, TIMEOUT, () -> admin.findInterface(name),
                found -> found.isPresent() && condition.test(found.get())).orElseThrow();
    }

    private static boolean hasAddress(InterfaceInfo info, String prefix) {
        IpPrefix wanted = IpPrefix.parse(prefix);
        return info.addresses().stream().anyMatch(a -> a.prefix().equals(wanted));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static long receiveThreads(String interfaceName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("netstack-rx-" + interfaceName)).count();
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }

    private static void awaitDescriptors(long expected) throws InterruptedException {
        Await.until("open descriptors back to " + expected, TIMEOUT, DriverHotSwapIT::openDescriptors,
                n -> n <= expected);
    }

    private static void awaitGone(String device) throws InterruptedException {
        Await.until("device " + device + " removed", TIMEOUT, () -> tryRun("ip", "link", "show", device),
                status -> status != 0);
    }

    private static void requireRoot() throws Exception {
        String uid = run("id", "-u").strip();
        assertEquals("this test creates network devices and must run as root, as CI does", "0", uid);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static int tryRun(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
