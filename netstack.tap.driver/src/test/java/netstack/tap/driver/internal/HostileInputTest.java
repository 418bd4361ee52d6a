package netstack.tap.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import netstack.api.net.IpAddress;
import netstack.api.net.MacAddress;
import netstack.api.stats.Counters;
import netstack.api.stats.StackCounter;
import netstack.ip.embed.EmbeddedStack;
import netstack.posix.testing.Host;
import netstack.posix.testing.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input from a real peer: scapy, in the kernel's namespace, sends the stack (on a TAP device)
 * bad checksums, truncated headers, lying lengths, overlapping, oversized and never-ending fragments, and ARP
 * replies that claim the stack's own address. Each must be counted and dropped, and the stack must keep answering
 * the kernel's pings. Needs root and Debian's python3-scapy; fails without them.
 */
class HostileInputTest {

    private static final MacAddress OUR_MAC = TapStack.OUR_MAC;

    private TapStack fixture;
    private Namespace ns;
    private EmbeddedStack stack;

    @BeforeEach
    void setUp() throws Exception {
        fixture = TapStack.start("hostile");
        ns = fixture.ns;
        stack = fixture.stack;
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static final String SCAPY = "/usr/bin/python3";

    @Test
    void badInputIsCountedAndDroppedAndPingsStillWork() {
        String script = """
                import sys
                from scapy.all import Ether, ARP, IP, ICMP, Raw, sendp, conf
                conf.verb = 0
                ours = "%s"
                iface = "tap0"
                src = "192.0.2.1"
                dst = "192.0.2.2"
                theirs = open("/sys/class/net/tap0/address").read().strip()
                def send(p):
                    sendp(Ether(src=theirs, dst=ours) / p, iface=iface)
                # an echo request with a broken IPv4 header checksum
                send(IP(src=src, dst=dst, chksum=0x1234) / ICMP(id=1, seq=1) / Raw(b"x" * 32))
                # a broken ICMP checksum
                send(IP(src=src, dst=dst) / ICMP(id=1, seq=2, chksum=0x4321) / Raw(b"x" * 32))
                # a truncated IPv4 header (10 bytes), and IHL 15 on a 20-byte header
                sendp(Ether(src=theirs, dst=ours, type=0x0800) / Raw(bytes(IP(src=src, dst=dst))[:10]), iface=iface)
                send(IP(src=src, dst=dst, ihl=15) / ICMP())
                # a total length that lies (1000 bytes claimed, 60 sent)
                send(IP(src=src, dst=dst, len=1000) / ICMP(id=1, seq=3) / Raw(b"y" * 32))
                # overlapping fragments of one datagram
                send(IP(src=src, dst=dst, id=500, flags="MF", frag=0, proto=1) / Raw(b"a" * 64))
                send(IP(src=src, dst=dst, id=500, frag=4, proto=1) / Raw(b"b" * 64))
                # a fragment ending beyond 65535 bytes
                send(IP(src=src, dst=dst, id=501, frag=8189, proto=1) / Raw(b"c" * 64))
                # endless fragments: first fragments of 300 datagrams that never complete
                for i in range(300):
                    send(IP(src=src, dst=dst, id=1000 + i, flags="MF", frag=0, proto=1) / Raw(b"d" * 512))
                # ARP replies claiming the stack's own address for another MAC
                for op in (1, 2):
                    sendp(Ether(src="02:00:5e:00:53:66", dst="ff:ff:ff:ff:ff:ff") / ARP(op=op,
                          hwsrc="02:00:5e:00:53:66", psrc=dst, hwdst="00:00:00:00:00:00", pdst=src), iface=iface)
                print("sent")
                """.formatted(OUR_MAC);
        Host.Result sent = Host.tryRun("ip", "netns", "exec", ns.name(), SCAPY, "-c", script);
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(sent.output().contains("sent"), sent.output());

        // The stack still answers, and its neighbor entry for the kernel was never replaced by the spoofer.
        Host.Result ping = Host.tryRun("ip", "netns", "exec", ns.name(), "ping", "-c", "3", "-i", "0.2", "-W", "2",
                "192.0.2.2");
        assertEquals(0, ping.exitCode(), ping.output());
        assertTrue(ping.output().contains("3 received"), ping.output());

        Counters<StackCounter> c = stack.admin().counters();
        assertTrue(c.get(StackCounter.IP_IN_HDR_ERRORS) >= 4, "bad checksum, truncated, bad IHL, lying length: " + c);
        assertTrue(c.get(StackCounter.ICMP_IN_ERRORS) >= 1, "bad ICMP checksum: " + c);
        assertTrue(c.get(StackCounter.IP_REASM_FAILS) >= 2, "overlap and oversize: " + c);
        assertTrue(c.get(StackCounter.IP_REASM_REQDS) >= 300, "endless fragments were taken in, within bounds: " + c);
        assertTrue(c.get(StackCounter.ARP_IN_DROPS) >= 2, "ARP claiming our address: " + c);
        assertEquals(3, c.get(StackCounter.ICMP_OUT_ECHO_REPS), "only the valid pings were answered");
        assertTrue(stack.admin().neighbors().stream()
                .noneMatch(n -> n.address().equals(IpAddress.parse("192.0.2.2"))), "our own address never learned");
    }
}
