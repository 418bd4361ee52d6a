package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import netstack.api.admin.CaptureSummary;
import netstack.api.admin.EchoReply;
import netstack.api.admin.NeighborInfo;
import netstack.api.socket.HostUnreachableException;
import netstack.api.socket.NetworkUnreachableException;
import netstack.api.net.IpAddress;
import netstack.api.net.MacAddress;
import netstack.api.stats.StackCounter;
import netstack.ip.embed.EmbeddedStack;
import netstack.posix.testing.Host;
import netstack.posix.testing.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack on a TAP device against the Linux kernel: the kernel (in a namespace the test creates, with
 * 192.0.2.1/24 on its side of the TAP) pings the stack (192.0.2.2/24) with iputils {@code ping}. Needs root; fails
 * without it.
 */
class KernelPingsTheStackTest {

    private static final MacAddress OUR_MAC = TapStack.OUR_MAC;

    private TapStack fixture;
    private Namespace ns;
    private EmbeddedStack stack;

    @BeforeEach
    void setUp() throws Exception {
        fixture = TapStack.start("ping");
        ns = fixture.ns;
        stack = fixture.stack;
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theKernelPingsTheStack() {
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "3", "-i", "0.2", "-W", "2",
                "192.0.2.2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("3 packets transmitted, 3 received"), r.output());
        assertEquals(3, stack.admin().counters().get(StackCounter.ICMP_OUT_ECHO_REPS));

        // The stack learned the kernel's MAC from its ARP request, and the kernel learned ours.
        MacAddress kernelMac = MacAddress.parse(ns.exec("cat", "/sys/class/net/tap0/address").strip());
        NeighborInfo neighbor = stack.admin().neighbors().stream()
                .filter(n -> n.address().equals(IpAddress.parse("192.0.2.1"))).findFirst().orElseThrow();
        assertEquals(kernelMac, neighbor.macAddress());
        assertTrue(ns.exec("ip", "neigh", "show", "192.0.2.2").contains(OUR_MAC.toString()));
    }

    @Test
    void arpingGetsTheStacksMac() {
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "arping", "-c", "2", "-w", "5", "-I", "tap0",
                "192.0.2.2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().toLowerCase(java.util.Locale.ROOT).contains(OUR_MAC.toString()), r.output());
        assertTrue(r.output().contains("Received 2 response"), r.output());
    }

    @Test
    void largeUnfragmentedEchoesComeBackIntact() {
        // 1472 bytes of data: a 1500-byte datagram, the largest that needs no fragmentation.
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "2", "-i", "0.2", "-W", "2",
                "-s", "1472", "-p", "a5c3", "192.0.2.2");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("2 received"), r.output());
        assertTrue(!r.output().contains("wrong data"), r.output());
    }

    @Test
    void fragmentedEchoesAreReassembledAndAnsweredInFragments(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("tap0.pcapng");
        stack.admin().startCapture(pcap, "tap0");
        for (String size : new String[] {"4000", "20000"}) {
            Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "2", "-i", "0.2", "-W", "2",
                    "-s", size, "-p", "5a", "192.0.2.2");
            assertEquals(0, r.exitCode(), size + ": " + r.output());
            assertTrue(r.output().contains("2 received"), r.output());
            assertTrue(!r.output().contains("wrong data"), r.output());
        }
        assertEquals(4, stack.admin().counters().get(StackCounter.IP_REASM_OKS));
        assertTrue(stack.admin().counters().get(StackCounter.IP_FRAG_CREATES) >= 2 * 3 + 2 * 14);

        // tshark decodes the capture, reassembles both directions, and finds nothing malformed or miscounted.
        CaptureSummary summary = stack.admin().stopCapture().orElseThrow();
        assertEquals(0, summary.droppedPackets());
        assertEquals(summary.capturedPackets(), summary.writtenPackets());
        Host.Result replies = Host.tryRun("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
                "-Y", "icmp.type == 0", "-T", "fields", "-e", "icmp.seq");
        assertEquals(0, replies.exitCode(), replies.output());
        // (tshark also prints a warning about running as root: count only the sequence-number lines)
        assertEquals(4, replies.output().lines().filter(l -> l.strip().matches("\\d+")).count(),
                "four reassembled echo replies:\n" + replies.output());
        Host.Result expert = Host.tryRun("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE", "-q",
                "-z", "expert,warn");
        assertEquals(0, expert.exitCode(), expert.output());
        assertTrue(!expert.output().contains("Malformed") && !expert.output().contains("hecksum"), expert.output());
    }

    @Test
    void theStackPingsTheKernel() throws Exception {
        for (int size : new int[] {56, 1472, 4000}) {
            EchoReply reply = stack.admin().echo(IpAddress.parse("192.0.2.1"), size, Duration.ofSeconds(3))
                    .orElseThrow(() -> new AssertionError("no echo reply for " + size + " bytes"));
            assertEquals(IpAddress.parse("192.0.2.1"), reply.from());
            assertEquals(size, reply.payloadBytes());
            assertEquals(64, reply.hopLimit(), "the kernel's default TTL, one hop");
            assertTrue(reply.roundTrip().compareTo(Duration.ofSeconds(3)) < 0);
        }
        HostUnreachableException e = assertThrows(HostUnreachableException.class,
                () -> stack.admin().echo(IpAddress.parse("192.0.2.3"), 56, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("192.0.2.3"), e.getMessage());
        assertThrows(NetworkUnreachableException.class,
                () -> stack.admin().echo(IpAddress.parse("203.0.113.1"), 56, Duration.ofSeconds(1)));
    }

    @Test
    void pingsToAnAddressTheStackDoesNotHaveGoUnanswered() {
        Host.Result r = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "1", "-W", "1", "192.0.2.3");
        assertEquals(1, r.exitCode(), r.output());
        assertEquals(0, stack.admin().counters().get(StackCounter.ICMP_OUT_ECHO_REPS));
    }
}
