package netstack.api.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import netstack.api.net.IpAddress;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A UDP socket (RFC 768): datagrams, unreliable and unordered, each delivered whole or not at all.
 *
 * <p>Receiving copies a datagram into the caller's buffer and describes it in a caller-supplied, reusable
 * {@link DatagramInfo}, so a receive loop allocates nothing per datagram.
 */
@ProviderType
public interface UdpSocket extends NetSocket {

    /** Returned by {@link #tryReceive} when no datagram is waiting (a zero-length datagram returns 0). */
    int WOULD_BLOCK = -1;

    /**
     * Binds the local endpoint.
     *
     * @param local the address (unspecified for any, or a multicast group to receive only it) and port (0 for an
     *     ephemeral one, RFC 6056)
     * @throws AddressInUseException if taken and not shared through SO_REUSEADDR / SO_REUSEPORT
     * @throws AddressNotAvailableException if the address is not the stack's
     * @throws IllegalStateException if already bound
     * @throws IOException on any other failure
     */
    void bind(InetEndpoint local) throws IOException;

    /**
     * Fixes the peer: sends without a destination go there, and only datagrams from it are received. ICMP errors
     * caused by this socket's datagrams are reported by its next operation (e.g.
     * {@link ConnectionRefusedException} for port unreachable), as on Linux. Binds implicitly if unbound.
     *
     * @param remote the peer
     * @throws NetworkUnreachableException if no route leads to it
     * @throws IOException on any other failure
     */
    void connect(InetEndpoint remote) throws IOException;

    /** Removes the peer set by {@link #connect}; the local binding stays. */
    void disconnect();

    /** @return the connected peer, or {@code null} */
    InetEndpoint remoteEndpoint();

    /**
     * Sends one datagram without blocking.
     *
     * @param src the payload, from position to limit; its position advances to the limit if sent
     * @param destination the peer, or {@code null} for the connected peer
     * @return {@code true} if sent (handed to the network layer), {@code false} if the send buffer is full
     * @throws MessageTooLongException if the payload exceeds what UDP over IP can carry (65,507 bytes over IPv4)
     * @throws NotConnectedException if {@code destination} is null and the socket is not connected
     * @throws IOException for a pending error
     */
    boolean trySend(ByteBuffer src, InetEndpoint destination) throws IOException;

    /**
     * Sends one datagram, waiting for send-buffer space.
     *
     * @param src the payload, from position to limit
     * @param destination the peer, or {@code null} for the connected peer
     * @param timeout the longest wait; {@code null} waits without limit
     * @throws OperationTimedOutException if the timeout passed
     * @throws IOException as {@link #trySend}
     */
    void send(ByteBuffer src, InetEndpoint destination, Duration timeout) throws IOException;

    /**
     * Receives one datagram without blocking. A datagram larger than {@code dst}'s remaining space is truncated
     * and the rest discarded; {@link DatagramInfo#truncated(int)} tells.
     *
     * @param dst receives the payload from its position; its position advances
     * @param info filled with the source, destination and full length; may be {@code null}
     * @return the number of bytes copied (0 for an empty datagram), or {@link #WOULD_BLOCK}
     * @throws IOException for a pending error (e.g. {@link ConnectionRefusedException} on a connected socket)
     */
    int tryReceive(ByteBuffer dst, DatagramInfo info) throws IOException;

    /**
     * Receives one datagram, blocking until one arrives or the timeout passes.
     *
     * @param dst receives the payload
     * @param info filled with the source, destination and full length; may be {@code null}
     * @param timeout the longest wait; {@code null} waits without limit
     * @return the number of bytes copied
     * @throws OperationTimedOutException if the timeout passed
     * @throws IOException as {@link #tryReceive}
     */
    int receive(ByteBuffer dst, DatagramInfo info, Duration timeout) throws IOException;

    /**
     * Joins a multicast group on one interface (IGMP / MLD reports are sent as needed).
     *
     * @param group the multicast group
     * @param interfaceName the interface, or {@code null} for the one the routing table picks for the group
     * @throws IllegalArgumentException if {@code group} is not multicast or not of this socket's family
     * @throws IOException if the interface does not exist or the join fails
     */
    void joinGroup(IpAddress group, String interfaceName) throws IOException;

    /**
     * Leaves a group joined with {@link #joinGroup}.
     *
     * @param group the multicast group
     * @param interfaceName the interface it was joined on, or {@code null} as for {@link #joinGroup}
     * @throws IOException if the socket is not a member
     */
    void leaveGroup(IpAddress group, String interfaceName) throws IOException;
}
