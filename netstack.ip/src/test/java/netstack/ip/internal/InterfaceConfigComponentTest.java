package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import netstack.api.admin.InterfaceAddress;
import netstack.api.net.IpPrefix;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link InterfaceConfigComponent}: from a factory configuration to the stack, driven without a framework. */
class InterfaceConfigComponentTest {

    private final PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 4, false, null));
    private final Stack stack = new Stack(pool, () -> 0L);

    @AfterEach
    void tearDown() {
        stack.close();
        pool.close();
    }

    /** A configuration as DS would hand it over (an implementation of the annotation type). */
    private static InterfaceConfigComponent.Config config(String name, String[] addresses, String[] routes, int mtu) {
        return (InterfaceConfigComponent.Config) Proxy.newProxyInstance(
                InterfaceConfigComponent.Config.class.getClassLoader(),
                new Class<?>[] {InterfaceConfigComponent.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "addresses" -> addresses;
                    case "routes" -> routes;
                    case "mtu" -> mtu;
                    case "annotationType" -> InterfaceConfigComponent.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, Object> pid(String pid) {
        return Map.of("service.pid", pid);
    }

    private List<IpPrefix> addresses(String name) {
        return stack.findInterface(name).orElseThrow().addresses().stream().map(InterfaceAddress::prefix).toList();
    }

    @Test
    void nameComesFromThePid() {
        assertEquals("tap0", InterfaceConfigComponent.nameFromPid("netstack.interface~tap0"));
        assertEquals("b~c", InterfaceConfigComponent.nameFromPid("netstack.interface~b~c"), "after the first '~'");
        for (String bad : new String[] {"netstack.interface", "netstack.interface~"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InterfaceConfigComponent.nameFromPid(bad));
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("name"), e.getMessage());
        }
    }

    @Test
    void appliesChangesLiveAndRemovesOnDeactivate() {
        InterfaceConfigComponent c = new InterfaceConfigComponent(stack);
        c.activate(config("", new String[] {"192.0.2.2/24"}, new String[] {"default via 192.0.2.1"}, 0),
                pid("netstack.interface~tap0"));
        assertEquals(List.of(IpPrefix.parse("192.0.2.2/24")), addresses("tap0"));
        assertEquals(2, stack.routes().size());

        c.modified(config("", new String[] {"2001:db8::2/64"}, new String[0], 1280),
                pid("netstack.interface~tap0"));
        assertEquals(List.of(IpPrefix.parse("2001:db8::2/64")), addresses("tap0"));
        assertEquals(1280, stack.findInterface("tap0").orElseThrow().mtuBytes());
        assertEquals(1, stack.routes().size());

        c.deactivate();
        assertTrue(stack.findInterface("tap0").isEmpty());
        assertEquals(List.of(), stack.routes());
    }

    @Test
    void nameOverridesThePid() {
        InterfaceConfigComponent c = new InterfaceConfigComponent(stack);
        c.activate(config("eth1", new String[] {"198.51.100.2/24"}, new String[0], 0),
                pid("netstack.interface~4f1c-generated"));
        assertEquals(List.of(IpPrefix.parse("198.51.100.2/24")), addresses("eth1"));
        c.deactivate();
        assertTrue(stack.findInterface("eth1").isEmpty());
    }

    @Test
    void aBadConfigurationIsRejectedAndAppliesNothing() {
        InterfaceConfigComponent c = new InterfaceConfigComponent(stack);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.activate(config("", new String[] {"192.0.2.300/24"}, new String[0], 0),
                        pid("netstack.interface~tap0")));
        assertTrue(e.getMessage().contains("192.0.2.300"), e.getMessage());
        assertEquals(List.of(), stack.interfaces());
        c.deactivate();
        assertEquals(List.of(), stack.interfaces());
    }

    @Test
    void aRejectedChangeKeepsTheLastGoodConfiguration() {
        InterfaceConfigComponent c = new InterfaceConfigComponent(stack);
        c.activate(config("", new String[] {"192.0.2.2/24"}, new String[0], 0), pid("netstack.interface~tap0"));
        assertThrows(IllegalArgumentException.class,
                () -> c.modified(config("", new String[] {"192.0.2.2/24"}, new String[] {"default via"}, 0),
                        pid("netstack.interface~tap0")));
        assertEquals(List.of(IpPrefix.parse("192.0.2.2/24")), addresses("tap0"));
        c.deactivate();
        assertTrue(stack.findInterface("tap0").isEmpty(), "deactivation still removes it");
    }
}
