package netstack.tap.driver.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import netstack.api.net.MacAddress;
import netstack.posix.internal.CallState;
import netstack.posix.internal.IfReq;
import netstack.posix.internal.Libc;
import netstack.posix.link.internal.FrameLink;

/** Opening a Linux TAP device as a {@link FrameLink}. Stateless. */
final class TapDevice {

    /** The clone device of the Linux TUN/TAP driver. */
    static final String TUN_PATH = "/dev/net/tun";
    /** {@code _IOW('T', 202, int)}: attach the descriptor to a TUN/TAP interface, creating it if needed. */
    static final long TUNSETIFF = 0x400454caL;
    /** {@code ifr_flags} for {@link #TUNSETIFF}: a TAP (Ethernet) device. */
    static final int IFF_TAP = 0x0002;
    /** {@code ifr_flags} for {@link #TUNSETIFF}: no 4-byte packet-information prefix on each frame. */
    static final int IFF_NO_PI = 0x1000;

    private TapDevice() {
    }

    /**
     * Opens (creating if needed) the TAP device {@code device} and wraps it. A device created here is not
     * persistent: the kernel removes it when the descriptor is closed.
     *
     * @param interfaceName the stack's name for the interface
     * @param device the host TAP device name, or a pattern like {@code tap%d}
     * @param mtu the IP MTU
     * @param mac the stack's MAC address on the link
     * @return the link, owning the descriptor
     * @throws IOException if the device cannot be opened, e.g. {@code EPERM} without {@code CAP_NET_ADMIN}, or
     *     {@code EBUSY} when another process holds it; the message names the device
     */
    static FrameLink open(String interfaceName, String device, int mtu, MacAddress mac) throws IOException {
        CallState state = new CallState();
        int fd = (int) Libc.check(Libc.open(state, TUN_PATH, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC),
                state, "open " + TUN_PATH);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = IfReq.allocate(arena, device);
            IfReq.flags(ifr, IFF_TAP | IFF_NO_PI);
            Libc.check(Libc.ioctl(state, fd, TUNSETIFF, ifr), state,
                    "ioctl(TUNSETIFF, IFF_TAP|IFF_NO_PI) on " + TUN_PATH + " for device " + device);
            String actual = IfReq.name(ifr);
            return new FrameLink(interfaceName, fd, mtu, mac,
                    "tap " + interfaceName + " (" + TUN_PATH + " device " + actual + ", mtu " + mtu + ", mac " + mac
                            + ")");
        } catch (IOException | RuntimeException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }
}
