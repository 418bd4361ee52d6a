package netstack.api.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A TCP connection: a reliable byte stream in each direction.
 *
 * <p>Reads and writes copy between the caller's {@link ByteBuffer} and the socket's bounded receive and send
 * buffers ({@link SocketOptions#SO_RCVBUF}, {@link SocketOptions#SO_SNDBUF}); the stack segments, retransmits and
 * acknowledges on its own threads. Heap and direct buffers both work; neither is retained after the call.
 *
 * <p>Any number of threads may use a connection, but concurrent readers (or concurrent writers) interleave at
 * unspecified points, as with any stream socket.
 */
@ProviderType
public interface TcpConnection extends NetSocket {

    /** @return the peer's endpoint; never {@code null}, and unchanged for the connection's life */
    InetEndpoint remoteEndpoint();

    /**
     * Reads the connection's current state. The state moves on the stack's threads, so the answer may be stale
     * by the time the caller looks at it; use it for diagnostics, and {@link #readiness()} or the blocking
     * methods to act on.
     *
     * @return the current state of the RFC 9293 state machine
     */
    TcpState state();

    /**
     * Takes a snapshot of the connection's statistics, as Linux {@code getsockopt(TCP_INFO)} does. Each call
     * returns a new record; it does not change as the connection goes on.
     *
     * @return a snapshot of the connection's statistics
     */
    TcpInfo info();

    /**
     * Waits until a connection started with {@link TcpSocket#startConnect} is established or has failed.
     *
     * @param timeout the longest wait; {@code null} waits without limit
     * @throws ConnectionRefusedException if the peer answered the SYN with a reset
     * @throws ConnectionTimedOutException if SYN retries were exhausted
     * @throws NetworkUnreachableException if an ICMP network unreachable arrived for the attempt
     * @throws HostUnreachableException if the next hop's link address could not be resolved, or an ICMP host
     *     unreachable arrived for the attempt
     * @throws OperationTimedOutException if the timeout passed first (the attempt goes on)
     * @throws java.io.InterruptedIOException if the calling thread was interrupted (its interrupt status is set)
     * @throws SocketClosedException if the connection was closed before or while waiting
     * @throws IOException on any other failure of the attempt
     */
    void awaitConnected(Duration timeout) throws IOException;

    /**
     * Reads what is available without blocking.
     *
     * @param dst receives bytes from its position; its position advances
     * @return the number of bytes read; {@code 0} if none is available (or {@code dst} is full); {@code -1} at end
     *     of stream (the peer sent FIN and every byte before it was read)
     * @throws ConnectionResetException if the peer reset the connection
     * @throws IOException for any other pending error
     */
    int tryRead(ByteBuffer dst) throws IOException;

    /**
     * Reads at least one byte, blocking until some is available, the stream ends, or the timeout passes.
     *
     * @param dst receives bytes from its position; its position advances
     * @param timeout the longest wait; {@code null} waits without limit
     * @return the number of bytes read (at least one unless {@code dst} is full), or {@code -1} at end of stream
     * @throws OperationTimedOutException if the timeout passed with nothing read
     * @throws IOException as {@link #tryRead}
     */
    int read(ByteBuffer dst, Duration timeout) throws IOException;

    /**
     * Reads at least one byte, blocking without limit.
     *
     * @param dst receives bytes from its position
     * @return the number of bytes read, or {@code -1} at end of stream
     * @throws IOException as {@link #read(ByteBuffer, Duration)}
     */
    default int read(ByteBuffer dst) throws IOException {
        return read(dst, null);
    }

    /**
     * Copies as much as fits into the send buffer without blocking.
     *
     * @param src bytes from its position to its limit; its position advances past what was accepted
     * @return the number of bytes accepted; {@code 0} if the send buffer is full
     * @throws BrokenPipeException if output was shut down or the connection is closed for writing
     * @throws ConnectionResetException if the peer reset the connection
     */
    int tryWrite(ByteBuffer src) throws IOException;

    /**
     * Writes every remaining byte of {@code src}, blocking while the send buffer is full.
     *
     * @param src bytes from its position to its limit; its position advances to the limit on success
     * @param timeout the longest wait for send-buffer space; {@code null} waits without limit
     * @throws OperationTimedOutException if the timeout passed; {@code src}'s position tells what was accepted
     * @throws IOException as {@link #tryWrite}
     */
    void write(ByteBuffer src, Duration timeout) throws IOException;

    /**
     * Writes every remaining byte, blocking without limit.
     *
     * @param src bytes from its position to its limit
     * @throws IOException as {@link #write(ByteBuffer, Duration)}
     */
    default void write(ByteBuffer src) throws IOException {
        write(src, null);
    }

    /**
     * Sends FIN after the data already written: the peer reads end of stream; this side can still read.
     *
     * @throws IOException if the connection is not connected
     */
    void shutdownOutput() throws IOException;

    /**
     * Stops reading: buffered and later data is discarded, and reads return end of stream. Nothing is sent.
     *
     * @throws IOException if the connection is not connected
     */
    void shutdownInput() throws IOException;

    /**
     * Resets the connection at once (sends RST, discards unsent and unread data) and closes the socket, like
     * {@code close} with {@code SO_LINGER} 0.
     */
    void abort();

    /**
     * Adapts the receiving direction to {@link InputStream}, for code written against {@code java.io}. Its reads
     * block without limit, as {@link #read(ByteBuffer)} does.
     *
     * @return a blocking input stream over this connection; closing it closes the connection
     */
    InputStream inputStream();

    /**
     * Adapts the sending direction to {@link OutputStream}, for code written against {@code java.io}. Its writes
     * block without limit, as {@link #write(ByteBuffer)} does.
     *
     * @return a blocking output stream over this connection; closing it closes the connection
     */
    OutputStream outputStream();
}
