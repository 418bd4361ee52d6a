package netstack.eth.driver.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import netstack.api.net.MacAddress;
import netstack.posix.internal.CallState;
import netstack.posix.internal.ErrnoException;
import netstack.posix.internal.IfReq;
import netstack.posix.internal.Libc;
import netstack.posix.link.internal.FrameLink;

/**
 * Opening an {@code AF_PACKET} socket on a host interface as a {@link FrameLink} ({@code packet(7)}). Stateless.
 *
 * <p>The socket is {@code SOCK_RAW} for {@code ETH_P_ALL} and bound to the interface, so each {@code read(2)} is a
 * whole Ethernet frame that arrived on it and each {@code write(2)} sends one. It asks for every multicast frame
 * ({@code PACKET_MR_ALLMULTI}: IPv6 neighbor discovery needs the solicited-node groups, which the host kernel has
 * not joined for the stack) and, when told to or when the stack's MAC is not the interface's own, for every frame
 * ({@code PACKET_MR_PROMISC}). Both memberships end with the socket. Frames the host itself sends out of the
 * interface are not seen ({@code PACKET_IGNORE_OUTGOING}, Linux 4.20+).
 */
final class PacketSocket {

    /** {@code ETH_P_ALL}: every protocol. */
    static final int ETH_P_ALL = 0x0003;
    /** {@code SOL_PACKET}. */
    static final int SOL_PACKET = 263;
    /** {@code PACKET_ADD_MEMBERSHIP}. */
    static final int PACKET_ADD_MEMBERSHIP = 1;
    /** {@code PACKET_IGNORE_OUTGOING}. */
    static final int PACKET_IGNORE_OUTGOING = 23;
    /** {@code packet_mreq.mr_type}: promiscuous mode. */
    static final int PACKET_MR_PROMISC = 1;
    /** {@code packet_mreq.mr_type}: all multicast. */
    static final int PACKET_MR_ALLMULTI = 2;
    /** {@code ARPHRD_ETHER}: the hardware type of Ethernet-like devices (Ethernet, veth, TAP, bridges). */
    static final int ARPHRD_ETHER = 1;
    /** {@code sizeof(struct sockaddr_ll)}. */
    static final int SOCKADDR_LL_BYTES = 20;
    /** {@code sizeof(struct packet_mreq)}. */
    static final int PACKET_MREQ_BYTES = 16;

    private PacketSocket() {
    }

    /** What the host says about an interface. */
    record HostInterface(String name, int index, int mtu, MacAddress mac) {
    }

    /**
     * Looks a host interface up.
     *
     * @param name the host interface, e.g. {@code veth0}
     * @return its index, MTU and MAC address
     * @throws IOException if it does not exist ({@code ENODEV}) or is not an Ethernet device; the message names it
     */
    static HostInterface lookUp(String name) throws IOException {
        CallState state = new CallState();
        IfReq.checkName(name);
        int index = Libc.ifNameToIndex(state, name);
        if (index == 0) {
            throw new ErrnoException("host interface " + name, state.errno());
        }
        int fd = (int) Libc.check(Libc.socket(state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), state,
                "socket(AF_UNIX)");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = IfReq.allocate(arena, name);
            Libc.check(Libc.ioctl(state, fd, IfReq.SIOCGIFHWADDR, ifr), state, "ioctl(SIOCGIFHWADDR) on " + name);
            if (IfReq.hardwareFamily(ifr) != ARPHRD_ETHER) {
                throw new IOException("host interface " + name + " is not an Ethernet device (hardware type "
                        + IfReq.hardwareFamily(ifr) + ")");
            }
            MacAddress mac = MacAddress.ofBytes(IfReq.hardwareAddress(ifr));
            ifr = IfReq.allocate(arena, name);
            Libc.check(Libc.ioctl(state, fd, IfReq.SIOCGIFMTU, ifr), state, "ioctl(SIOCGIFMTU) on " + name);
            return new HostInterface(name, index, IfReq.intValue(ifr), mac);
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    /**
     * Opens a packet socket on {@code host} and wraps it.
     *
     * @param interfaceName the stack's name for the interface
     * @param host the host interface
     * @param mtu the IP MTU the stack uses on the link
     * @param mac the stack's MAC address on the link
     * @param promiscuous whether to receive every frame, whatever its destination
     * @return the link, owning the socket
     * @throws IOException if the socket cannot be opened ({@code EPERM} without {@code CAP_NET_RAW}) or set up;
     *     the message names the interface and the failed call
     */
    static FrameLink open(String interfaceName, HostInterface host, int mtu, MacAddress mac, boolean promiscuous)
            throws IOException {
        CallState state = new CallState();
        int protocol = Libc.htons(ETH_P_ALL);
        int fd = (int) Libc.check(Libc.socket(state, Libc.AF_PACKET,
                Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, protocol), state,
                "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)");
        try (Arena arena = Arena.ofConfined()) {
            // struct sockaddr_ll in host byte order, except the protocol (network order): family, protocol,
            // ifindex; the rest is unused by bind(2).
            MemorySegment address = arena.allocate(SOCKADDR_LL_BYTES);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            address.set(ValueLayout.JAVA_SHORT, 2, (short) protocol);
            address.set(ValueLayout.JAVA_INT, 4, host.index());
            Libc.check(Libc.bind(state, fd, address, SOCKADDR_LL_BYTES), state, "bind(AF_PACKET) to " + host.name());

            MemorySegment one = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            Libc.check(Libc.setsockopt(state, fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, Integer.BYTES), state,
                    "setsockopt(PACKET_IGNORE_OUTGOING) on " + host.name());
            addMembership(state, arena, fd, host, PACKET_MR_ALLMULTI);
            if (promiscuous) {
                addMembership(state, arena, fd, host, PACKET_MR_PROMISC);
            }
            return new FrameLink(interfaceName, fd, mtu, mac, "ethernet " + interfaceName + " (AF_PACKET on "
                    + host.name() + ", mtu " + mtu + ", mac " + mac + (promiscuous ? ", promiscuous" : "") + ")");
        } catch (IOException | RuntimeException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
    }

    private static void addMembership(CallState state, Arena arena, int fd, HostInterface host, int type)
            throws ErrnoException {
        // struct packet_mreq: ifindex, type, address length, address[8].
        MemorySegment mreq = arena.allocate(PACKET_MREQ_BYTES);
        mreq.set(ValueLayout.JAVA_INT, 0, host.index());
        mreq.set(ValueLayout.JAVA_SHORT, 4, (short) type);
        Libc.check(Libc.setsockopt(state, fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, PACKET_MREQ_BYTES), state,
                "setsockopt(PACKET_ADD_MEMBERSHIP, " + (type == PACKET_MR_PROMISC ? "promiscuous" : "all-multicast")
                        + ") on " + host.name());
    }
}
