package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import netstack.api.admin.EchoReply;
import netstack.api.net.IpAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.embed.EmbeddedStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three stacks in a line, A — B — C, joined by two wires; B forwards (RFC 1812) between 192.0.2.0/24 and
 * 198.51.100.0/24 and the second link has a smaller MTU (1280), so B must fragment what A sends whole.
 */
class RouterOverTheWireTest {

    private final PacketPool pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
    private final EmbeddedStack a = EmbeddedStack.builder().pool(pool).build();
    private final EmbeddedStack b = EmbeddedStack.builder().pool(pool).build();
    private final EmbeddedStack c = EmbeddedStack.builder().pool(pool).build();
    private final Wire left = Wire.builder().name("left").interfaceNames("a0", "b0").seed(1).build();
    private final Wire right = Wire.builder().name("right").interfaceNames("b1", "c0").mtu(1280).seed(2).build();

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
        c.close();
        left.close();
        right.close();
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    @Test
    void aRouterForwardsAndFragmentsOnlyWhenForwardingIsOn() throws Exception {
        a.addDriver(left.a());
        b.addDriver(left.b());
        b.addDriver(right.a());
        c.addDriver(right.b());
        a.configure("a0", new String[] {"192.0.2.1/24"}, new String[] {"default via 192.0.2.254"}, 0);
        b.configure("b0", new String[] {"192.0.2.254/24"}, new String[0], 0);
        b.configure("b1", new String[] {"198.51.100.254/24"}, new String[0], 0);
        c.configure("c0", new String[] {"198.51.100.1/24"}, new String[] {"default via 198.51.100.254"}, 0);
        IpAddress cAddress = IpAddress.parse("198.51.100.1");

        assertTrue(a.admin().echo(cAddress, 56, Duration.ofMillis(500)).isEmpty(), "a host does not forward");
        assertTrue(b.admin().counters().get(StackCounter.IP_IN_ADDR_ERRORS) >= 1);

        b.ipv4Forwarding(true);
        EchoReply small = a.admin().echo(cAddress, 56, Duration.ofSeconds(5)).orElseThrow();
        assertEquals(cAddress, small.from());
        assertEquals(63, small.hopLimit(), "one router on the way back");
        EchoReply big = a.admin().echo(cAddress, 3000, Duration.ofSeconds(5)).orElseThrow();
        assertEquals(3000, big.payloadBytes());
        assertTrue(b.admin().counters().get(StackCounter.IP_FORW_DATAGRAMS) >= 2 + 2 * 3);
        assertTrue(b.admin().counters().get(StackCounter.IP_FRAG_CREATES) > 0, "B fragmented for the 1280 link");
        assertEquals(1, c.admin().counters().get(StackCounter.IP_REASM_OKS));
    }
}
