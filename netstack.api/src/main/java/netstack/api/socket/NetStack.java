package netstack.api.socket;

import java.io.IOException;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import netstack.api.net.IpFamily;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The socket factory of a running netstack, registered as an OSGi service (and usable from plain Java through
 * an embedding that creates the stack directly). Sockets are opened here, configured with {@link SocketOption}s, and then bound,
 * connected or listened on, as with BSD sockets.
 *
 * <p>Transport protocols are separate bundles. While the bundle for a protocol is absent, opening a socket of
 * that protocol fails with {@link ProtocolNotAvailableException}; sockets already open stay usable only while
 * their protocol stays registered.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface NetStack {

    /**
     * Opens an unbound, unconnected TCP socket. Set options on it, optionally {@link TcpSocket#bind bind} it, then
     * either {@link TcpSocket#listen listen} or {@link TcpSocket#connect connect}.
     *
     * @param family the address family of the socket; an {@link IpFamily#IPV6} socket also reaches IPv4 peers
     *     through IPv4-mapped addresses unless {@link SocketOptions#IPV6_V6ONLY} is set
     * @return the new socket, owned by the caller, who must close it
     * @throws ProtocolNotAvailableException if no TCP transport is registered
     * @throws IOException if the socket cannot be created
     */
    TcpSocket openTcp(IpFamily family) throws IOException;

    /**
     * Opens an unbound UDP socket.
     *
     * @param family the address family of the socket
     * @return the new socket, owned by the caller, who must close it
     * @throws ProtocolNotAvailableException if no UDP transport is registered
     * @throws IOException if the socket cannot be created
     */
    UdpSocket openUdp(IpFamily family) throws IOException;

    /**
     * Opens a raw IP socket for one IP protocol number (e.g. 1 for ICMP, 58 for ICMPv6): it receives a copy of
     * every datagram of that protocol addressed to the stack and sends payloads for which the stack builds the IP
     * header.
     *
     * @param family the address family
     * @param protocol the IP protocol number, 0..255
     * @return the new socket, owned by the caller, who must close it
     * @throws ProtocolNotAvailableException if raw sockets for this protocol are not supported
     * @throws IOException if the socket cannot be created
     */
    RawSocket openRaw(IpFamily family, int protocol) throws IOException;

    /**
     * Opens a TCP socket of the endpoint's family, binds it to {@code local} and listens.
     *
     * @param local the local endpoint; the unspecified address listens on every address, port 0 picks one
     * @param backlog the maximum number of established connections waiting for {@link TcpListener#accept}
     * @return the listener, owned by the caller
     * @throws AddressInUseException if the endpoint is taken
     * @throws AddressNotAvailableException if the address is not one of the stack's
     * @throws ProtocolNotAvailableException if no TCP transport is registered
     * @throws IOException on any other failure
     */
    default TcpListener listenTcp(InetEndpoint local, int backlog) throws IOException {
        TcpSocket socket = openTcp(local.address().family());
        try {
            socket.bind(local);
            return socket.listen(backlog);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a TCP socket of the endpoint's family and connects it, blocking until the connection is established,
     * fails, or the timeout passes.
     *
     * @param remote the peer
     * @param timeout how long to wait at most; {@code null} waits as long as the protocol keeps trying
     * @return the connection, owned by the caller
     * @throws ConnectionRefusedException if the peer answered with a reset
     * @throws ConnectionTimedOutException if the protocol gave up retrying
     * @throws OperationTimedOutException if {@code timeout} passed first (the attempt is abandoned)
     * @throws NetworkUnreachableException if no route leads to the peer
     * @throws IOException on any other failure
     */
    default TcpConnection connectTcp(InetEndpoint remote, Duration timeout) throws IOException {
        TcpSocket socket = openTcp(remote.address().family());
        try {
            return socket.connect(remote, timeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a UDP socket of the endpoint's family bound to {@code local}.
     *
     * @param local the local endpoint; port 0 picks an ephemeral port
     * @return the socket, owned by the caller
     * @throws AddressInUseException if the endpoint is taken
     * @throws IOException on any other failure
     */
    default UdpSocket bindUdp(InetEndpoint local) throws IOException {
        UdpSocket socket = openUdp(local.address().family());
        try {
            socket.bind(local);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
