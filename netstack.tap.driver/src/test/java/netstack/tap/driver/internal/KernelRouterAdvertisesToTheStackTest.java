package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.EchoReply;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.net.IpAddress;
import netstack.api.net.MacAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.embed.EmbeddedStack;
import netstack.posix.link.internal.FrameLink;
import netstack.posix.testing.Host;
import netstack.posix.testing.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLAAC against a real router: the kernel in a namespace the test creates forwards IPv6 and runs {@code radvd},
 * advertising 2001:db8:1::/64 (on-link, autonomous) on its side of a TAP. The stack (configured with 2001:db8::2/64
 * only, to enable IPv6 on the interface) solicits, autoconfigures 2001:db8:1:: + EUI-64 and a default route through
 * the router's link-local address, and reaches an address behind the router. Needs root and radvd; fails without.
 */
class KernelRouterAdvertisesToTheStackTest {

    private static final MacAddress OUR_MAC = MacAddress.parse("02:00:5e:00:53:02");
    private static final String OUR_SLAAC = "2001:db8:1::5eff:fe00:5302";

    private Namespace ns;
    private PacketPool pool;
    private EmbeddedStack stack;
    private FrameLink link;
    private Process radvd;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        ns = Namespace.create("ra");
        link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC));
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.tap0.accept_dad=0");
        ns.exec("ip", "link", "set", "lo", "up");
        ns.exec("ip", "link", "set", "tap0", "up");
        ns.exec("ip", "addr", "add", "2001:db8::1/64", "dev", "tap0", "nodad");
        ns.exec("ip", "addr", "add", "2001:db8:1::1/64", "dev", "tap0", "nodad");
        // Behind the router: an address on its loopback, reachable from the stack only through the default route.
        ns.exec("ip", "addr", "add", "2001:db8:2::1/128", "dev", "lo");
        Path conf = dir.resolve("radvd.conf");
        Files.writeString(conf, """
                interface tap0 {
                    AdvSendAdvert on;
                    MinRtrAdvInterval 30;
                    MaxRtrAdvInterval 60;
                    AdvDefaultLifetime 1800;
                    prefix 2001:db8:1::/64 {
                        AdvOnLink on;
                        AdvAutonomous on;
                        AdvValidLifetime 3600;
                        AdvPreferredLifetime 1800;
                    };
                };
                """);
        radvd = new ProcessBuilder("ip", "netns", "exec", ns.name(), "radvd", "-n", "-C", conf.toString(), "-p",
                dir.resolve("radvd.pid").toString(), "-m", "stderr").redirectErrorStream(true)
                .redirectOutput(dir.resolve("radvd.log").toFile()).start();
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        stack = EmbeddedStack.builder().pool(pool).build();
        stack.addDriver(link);
        stack.configure("tap0", new String[] {"2001:db8::2/64"}, new String[0], 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (radvd != null) {
                radvd.destroy();
                if (!radvd.waitFor(5, TimeUnit.SECONDS)) {
                    radvd.destroyForcibly();
                }
            }
            if (stack != null) {
                stack.close();
            }
            if (link != null) {
                link.close();
            }
        } finally {
            ns.close();
        }
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    private List<InterfaceAddress> addresses() {
        return stack.admin().findInterface("tap0").orElseThrow().addresses();
    }

    @Test
    void theStackAutoconfiguresFromTheRoutersAdvertisementAndRoutesThroughIt() throws Exception {
        // Link-local DAD (1 s), the solicitation, radvd's answer (up to 0.5 s), the new address's DAD (1 s).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        InterfaceAddress slaac = null;
        while (System.nanoTime() - deadline < 0) {
            slaac = addresses().stream().filter(a -> a.prefix().address().equals(IpAddress.parse(OUR_SLAAC)))
                    .findFirst().orElse(null);
            if (slaac != null && slaac.state() == AddressState.PREFERRED) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(slaac != null && slaac.state() == AddressState.PREFERRED, "no autoconfigured address: "
                + addresses());
        assertEquals(AddressOrigin.SLAAC, slaac.origin());
        assertEquals(64, slaac.prefix().length());
        assertTrue(stack.admin().counters().get(StackCounter.ICMPV6_OUT_ROUTER_SOLICITS) >= 1);

        RouteInfo defaultRoute = stack.admin().routes().stream()
                .filter(r -> r.destination().length() == 0 && r.origin() == RouteOrigin.ROUTER_ADVERTISEMENT)
                .findFirst().orElseThrow(() -> new AssertionError("no default route: " + stack.admin().routes()));
        assertTrue(((netstack.api.net.Ipv6Address) defaultRoute.gateway()).isLinkLocal(), defaultRoute.toString());

        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-6", "-c", "2", "-i", "0.2", "-W",
                "2", OUR_SLAAC);
        assertEquals(0, r.exitCode(), r.output());

        EchoReply reply = stack.admin().echo(IpAddress.parse("2001:db8:2::1"), 56, Duration.ofSeconds(3))
                .orElseThrow(() -> new AssertionError("no echo reply from behind the router"));
        assertEquals(IpAddress.parse("2001:db8:2::1"), reply.from());
    }
}
