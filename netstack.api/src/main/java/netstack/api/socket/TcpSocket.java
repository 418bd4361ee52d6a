package netstack.api.socket;

import java.io.IOException;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A TCP socket before it becomes a listener or a connection: set options, optionally bind, then
 * {@link #listen(int)} or {@link #connect(InetEndpoint, Duration)} (or {@link #startConnect(InetEndpoint)}).
 * After either, this object has handed its endpoint over and only {@link #close()} remains valid on it.
 */
@ProviderType
public interface TcpSocket extends NetSocket {

    /**
     * Binds the local endpoint.
     *
     * @param local the address (unspecified for any) and port (0 for an ephemeral one, chosen per RFC 6056)
     * @throws AddressInUseException if the endpoint is taken and {@link SocketOptions#SO_REUSEADDR} does not allow
     *     sharing it
     * @throws AddressNotAvailableException if the address is not assigned to any interface
     * @throws IllegalStateException if already bound
     * @throws IOException on any other failure
     */
    void bind(InetEndpoint local) throws IOException;

    /**
     * Turns this socket into a listener (binding to an ephemeral port on every address if unbound).
     *
     * @param backlog the maximum number of established connections waiting to be accepted; values above the
     *     stack's limit are clamped, as {@code SOMAXCONN} does
     * @return the listener; closing it closes this socket
     * @throws IOException if listening fails
     */
    TcpListener listen(int backlog) throws IOException;

    /**
     * Connects, blocking until the connection is established or fails.
     *
     * @param remote the peer
     * @param timeout the longest wait; {@code null} waits as long as SYN retries last
     * @return the connection; closing it closes this socket
     * @throws ConnectionRefusedException if the peer answered with a reset
     * @throws ConnectionTimedOutException if SYN retries were exhausted
     * @throws OperationTimedOutException if {@code timeout} passed first; the attempt is aborted
     * @throws NetworkUnreachableException if no route leads to the peer
     * @throws IOException on any other failure
     */
    TcpConnection connect(InetEndpoint remote, Duration timeout) throws IOException;

    /**
     * Starts connecting without blocking. The returned connection becomes {@link Readiness#WRITABLE} once
     * established, or reports {@link Readiness#ERROR} (and throws from its next operation) if the attempt fails;
     * {@link TcpConnection#awaitConnected(Duration)} waits for either.
     *
     * @param remote the peer
     * @return the connection in state SYN-SENT
     * @throws NetworkUnreachableException if no route leads to the peer
     * @throws IOException on any other immediate failure
     */
    TcpConnection startConnect(InetEndpoint remote) throws IOException;
}
