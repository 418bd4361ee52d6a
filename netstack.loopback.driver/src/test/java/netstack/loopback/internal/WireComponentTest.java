package netstack.loopback.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import netstack.loopback.wire.Impairment;
import netstack.loopback.wire.Wire;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The wire component without a framework: a proxy {@link BundleContext} records registrations, a proxy
 * {@link WireConfig} answers with the annotation's defaults unless a test overrides them.
 */
class WireComponentTest {

    /** A registration the fake framework handed out. */
    static final class Registered {
        final Object service;
        final Dictionary<String, ?> properties;
        boolean unregistered;

        Registered(Object service, Dictionary<String, ?> properties) {
            this.service = service;
            this.properties = properties;
        }
    }

    private final List<Registered> registered = new ArrayList<>();

    private BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?>) {
                        @SuppressWarnings("unchecked")
                        Registered r = new Registered(args[1], (Dictionary<String, ?>) args[2]);
                        registered.add(r);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        if (r.unregistered) {
                                            throw new IllegalStateException("already unregistered");
                                        }
                                        r.unregistered = true;
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static WireConfig config(Map<String, Object> overrides) {
        return (WireConfig) Proxy.newProxyInstance(WireConfig.class.getClassLoader(),
                new Class<?>[] {WireConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return WireConfig.class;
                    }
                    Object value = overrides.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private static Map<String, Object> pid(String name) {
        return Map.of(Constants.SERVICE_PID, WireComponent.FACTORY_PID + "~" + name);
    }

    private static List<Thread> wireThreads(String wireName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("netstack-wire-" + wireName + "-") && t.isAlive()).toList();
    }

    @Test
    void registersBothEndsAndCleansUpOnDeactivate() throws InterruptedException {
        Map<String, Object> o = new HashMap<>();
        o.put("mtu", 9000);
        o.put("macA", "02:00:5e:10:00:01");
        o.put("delayMillis", new double[] {1.5, 0.25});
        o.put("lossProbability", new double[] {0.01});
        WireComponent component = new WireComponent(bundleContext(), config(o), pid("w0"));
        PacketPool pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        try {
            assertEquals(2, registered.size());
            Registered a = registered.get(0);
            Registered b = registered.get(1);
            assertEquals("w0a", a.properties.get(LinkDriver.INTERFACE_PROPERTY));
            assertEquals("w0b", b.properties.get(LinkDriver.INTERFACE_PROPERTY));
            assertEquals("w0", a.properties.get(WireComponent.WIRE_PROPERTY));
            assertEquals("a", a.properties.get(WireComponent.END_PROPERTY));
            assertEquals("b", b.properties.get(WireComponent.END_PROPERTY));
            assertTrue(String.valueOf(a.properties.get(Constants.SERVICE_DESCRIPTION)).contains("w0b"));
            LinkDriver endA = (LinkDriver) a.service;
            LinkDriver endB = (LinkDriver) b.service;
            assertEquals(9000, endA.mtu());
            assertEquals(MacAddress.parse("02:00:5e:10:00:01"), endA.macAddress());
            assertFalse(endB.macAddress().isMulticast());
            assertTrue(endB.macAddress().isLocallyAdministered());
            Wire wire = component.wire();
            assertEquals(Wire.Mode.THREAD, wire.mode());
            assertEquals(1, wire.seed());
            assertEquals(Impairment.NONE.withDelayNanos(1_500_000).withLossProbability(0.01),
                    wire.impairment(Wire.Direction.A_TO_B));
            assertEquals(Impairment.NONE.withDelayNanos(250_000).withLossProbability(0.01),
                    wire.impairment(Wire.Direction.B_TO_A));
            assertEquals(2, wireThreads("w0").size());

            Collecting ctxA = new Collecting("w0a", pool);
            Collecting ctxB = new Collecting("w0b", pool);
            endA.attach(ctxA);
            endB.attach(ctxB);
            wire.setImpairment(Wire.Direction.A_TO_B, Impairment.NONE);
            assertTrue(endA.transmit(frame(pool, 1)));
            byte[] got = ctxB.frames.poll(20, TimeUnit.SECONDS);
            assertArrayEquals(bytes(1), got);

            // Frames in flight (an hour away) when the component goes: all released, threads joined.
            wire.setImpairment(Wire.Direction.A_TO_B, Impairment.NONE.withDelayNanos(TimeUnit.HOURS.toNanos(1)));
            for (int i = 0; i < 10; i++) {
                assertTrue(endA.transmit(frame(pool, i)));
            }
            component.deactivate();
            assertTrue(a.unregistered && b.unregistered);
            assertTrue(wireThreads("w0").isEmpty(), "no thread outlives the component");
            assertTrue(wire.isClosed());
            assertEquals(0, pool.outstanding());
            assertEquals(0, pool.leaks());
        } finally {
            pool.close();
        }
    }

    @Test
    void explicitNamesInlineModeAndPerDirectionParameters() {
        Map<String, Object> o = new HashMap<>();
        o.put("interfaceA", "left");
        o.put("interfaceB", "right");
        o.put("delivery", "inline");
        o.put("seed", 99L);
        o.put("checksumOffload", true);
        o.put("corruptProbability", new double[] {0.0, 0.5});
        WireComponent component = new WireComponent(bundleContext(), config(o), pid("x"));
        try {
            assertEquals("left", registered.get(0).properties.get(LinkDriver.INTERFACE_PROPERTY));
            assertEquals("right", registered.get(1).properties.get(LinkDriver.INTERFACE_PROPERTY));
            Wire wire = component.wire();
            assertEquals(Wire.Mode.INLINE, wire.mode());
            assertEquals(99, wire.seed());
            assertTrue(wire.checksumOffload());
            assertEquals(0.0, wire.impairment(Wire.Direction.A_TO_B).corruptProbability());
            assertEquals(0.5, wire.impairment(Wire.Direction.B_TO_A).corruptProbability());
            assertTrue(wireThreads("x").isEmpty(), "inline wires have no threads");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void rateQueueAndReorderParametersAreRead() {
        Map<String, Object> o = new HashMap<>();
        o.put("delayMillis", new double[] {10});
        o.put("jitterMillis", new double[] {2});
        o.put("reorderProbability", new double[] {0.25});
        o.put("duplicateProbability", new double[] {0.125});
        o.put("rateBitsPerSecond", new long[] {10_000_000, 20_000_000});
        o.put("frameOverheadBytes", new int[] {24});
        o.put("queueLimitFrames", new int[] {100});
        o.put("queueLimitBytes", new long[] {150_000});
        o.put("capacityFrames", 500);
        WireComponent component = new WireComponent(bundleContext(), config(o), pid("q"));
        try {
            Impairment expected = Impairment.NONE.withDelayNanos(10_000_000).withJitterNanos(2_000_000)
                    .withReorderProbability(0.25).withDuplicateProbability(0.125)
                    .withRateBitsPerSecond(10_000_000).withFrameOverheadBytes(24).withQueueLimitFrames(100)
                    .withQueueLimitBytes(150_000);
            assertEquals(expected, component.wire().impairment(Wire.Direction.A_TO_B));
            assertEquals(expected.withRateBitsPerSecond(20_000_000),
                    component.wire().impairment(Wire.Direction.B_TO_A));
        } finally {
            component.deactivate();
        }
    }

    @Test
    void invalidConfigurationsSayWhatIsWrong() {
        assertMessage(Map.of("mtu", 20), "mtu");
        assertMessage(Map.of("macA", "nonsense"), "macA");
        assertMessage(Map.of("macB", "01:00:5e:00:00:01"), "group");
        assertMessage(Map.of("lossProbability", new double[] {1.5}), "lossProbability");
        assertMessage(Map.of("lossProbability", new double[] {0.1, 0.2, 0.3}), "two");
        assertMessage(Map.of("delayMillis", new double[] {-1}), "delayMillis");
        assertMessage(Map.of("reorderProbability", new double[] {0.1}), "needs a delay");
        assertMessage(Map.of("delivery", "sometimes"), "delivery");
        assertMessage(Map.of("delivery", "INLINE", "delayMillis", new double[] {1}), "INLINE");
        assertMessage(Map.of("interfaceA", "same", "interfaceB", "same"), "same");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WireComponent(bundleContext(), config(Map.of()), Map.of(Constants.SERVICE_PID, "p")));
        assertTrue(e.getMessage().contains(WireComponent.FACTORY_PID + "~"), e.getMessage());
        assertTrue(registered.isEmpty());
    }

    @Test
    void withoutATildeExplicitInterfaceNamesNameTheWire() {
        WireComponent component = new WireComponent(bundleContext(),
                config(Map.of("interfaceA", "p0", "interfaceB", "p1")), Map.of(Constants.SERVICE_PID, "generated"));
        try {
            assertEquals("p0-p1", component.wire().name());
        } finally {
            component.deactivate();
        }
    }

    @Test
    void randomMacsDifferPerActivation() {
        WireComponent first = new WireComponent(bundleContext(), config(Map.of()), pid("r1"));
        WireComponent second = new WireComponent(bundleContext(), config(Map.of()), pid("r2"));
        try {
            assertNotEquals(first.wire().a().macAddress(), second.wire().a().macAddress());
            assertNotEquals(first.wire().a().macAddress(), first.wire().b().macAddress());
        } finally {
            first.deactivate();
            second.deactivate();
        }
    }

    private void assertMessage(Map<String, Object> overrides, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WireComponent(bundleContext(), config(overrides), pid("bad")));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(WireComponent.FACTORY_PID + "~bad"), e.getMessage());
        assertTrue(wireThreads("bad").isEmpty());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[64];
        b[12] = (byte) 0x88;
        b[13] = (byte) 0xB5;
        b[20] = (byte) n;
        return b;
    }

    private static PacketBuffer frame(PacketPool pool, int n) {
        PacketBuffer buffer = pool.allocate(64);
        MemorySegment.copy(bytes(n), 0, buffer.segment(), ValueLayout.JAVA_BYTE, buffer.start(), 64);
        return buffer.append(64);
    }

    /** A minimal stack stand-in that queues delivered frames. */
    private static final class Collecting implements LinkContext {
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final String name;
        private final PacketPool pool;

        Collecting(String name, PacketPool pool) {
            this.name = name;
            this.pool = pool;
        }

        @Override
        public String interfaceName() {
            return name;
        }

        @Override
        public PacketBuffer allocate(int minCapacity) {
            return pool.allocate(minCapacity);
        }

        @Override
        public void deliver(PacketBuffer frame) {
            byte[] copy = new byte[frame.length()];
            MemorySegment.copy(frame.segment(), ValueLayout.JAVA_BYTE, frame.start(), copy, 0, copy.length);
            frame.release();
            frames.add(copy);
        }

        @Override
        public void linkStateChanged(boolean up) {
        }

        @Override
        public void countDrop(boolean receive, boolean error) {
        }
    }
}
