package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import netstack.api.admin.AddressOrigin;
import netstack.api.admin.AddressState;
import netstack.api.admin.EchoReply;
import netstack.api.admin.InterfaceAddress;
import netstack.api.admin.NeighborInfo;
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

/**
 * IPv6 on a TAP device against the Linux kernel: the kernel (in a namespace the test creates, 2001:db8::1/64 on its
 * side, without DAD) pings the stack (2001:db8::2/64 and its EUI-64 link-local address) with iputils {@code ping},
 * and the stack pings the kernel. Needs root; fails without it.
 */
class KernelPings6TheStackTest {

    private static final MacAddress OUR_MAC = MacAddress.parse("02:00:5e:00:53:02");
    /** fe80:: + modified EUI-64 of {@link #OUR_MAC} (RFC 4291 Appendix A: the U/L bit flips, ff:fe inserted). */
    private static final String OUR_LINK_LOCAL = linkLocal(OUR_MAC);

    private static String linkLocal(MacAddress mac) {
        long b = mac.bits();
        long id = ((b >>> 24) ^ 0x02_0000L) << 40 | 0xfffeL << 24 | (b & 0xff_ffffL);
        return new netstack.api.net.Ipv6Address(0xfe80L << 48, id).toString();
    }

    private Namespace ns;
    private PacketPool pool;
    private EmbeddedStack stack;
    private FrameLink link;

    @BeforeEach
    void setUp() throws Exception {
        ns = Namespace.create("ping6");
        link = ns.call(() -> TapDevice.open("tap0", "tap0", 1500, OUR_MAC));
        ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.tap0.accept_dad=0");
        ns.exec("ip", "link", "set", "tap0", "up");
        ns.exec("ip", "addr", "add", "2001:db8::1/64", "dev", "tap0", "nodad");
        pool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(true));
        stack = EmbeddedStack.builder().pool(pool).build();
        stack.addDriver(link);
        stack.configure("tap0", new String[] {"2001:db8::2/64"}, new String[0], 0);
        awaitDad();
    }

    /** DAD takes RetransTimer (1 s) after the stack's solicitation; wait for both addresses, bounded. */
    private void awaitDad() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<InterfaceAddress> v6 = addresses6();
            if (v6.size() == 2 && v6.stream().allMatch(a -> a.state() == AddressState.PREFERRED)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("DAD did not finish: " + v6);
            }
            Thread.sleep(50);
        }
    }

    private List<InterfaceAddress> addresses6() {
        return stack.admin().findInterface("tap0").orElseThrow().addresses().stream()
                .filter(a -> a.prefix().address() instanceof netstack.api.net.Ipv6Address).toList();
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
    void theStackHasItsLinkLocalAddressAfterDad() {
        assertEquals("fe80::5eff:fe00:5302", OUR_LINK_LOCAL);
        List<InterfaceAddress> v6 = addresses6();
        assertTrue(v6.stream().anyMatch(a -> a.prefix().address().equals(IpAddress.parse(OUR_LINK_LOCAL))
                && a.origin() == AddressOrigin.LINK_LOCAL && a.prefix().length() == 64), v6.toString());
        assertTrue(stack.admin().counters().get(StackCounter.ICMPV6_OUT_NEIGHBOR_SOLICITS) >= 2, "DAD probes");
        assertTrue(stack.admin().counters().get(StackCounter.ICMPV6_OUT_MLD_REPORTS) >= 2, "MLD reports");
    }

    @Test
    void theKernelPingsTheStack() {
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-6", "-c", "3", "-i", "0.2", "-W",
                "2", "2001:db8::2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("3 packets transmitted, 3 received"), r.output());
        assertEquals(3, stack.admin().counters().get(StackCounter.ICMPV6_OUT_ECHO_REPLIES));

        // The stack learned the kernel's MAC from its Neighbor Solicitation, and the kernel learned ours.
        MacAddress kernelMac = MacAddress.parse(ns.exec("cat", "/sys/class/net/tap0/address").strip());
        NeighborInfo neighbor = stack.admin().neighbors().stream()
                .filter(n -> n.address().equals(IpAddress.parse("2001:db8::1"))).findFirst().orElseThrow();
        assertEquals(kernelMac, neighbor.macAddress());
        assertTrue(ns.exec("ip", "-6", "neigh", "show", "2001:db8::2").contains(OUR_MAC.toString()));
    }

    @Test
    void theKernelPingsTheLinkLocalAddress() {
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-6", "-c", "2", "-i", "0.2", "-W",
                "2", OUR_LINK_LOCAL + "%tap0");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("2 received"), r.output());
    }

    @Test
    void fragmentedEchoesAreReassembledAndAnsweredInFragments() {
        for (String size : new String[] {"4000", "20000"}) {
            Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-6", "-c", "2", "-i", "0.2", "-W",
                    "2", "-s", size, "-p", "5a", "2001:db8::2");
            assertEquals(0, r.exitCode(), size + ": " + r.output());
            assertTrue(r.output().contains("2 received"), r.output());
            assertTrue(!r.output().contains("wrong data"), r.output());
        }
        assertEquals(4, stack.admin().counters().get(StackCounter.IPV6_REASM_OKS));
        assertTrue(stack.admin().counters().get(StackCounter.IPV6_FRAG_CREATES) >= 2 * 3 + 2 * 14);
    }

    @Test
    void theStackPingsTheKernel() throws Exception {
        for (int size : new int[] {56, 1452, 4000}) {
            EchoReply reply = stack.admin().echo(IpAddress.parse("2001:db8::1"), size, Duration.ofSeconds(3))
                    .orElseThrow(() -> new AssertionError("no echo reply for " + size + " bytes"));
            assertEquals(IpAddress.parse("2001:db8::1"), reply.from());
            assertEquals(size, reply.payloadBytes());
            assertEquals(64, reply.hopLimit(), "the kernel's default hop limit, one hop");
        }
        // The kernel's link-local address, through the only Ethernet interface (IpAddress carries no zone).
        String kernelLinkLocal = linkLocal(MacAddress.parse(ns.exec("cat", "/sys/class/net/tap0/address").strip()));
        EchoReply reply = stack.admin().echo(IpAddress.parse(kernelLinkLocal), 56, Duration.ofSeconds(3))
                .orElseThrow(() -> new AssertionError("no echo reply from " + kernelLinkLocal));
        assertEquals(IpAddress.parse(kernelLinkLocal), reply.from());
        assertEquals(64, reply.hopLimit());

        // Nobody answers the solicitations for 2001:db8::3: the ping fails as host unreachable; no route, no ping.
        netstack.api.socket.HostUnreachableException e = org.junit.jupiter.api.Assertions.assertThrows(
                netstack.api.socket.HostUnreachableException.class,
                () -> stack.admin().echo(IpAddress.parse("2001:db8::3"), 56, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("2001:db8::3"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(netstack.api.socket.NetworkUnreachableException.class,
                () -> stack.admin().echo(IpAddress.parse("2001:db8:99::1"), 56, Duration.ofSeconds(1)));
    }

    @Test
    void aKernelAddressClashIsDetectedByDad() throws Exception {
        // The kernel takes 2001:db8::3 first (nodad: at once); the stack then configures it and must find it in use.
        ns.exec("ip", "addr", "add", "2001:db8::3/64", "dev", "tap0", "nodad");
        stack.configure("tap0", new String[] {"2001:db8::2/64", "2001:db8::3/64"}, new String[0], 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        AddressState state;
        do {
            Thread.sleep(50);
            state = addresses6().stream().filter(a -> a.prefix().address().equals(IpAddress.parse("2001:db8::3")))
                    .findFirst().orElseThrow().state();
        } while (state == AddressState.TENTATIVE && System.nanoTime() - deadline < 0);
        assertEquals(AddressState.DUPLICATE, state);
        assertEquals(1, stack.admin().counters().get(StackCounter.IPV6_DAD_DUPLICATES));
    }
}
