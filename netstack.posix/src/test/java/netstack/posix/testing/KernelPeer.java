package netstack.posix.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netstack.api.link.LinkDriver;
import netstack.api.link.PacketBuffer;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;

/**
 * The Linux kernel in a test namespace as the peer of a link driver: the test plays a tiny IPv4 host on the
 * driver's side (answering ARP, sending an echo request) and checks that the kernel's echo reply comes back, which
 * proves both directions of the driver against a real device.
 */
public final class KernelPeer {

    private static final Pattern LINK_ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");

    private KernelPeer() {
    }

    /**
     * @param ns the namespace
     * @param device a device in it
     * @return its MAC address
     */
    public static MacAddress macOf(Namespace ns, String device) {
        String out = ns.exec("ip", "link", "show", "dev", device);
        Matcher m = LINK_ETHER.matcher(out);
        assertTrue(m.find(), "no MAC address in: " + out);
        return MacAddress.parse(m.group(1));
    }

    /**
     * Sends an echo request from {@code ourIp} to the kernel at {@code kernelIp}, answers the kernel's ARP request
     * for {@code ourIp}, and checks the echo reply: same identifier, sequence and data, sent to {@code ourMac}.
     * Finally the kernel's neighbor table must hold {@code ourMac} for {@code ourIp}.
     *
     * @param driver the attached driver
     * @param context its context
     * @param pool buffers for transmitting
     * @param ourMac the MAC the driver's side uses
     * @param ourIp the address the driver's side uses
     * @param ns the kernel's namespace
     * @param kernelDevice the kernel's device facing the driver
     * @param kernelIp the kernel's address on it
     * @throws InterruptedException if interrupted
     */
    public static void echoThroughKernel(LinkDriver driver, RecordingContext context, PacketPool pool,
            MacAddress ourMac, Ipv4Address ourIp, Namespace ns, String kernelDevice, Ipv4Address kernelIp)
            throws InterruptedException {
        MacAddress kernelMac = macOf(ns, kernelDevice);
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        int id = 0x5a5a;
        transmit(driver, pool, EthernetFrames.icmpEcho(8, ourMac, kernelMac, ourIp, kernelIp, id, 1, data));

        byte[] arp = context.next(f -> EthernetFrames.isArpRequestFor(f, ourIp));
        assertNotNull(arp, "the kernel never asked for " + ourIp + " (did the echo request reach it?)");
        transmit(driver, pool, EthernetFrames.arpReply(ourMac, ourIp, kernelMac, kernelIp));

        byte[] reply = context.next(f -> EthernetFrames.isIcmpEcho(f, 0, id));
        assertNotNull(reply, "no echo reply from the kernel");
        assertEquals(ourMac, EthernetFrames.destination(reply), "reply addressed to our MAC");
        assertArrayEquals(data, Arrays.copyOfRange(reply, 42, reply.length), "echo data intact");
        assertEquals(0, EthernetFrames.checksum(reply, 34, reply.length - 34), "ICMP checksum of the reply");

        String neighbors = ns.exec("ip", "neigh", "show", "dev", kernelDevice, ourIp.toString());
        assertTrue(neighbors.contains(ourMac.toString()), "kernel neighbor entry: " + neighbors);
    }

    /**
     * Transmits one frame, asserting the driver accepted it.
     *
     * @param driver the driver
     * @param pool buffers
     * @param frame the bytes
     */
    public static void transmit(LinkDriver driver, PacketPool pool, byte[] frame) {
        PacketBuffer b = pool.allocate(frame.length);
        MemorySegment.copy(frame, 0, b.segment(), ValueLayout.JAVA_BYTE, b.end(), frame.length);
        b.append(frame.length);
        assertTrue(driver.transmit(b), "driver refused a " + frame.length + "-byte frame");
    }
}
