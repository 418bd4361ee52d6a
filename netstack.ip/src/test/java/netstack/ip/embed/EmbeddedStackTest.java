package netstack.ip.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import netstack.api.admin.InterfaceInfo;
import netstack.api.admin.InterfaceState;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.net.IpPrefix;
import netstack.api.net.MacAddress;
import netstack.api.socket.ProtocolNotAvailableException;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;

/** A stack built and wired by hand, as plain Java code does it. */
class EmbeddedStackTest {

    @Test
    void driversAndConfigurationMakeInterfacesAndTheSocketApiAnswers() throws Exception {
        try (PacketPool pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
                EmbeddedStack stack = EmbeddedStack.builder().pool(pool).clock(() -> 42L).build()) {
            Discard driver = new Discard("eth0");
            stack.addDriver(driver);
            stack.configure("eth0", new String[] {"192.0.2.2/24", "2001:db8::2/64"},
                    new String[] {"default via 192.0.2.1"}, 1400);
            InterfaceInfo eth0 = stack.admin().findInterface("eth0").orElseThrow();
            assertEquals(InterfaceState.UP, eth0.state());
            assertEquals(1400, eth0.mtuBytes());
            // The two configured addresses and the automatic IPv6 link-local one (RFC 4862 §5.3).
            assertEquals(3, eth0.addresses().size(), eth0.addresses().toString());
            assertTrue(stack.admin().routes().stream()
                    .anyMatch(r -> r.destination().equals(IpPrefix.parse("0.0.0.0/0"))));
            assertThrows(ProtocolNotAvailableException.class, () -> stack.netStack().openUdp(IpFamily.IPV4));
            assertThrows(IllegalArgumentException.class,
                    () -> stack.configure("eth0", new String[] {"192.0.2.300/24"}, new String[0], 0));

            stack.removeDriver(driver);
            assertEquals(InterfaceState.DETACHED, stack.admin().findInterface("eth0").orElseThrow().state());
            assertTrue(driver.detached);
            stack.unconfigure("eth0");
            assertEquals(0, stack.admin().findInterface("eth0").orElseThrow().addresses().size());
            assertEquals(pool, stack.pool());
        }
    }

    @Test
    void aBuiltPoolIsClosedWithTheStack() {
        EmbeddedStack stack = EmbeddedStack.builder().build();
        PacketPool pool = stack.pool();
        stack.close();
        assertThrows(IllegalStateException.class, () -> pool.allocate(100));
    }

    /** A driver that discards what it is given. */
    private static final class Discard implements LinkDriver {
        private final String name;
        volatile boolean detached;

        Discard(String name) {
            this.name = name;
        }

        @Override
        public String interfaceName() {
            return name;
        }

        @Override
        public LinkType linkType() {
            return LinkType.ETHERNET;
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public MacAddress macAddress() {
            return MacAddress.parse("02:00:5e:00:53:02");
        }

        @Override
        public Set<LinkOffload> offloads() {
            return Set.of();
        }

        @Override
        public void attach(LinkContext context) {
            detached = false;
        }

        @Override
        public void detach() {
            detached = true;
        }

        @Override
        public int transmit(PacketBuffer[] frames, int offset, int count) {
            for (int i = offset; i < offset + count; i++) {
                frames[i].release();
            }
            return 0;
        }
    }
}
