package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import netstack.ip.embed.EmbeddedStack;
import netstack.posix.link.internal.FrameLink;
import netstack.posix.testing.Namespace;

/**
 * The fixture of the whole-stack kernel tests: a namespace the test owns, a TAP device opened inside it whose kernel
 * side has 192.0.2.1/24, and a netstack stack on the device as 192.0.2.2/24, with leak tracking on.
 * {@link #close()} tears everything down, even after a failure, and then checks that no buffer leaked.
 */
final class TapStack implements AutoCloseable {

    /** The stack's MAC address on the TAP. */
    static final MacAddress OUR_MAC = MacAddress.parse("02:00:5e:00:53:02");

    final Namespace ns;
    final PacketPool pool;
    final EmbeddedStack stack;
    final FrameLink link;

    private TapStack(Namespace ns, PacketPool pool, EmbeddedStack stack, FrameLink link) {
        this.ns = ns;
        this.pool = pool;
        this.stack = stack;
        this.link = link;
    }

    /**
     * @param tag a short name for the namespace
     * @return the running fixture
     * @throws Exception if the device cannot be set up (the namespace is deleted again)
     */
    static TapStack start(String tag) throws Exception {
        Namespace ns = Namespace.create(tag);
        FrameLink link = null;
        try {
            link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC));
            ns.exec("ip", "link", "set", "tap0", "up");
            ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "tap0");
            PacketPool pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
            EmbeddedStack stack = EmbeddedStack.builder().pool(pool).build();
            stack.addDriver(link);
            stack.configure("tap0", new String[] {"192.0.2.2/24"}, new String[0], 0);
            return new TapStack(ns, pool, stack, link);
        } catch (Exception | Error e) {
            if (link != null) {
                link.close();
            }
            ns.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            stack.close();
            link.close();
        } finally {
            ns.close();
        }
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }
}
