package netstack.eth.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import netstack.posix.link.internal.FrameLink;
import netstack.posix.testing.KernelPeer;
import netstack.posix.testing.Namespace;
import netstack.posix.testing.RecordingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Ethernet driver against the Linux kernel over a veth pair that lives entirely inside a test namespace: the
 * kernel owns {@code veth0} (with a documentation address), the driver's packet socket is opened inside the same
 * namespace on {@code veth1}, which has no address and IPv6 off, so the kernel does not answer on it itself.
 * Needs root; fails (does not skip) without it.
 */
class PacketSocketTest {

    private static final Ipv4Address OUR_IP = Ipv4Address.parse("192.0.2.2");
    private static final Ipv4Address KERNEL_IP = Ipv4Address.parse("192.0.2.1");

    private Namespace ns;
    private PacketPool pool;

    @BeforeEach
    void setUp() {
        ns = Namespace.create("eth");
        ns.exec("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        ns.exec("sysctl", "-qw", "net.ipv6.conf.veth1.disable_ipv6=1");
        ns.exec("sysctl", "-qw", "net.ipv4.conf.veth1.forwarding=0");
        ns.exec("ip", "link", "set", "veth1", "up");
        ns.exec("ip", "link", "set", "veth0", "up");
        ns.exec("ip", "addr", "add", KERNEL_IP + "/24", "dev", "veth0");
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
    }

    @AfterEach
    void tearDown() {
        ns.close();
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    @Test
    void lookUpReportsTheHostInterface() throws Exception {
        PacketSocket.HostInterface host = ns.call(() -> PacketSocket.lookUp("veth1"));
        assertEquals("veth1", host.name());
        assertEquals(1500, host.mtu());
        assertEquals(KernelPeer.macOf(ns, "veth1"), host.mac());
        assertTrue(host.index() > 0);
    }

    @Test
    void theKernelAnswersAPingWithTheInterfacesOwnMac() throws Exception {
        PacketSocket.HostInterface host = ns.call(() -> PacketSocket.lookUp("veth1"));
        try (FrameLink link = ns.call(() -> PacketSocket.open("eth0", host, 1500, host.mac(), false))) {
            RecordingContext context = new RecordingContext(pool);
            link.attach(context);
            KernelPeer.echoThroughKernel(link, context, pool, host.mac(), OUR_IP, ns, "veth0", KERNEL_IP);
            link.detach();
        }
    }

    @Test
    void anotherMacWorksPromiscuously() throws Exception {
        MacAddress ours = MacAddress.parse("02:00:5e:00:53:03");
        PacketSocket.HostInterface host = ns.call(() -> PacketSocket.lookUp("veth1"));
        try (FrameLink link = ns.call(() -> PacketSocket.open("eth0", host, 1500, ours, true))) {
            RecordingContext context = new RecordingContext(pool);
            link.attach(context);
            KernelPeer.echoThroughKernel(link, context, pool, ours, OUR_IP, ns, "veth0", KERNEL_IP);
            // A packet socket's membership counts in the device's promiscuity, not in its PROMISC flag.
            assertTrue(ns.exec("ip", "-d", "link", "show", "veth1").contains("promiscuity 1"), "veth1 promiscuous");
        }
        assertTrue(ns.exec("ip", "-d", "link", "show", "veth1").contains("promiscuity 0"),
                "promiscuous mode ends with the socket");
    }

    @Test
    void missingAndNonEthernetInterfacesAreRefusedByName() throws Exception {
        IOException missing = assertThrows(IOException.class, () -> ns.call(() -> PacketSocket.lookUp("nosuch0")));
        assertTrue(missing.getMessage().contains("nosuch0"), missing.getMessage());
        IOException loopback = assertThrows(IOException.class, () -> ns.call(() -> PacketSocket.lookUp("lo")));
        assertTrue(loopback.getMessage().contains("not an Ethernet device"), loopback.getMessage());
    }
}
