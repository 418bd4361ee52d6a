package netstack.eth.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import netstack.api.stats.StackCounter;
import netstack.ip.buffer.PacketPool;
import netstack.ip.embed.EmbeddedStack;
import netstack.posix.link.internal.FrameLink;
import netstack.posix.testing.Host;
import netstack.posix.testing.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole stack on an {@code AF_PACKET} socket against the Linux kernel: a veth pair inside a namespace the test
 * creates; the kernel owns {@code veth0} (192.0.2.1/24), the stack's packet socket is bound to {@code veth1}
 * (no address, IPv6 off, so the kernel stays silent there) and the stack answers as 192.0.2.2 with veth1's MAC.
 * Needs root; fails without it.
 */
class KernelPingsTheStackOverVethTest {

    private Namespace ns;
    private PacketPool pool;
    private EmbeddedStack stack;
    private FrameLink link;

    @BeforeEach
    void setUp() throws Exception {
        ns = Namespace.create("veth");
        ns.exec("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        ns.exec("sysctl", "-qw", "net.ipv6.conf.veth1.disable_ipv6=1");
        ns.exec("ip", "link", "set", "veth1", "up");
        ns.exec("ip", "link", "set", "veth0", "up");
        ns.exec("ip", "addr", "add", "192.0.2.1/24", "dev", "veth0");
        ns.exec("ip", "addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad");
        PacketSocket.HostInterface host = ns.call(() -> PacketSocket.lookUp("veth1"));
        link = ns.call(() -> PacketSocket.open("eth0", host, host.mtu(), host.mac(), false));
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        stack = EmbeddedStack.builder().pool(pool).build();
        stack.addDriver(link);
        stack.configure("eth0", new String[] {"192.0.2.2/24", "2001:db8::2/64"}, new String[0], 0);
    }

    @AfterEach
    void tearDown() {
        try {
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

    @Test
    void theKernelPingsTheStackPlainAndFragmented() {
        for (String size : new String[] {"56", "1472", "4000"}) {
            Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "2", "-i", "0.2", "-W", "2",
                    "-s", size, "192.0.2.2");
            assertEquals(0, r.exitCode(), size + ": " + r.output());
            assertTrue(r.output().contains("2 received") && !r.output().contains("wrong data"), r.output());
        }
        assertEquals(6, stack.admin().counters().get(StackCounter.ICMP_OUT_ECHO_REPS));
        assertEquals(2, stack.admin().counters().get(StackCounter.IP_REASM_OKS));
    }

    @Test
    void theKernelPingsTheStackOverIpv6PlainFragmentedAndLinkLocal() throws Exception {
        // The stack's addresses are usable once duplicate address detection (1 s) has passed.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (!stack.admin().findInterface("eth0").orElseThrow().addresses().stream()
                .filter(a -> a.prefix().address() instanceof netstack.api.net.Ipv6Address)
                .allMatch(a -> a.state() == netstack.api.admin.AddressState.PREFERRED)) {
            assertTrue(System.nanoTime() - deadline < 0, "DAD did not finish");
            Thread.sleep(50);
        }
        String linkLocal = stack.admin().findInterface("eth0").orElseThrow().addresses().stream()
                .map(a -> a.prefix().address()).filter(a -> a.isLinkLocal()).findFirst().orElseThrow().toString();
        for (String[] target : new String[][] {{"2001:db8::2", "56"}, {"2001:db8::2", "4000"},
                {linkLocal + "%veth0", "56"}}) {
            Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-6", "-c", "2", "-i", "0.2", "-W",
                    "2", "-s", target[1], target[0]);
            assertEquals(0, r.exitCode(), String.join(" ", target) + ": " + r.output());
            assertTrue(r.output().contains("2 received") && !r.output().contains("wrong data"), r.output());
        }
        assertEquals(6, stack.admin().counters().get(StackCounter.ICMPV6_OUT_ECHO_REPLIES));
    }
}
