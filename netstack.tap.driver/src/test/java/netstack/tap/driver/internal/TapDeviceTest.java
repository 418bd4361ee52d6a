package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * The TAP driver against the Linux kernel: each test creates a namespace, opens the TAP device inside it (so the
 * host's interfaces are never touched), and gives the kernel's side of the device a documentation address.
 * Needs root; fails (does not skip) without it.
 */
class TapDeviceTest {

    private static final MacAddress OUR_MAC = MacAddress.parse("02:00:5e:00:53:02");
    private static final Ipv4Address OUR_IP = Ipv4Address.parse("192.0.2.2");
    private static final Ipv4Address KERNEL_IP = Ipv4Address.parse("192.0.2.1");

    private Namespace ns;
    private PacketPool pool;

    @BeforeEach
    void setUp() {
        ns = Namespace.create("tap");
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
    }

    @AfterEach
    void tearDown() {
        ns.close();
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    @Test
    void theKernelAnswersAPingThroughTheTapDevice() throws Exception {
        try (FrameLink link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC))) {
            ns.exec("ip", "link", "set", "tap0", "up");
            ns.exec("ip", "addr", "add", KERNEL_IP + "/24", "dev", "tap0");
            RecordingContext context = new RecordingContext(pool);
            link.attach(context);
            KernelPeer.echoThroughKernel(link, context, pool, OUR_MAC, OUR_IP, ns, "tap0", KERNEL_IP);
            link.detach();
        }
    }

    @Test
    void closingTheDriverRemovesTheDeviceItCreated() throws Exception {
        FrameLink link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC));
        assertTrue(ns.exec("ip", "link", "show").contains("tap0"));
        link.close();
        assertFalse(ns.exec("ip", "link", "show").contains("tap0"), "a non-persistent TAP goes with its descriptor");
    }

    @Test
    void aPatternLetsTheKernelChooseTheName() throws Exception {
        try (FrameLink link = ns.call(() -> TapDevice.open("tap0", "nstap%d", 1500, OUR_MAC))) {
            assertTrue(link.description().contains("device nstap0"), link.description());
            assertTrue(ns.exec("ip", "link", "show").contains("nstap0"));
        }
    }

    @Test
    void aDeviceHeldByAnotherDescriptorIsRefusedWithItsName() throws Exception {
        try (FrameLink first = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC))) {
            IOException e = assertThrows(IOException.class,
                    () -> ns.call(() -> TapDevice.open("tap1", "tap0", 1500, OUR_MAC)));
            assertTrue(e.getMessage().contains("tap0"), e.getMessage());
            assertTrue(e.getMessage().contains("EBUSY") || e.getMessage().contains("busy"), e.getMessage());
            assertNotEquals(null, first.description());
        }
    }

    @Test
    void deletingTheDeviceUnderAnAttachedDriverReportsLinkDownAndLeavesItClosable() throws Exception {
        FrameLink link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC));
        RecordingContext context = new RecordingContext(pool);
        link.attach(context);
        ns.exec("ip", "link", "del", "tap0");
        assertEquals(Boolean.FALSE, context.linkStates.poll(RecordingContext.WAIT_SECONDS, TimeUnit.SECONDS),
                "link down reported");
        assertFalse(link.isLinkUp());
        link.close(); // must return: the receive loop ends even though its device is gone
    }
}
