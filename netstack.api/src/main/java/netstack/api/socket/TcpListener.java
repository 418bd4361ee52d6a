package netstack.api.socket;

import java.io.IOException;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A listening TCP socket. It is {@link Readiness#READABLE} while an established connection waits to be accepted.
 */
@ProviderType
public interface TcpListener extends NetSocket {

    /**
     * Accepts the next established connection if one is waiting, for event loops driven by
     * {@link Readiness#READABLE}.
     *
     * @return the next established connection, owned by the caller, or {@code null} if none is waiting; never
     *     blocks
     * @throws SocketClosedException if the listener is closed
     */
    TcpConnection tryAccept() throws IOException;

    /**
     * Waits for the next established connection.
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @return the connection, owned by the caller
     * @throws OperationTimedOutException if the timeout passed
     * @throws java.io.InterruptedIOException if the thread was interrupted
     * @throws SocketClosedException if the listener is closed
     */
    TcpConnection accept(Duration timeout) throws IOException;

    /**
     * Waits without limit for the next established connection.
     *
     * @return the connection, owned by the caller
     * @throws IOException as {@link #accept(Duration)}
     */
    default TcpConnection accept() throws IOException {
        return accept(null);
    }

    /**
     * Returns the backlog in force: the value given to {@link TcpSocket#listen(int)}, clamped to the stack's limit.
     *
     * @return the effective backlog (after clamping)
     */
    int backlog();
}
