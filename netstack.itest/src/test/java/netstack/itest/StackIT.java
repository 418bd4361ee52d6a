package netstack.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.inject.Inject;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.admin.StackAdmin;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkType;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.socket.Errno;
import netstack.api.socket.NetSocket;
import netstack.api.socket.NetStack;
import netstack.api.socket.ProtocolNotAvailableException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The stack in a real framework (Felix, SCR, Config Admin): the stack component publishes its services and binds
 * the loopback driver, drivers come and go at run time, interface configurations apply live, and sockets of an
 * absent transport fail as documented.
 *
 * <p>One framework serves every test of the class; each test leaves it as it found it (bundles started,
 * configurations deleted), and checks that it starts from that state.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StackIT {

    private static final String LOOPBACK_BUNDLE = "netstack.loopback.driver";
    private static final String LO = "lo";
    /** What the loopback driver says of itself ({@code LinkDriver.description()}). */
    private static final String LOOPBACK_DESCRIPTION = "loopback lo";
    /** The loopback driver's MTU, Linux's. */
    private static final int LOOPBACK_MTU_BYTES = 65536;
    /** Factory PID of interface configurations ({@code netstack.interface~NAME}). */
    private static final String INTERFACE_FACTORY_PID = "netstack.interface";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;

    @Inject
    private NetStack netStack;

    @Inject
    private StackAdmin admin;

    @Inject
    private ConfigurationAdmin configAdmin;

    /** @return the container's options */
    @Configuration
    public Option[] configuration() {
        return NetstackContainer.options();
    }

    /**
     * The stack publishes {@link NetStack} and {@link StackAdmin}, and the loopback driver's service is attached
     * as {@code lo}, up, with the driver's link facts and no addresses.
     */
    @Test
    public void stackAttachesTheLoopbackDriver() throws Exception {
        Collection<ServiceReference<LinkDriver>> drivers =
                context.getServiceReferences(LinkDriver.class, "(" + LinkDriver.INTERFACE_PROPERTY + "=" + LO + ")");
        assertEquals("LinkDriver services for " + LO, 1, drivers.size());
        assertEquals(LOOPBACK_BUNDLE, drivers.iterator().next().getBundle().getSymbolicName());
        assertNoInterfaceConfiguration();

        InterfaceInfo lo = awaitLo("lo UP without addresses",
                info -> info.state() == InterfaceState.UP && info.addresses().isEmpty());
        assertEquals(LOOPBACK_DESCRIPTION, lo.driver());
        assertEquals(LinkType.RAW_IP, lo.linkType());
        assertNull("a raw-IP link has no MAC address", lo.macAddress());
        assertEquals(LOOPBACK_MTU_BYTES, lo.mtuBytes());
        assertTrue("interfaces() lists lo: " + admin.interfaces(), admin.interfaces().contains(lo));
    }

    /**
     * Even without an interface configuration, a NIC outlives its driver: stopping the driver's bundle detaches
     * {@code lo} but keeps it, with its index; starting the bundle again re-attaches the same interface
     * (Nic.isUnused).
     */
    @Test
    public void unconfiguredLoIsKeptDetachedWhileItsDriverIsAway() throws Exception {
        assertNoInterfaceConfiguration();
        InterfaceInfo before = awaitLo("lo UP without addresses",
                info -> info.state() == InterfaceState.UP && info.addresses().isEmpty());
        Bundle loopback = loopbackBundle();
        try {
            loopback.stop();
            InterfaceInfo detached = awaitLo("lo DETACHED", info -> info.state() == InterfaceState.DETACHED);
            assertEquals("index kept while detached", before.index(), detached.index());
            assertEquals("no driver while detached", null, detached.driver());

            loopback.start();
            InterfaceInfo lo = awaitLo("lo UP again", info -> info.state() == InterfaceState.UP);
            assertEquals(LOOPBACK_DESCRIPTION, lo.driver());
            assertEquals("the same interface re-attached", before.index(), lo.index());
        } finally {
            ensureStarted(loopback);
        }
    }

    /**
     * A configured {@code lo} outlives its driver (hot swap): stopping the driver's bundle detaches the NIC but
     * keeps its index and addresses; starting it again re-attaches the same NIC.
     */
    @Test
    public void configuredLoIsDetachedAndReattachedWithItsAddresses() throws Exception {
        assertNoInterfaceConfiguration();
        Bundle loopback = loopbackBundle();
        org.osgi.service.cm.Configuration config = configureLo("127.0.0.1/8", "::1/128");
        try {
            List<InterfaceAddress> addresses = staticAddresses("127.0.0.1/8", "::1/128");
            InterfaceInfo attached = awaitLo("lo UP with its addresses",
                    info -> info.state() == InterfaceState.UP && info.addresses().equals(addresses));

            loopback.stop();
            InterfaceInfo detached = awaitLo("lo DETACHED", info -> info.state() == InterfaceState.DETACHED);
            assertNull("driver of a detached NIC", detached.driver());
            assertEquals("index kept while detached", attached.index(), detached.index());
            assertEquals("addresses kept while detached", addresses, detached.addresses());

            loopback.start();
            InterfaceInfo reattached = awaitLo("lo UP again", info -> info.state() == InterfaceState.UP);
            assertEquals(LOOPBACK_DESCRIPTION, reattached.driver());
            assertEquals("index kept across the swap", attached.index(), reattached.index());
            assertEquals("addresses kept across the swap", addresses, reattached.addresses());
        } finally {
            ensureStarted(loopback);
            config.delete();
        }
    }

    /**
     * A {@code netstack.interface~lo} configuration puts its addresses (and their connected routes) on {@code lo}
     * live; deleting it takes them away and leaves the attached interface.
     */
    @Test
    public void interfaceConfigurationAddsAndRemovesAddresses() throws Exception {
        assertNoInterfaceConfiguration();
        awaitLo("lo UP without addresses",
                info -> info.state() == InterfaceState.UP && info.addresses().isEmpty());
        RouteInfo loopbackNet = new RouteInfo(IpPrefix.parse("127.0.0.0/8"), null, LO, 0, RouteOrigin.CONNECTED);
        RouteInfo loopbackHost = new RouteInfo(IpPrefix.parse("::1/128"), null, LO, 0, RouteOrigin.CONNECTED);

        org.osgi.service.cm.Configuration config = configureLo("127.0.0.1/8", "::1/128");
        boolean deleted = false;
        try {
            assertEquals(INTERFACE_FACTORY_PID + "~" + LO, config.getPid());
            // No duplicate address detection runs (and none is due on loopback): both are usable at once.
            List<InterfaceAddress> addresses = staticAddresses("127.0.0.1/8", "::1/128");
            InterfaceInfo lo = awaitLo("lo with its configured addresses", info -> info.addresses().equals(addresses));
            assertEquals(InterfaceState.UP, lo.state());
            // The routing table follows the addresses a moment later (it is rebuilt after they are published).
            Await.until("connected routes of lo", TIMEOUT, admin::routes,
                    routes -> routes.contains(loopbackNet) && routes.contains(loopbackHost));

            config.delete();
            deleted = true;
            lo = awaitLo("lo without addresses", info -> info.addresses().isEmpty());
            assertEquals("lo stays attached when unconfigured", InterfaceState.UP, lo.state());
            Await.until("no routes through lo after the configuration was deleted", TIMEOUT, admin::routes,
                    routes -> routes.stream().noneMatch(route -> route.interfaceName().equals(LO)));
        } finally {
            if (!deleted) {
                config.delete();
            }
        }
    }

    /**
     * The transport bundles register no protocol yet, so opening a TCP (or UDP) socket fails with
     * {@link ProtocolNotAvailableException} (EPROTONOSUPPORT, as Linux socket(2)) naming the bundle to start.
     */
    @Test
    public void socketsOfAnAbsentTransportAreNotAvailable() throws Exception {
        assertEquals("transport protocols registered", List.of(), admin.transportProtocols());
        for (IpFamily family : IpFamily.values()) {
            ProtocolNotAvailableException tcp = expectNotAvailable(() -> netStack.openTcp(family));
            assertEquals(Errno.EPROTONOSUPPORT, tcp.errno());
            assertTrue(tcp.getMessage(), tcp.getMessage().contains("netstack.tcp"));

            ProtocolNotAvailableException udp = expectNotAvailable(() -> netStack.openUdp(family));
            assertEquals(Errno.EPROTONOSUPPORT, udp.errno());
            assertTrue(udp.getMessage(), udp.getMessage().contains("netstack.udp"));
        }
    }

    // ---- helpers ----

    /** Opens a socket. */
    @FunctionalInterface
    private interface SocketOpener {
        NetSocket open() throws IOException;
    }

    private static ProtocolNotAvailableException expectNotAvailable(SocketOpener opener) throws IOException {
        NetSocket socket;
        try {
            socket = opener.open();
        } catch (ProtocolNotAvailableException expected) {
            return expected;
        }
        socket.close();
        throw new AssertionError("expected ProtocolNotAvailableException, but a socket was opened: " + socket);
    }

    /** Waits until {@code lo} exists and satisfies the condition; fails with the last state seen otherwise. */
    private InterfaceInfo awaitLo(String expectation, Predicate<InterfaceInfo> condition)
            throws InterruptedException {
        return Await.until(expectation, TIMEOUT, () -> admin.findInterface(LO),
                found -> found.isPresent() && condition.test(found.get())).orElseThrow();
    }

    /** Creates or updates {@code netstack.interface~lo} with the given addresses. */
    private org.osgi.service.cm.Configuration configureLo(String... addresses) throws IOException {
        org.osgi.service.cm.Configuration config =
                configAdmin.getFactoryConfiguration(INTERFACE_FACTORY_PID, LO, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("addresses", addresses);
        config.update(properties);
        return config;
    }

    private static List<InterfaceAddress> staticAddresses(String... prefixes) {
        List<InterfaceAddress> list = new ArrayList<>();
        for (String prefix : prefixes) {
            list.add(new InterfaceAddress(IpPrefix.parse(prefix), AddressState.PREFERRED, AddressOrigin.STATIC));
        }
        return list;
    }

    /** Each test starts without interface configurations; one left behind means an earlier test leaked it. */
    private void assertNoInterfaceConfiguration() throws IOException, InvalidSyntaxException {
        org.osgi.service.cm.Configuration[] left = configAdmin.listConfigurations(
                "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + INTERFACE_FACTORY_PID + ")");
        assertNull("interface configurations left over", left);
    }

    private Bundle loopbackBundle() {
        for (Bundle bundle : context.getBundles()) {
            if (LOOPBACK_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(LOOPBACK_BUNDLE + " is not installed");
    }

    private static void ensureStarted(Bundle bundle) throws BundleException {
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
    }
}
