package netstack.api.socket;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import netstack.api.net.IpFamily;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What every socket has: a family, a local endpoint once bound, options, readiness and {@link #close()}.
 *
 * <p>Thread-safe. Closing a socket wakes every thread blocked on it with {@link SocketClosedException}.
 */
@ProviderType
public interface NetSocket extends Closeable {

    /**
     * Returns the family chosen when the socket was opened; it never changes. (For IPv4 traffic on an
     * {@link IpFamily#IPV6} socket, see {@link SocketOptions#IPV6_V6ONLY}.)
     *
     * @return the address family this socket was opened with
     */
    IpFamily family();

    /**
     * Returns where this socket is bound, like {@code getsockname(2)}.
     *
     * @return the bound local endpoint, or {@code null} while unbound; after an implicit bind (connect or send on
     *     an unbound socket) the address and ephemeral port chosen
     */
    InetEndpoint localEndpoint();

    /**
     * Sets an option. Some options only take effect before bind or connect (documented per option).
     *
     * @param <T> the option's value type
     * @param option the option
     * @param value the value; never {@code null}
     * @throws IllegalArgumentException if the value is out of the option's range
     * @throws UnsupportedOperationException if this kind of socket has no such option
     * @throws SocketClosedException if the socket is closed
     */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads an option, like {@code getsockopt(2)}.
     *
     * @param <T> the option's value type
     * @param option the option
     * @return the current value (for buffer sizes, the effective size the stack chose)
     * @throws UnsupportedOperationException if this kind of socket has no such option
     * @throws SocketClosedException if the socket is closed
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /**
     * Polls the socket, like a {@code poll(2)} with zero timeout. The answer can be out of date as soon as it is
     * returned; a non-blocking {@code try…} call is the authoritative test.
     *
     * @return the current readiness, a bit set of {@link Readiness} constants; never blocks
     */
    int readiness();

    /**
     * Registers a listener called when any of the {@code interest} bits becomes set (edge-triggered: once per
     * change from not-ready to ready). If an interest bit is already set, the listener is called once soon after
     * registration.
     *
     * @param listener called on a stack thread; must return quickly and never block
     * @param interest a bit set of {@link Readiness} constants; {@link Readiness#ERROR} and
     *     {@link Readiness#HANGUP} are always reported
     * @return the registration; closing it stops further calls
     */
    Registration onReadiness(ReadinessListener listener, int interest);

    /**
     * Blocks until one of the {@code interest} bits (or {@link Readiness#ERROR} / {@link Readiness#HANGUP}) is
     * set, the timeout passes, or the socket is closed.
     *
     * @param interest a bit set of {@link Readiness} constants
     * @param timeout how long to wait; {@code null} waits without limit
     * @return the readiness when it returned; zero if the timeout passed
     * @throws java.io.InterruptedIOException if the calling thread was interrupted (its interrupt status is set)
     * @throws SocketClosedException if the socket was closed before or while waiting
     */
    int awaitReadiness(int interest, Duration timeout) throws IOException;

    /**
     * Tells whether {@link #close()} has been called. An open socket may still be unusable, e.g. a TCP connection
     * the peer reset: {@link #readiness()} shows that as {@link Readiness#ERROR} or {@link Readiness#HANGUP}.
     *
     * @return {@code false} once {@link #close()} was called
     */
    boolean isOpen();

    /**
     * Closes the socket and releases its port. Idempotent. What happens to unsent data is per protocol (for TCP,
     * see {@link SocketOptions#SO_LINGER}).
     */
    @Override
    void close();
}
