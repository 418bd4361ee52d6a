package netstack.api.socket;

import java.io.IOException;

/**
 * Base of every I/O failure the socket API reports. The subclass says what happened; {@link #errno()} gives the
 * POSIX equivalent. Messages name the endpoint or option involved so that a user can act on them.
 */
public class NetException extends IOException {

    /** Version of the serialized form: the message, the cause and {@link #errno}. */
    private static final long serialVersionUID = 1L;

    /** The POSIX equivalent of this failure, as given to the constructor. */
    private final Errno errno;

    /**
     * Creates an exception for a failure that has no more specific subclass; prefer {@link #of} when the errno
     * comes from a protocol, so that callers can catch the subclass.
     *
     * @param errno the POSIX equivalent
     * @param message what happened, with the endpoint involved
     */
    public NetException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /**
     * Creates an exception that wraps a lower-level failure, e.g. an error from a device or the operating system.
     *
     * @param errno the POSIX equivalent
     * @param message what happened
     * @param cause the underlying failure
     */
    public NetException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /**
     * Returns the POSIX error a BSD-socket program would have seen for this failure, for code that maps errors by
     * number (e.g. a port from C) rather than by exception type.
     *
     * @return the POSIX error number this failure corresponds to
     */
    public Errno errno() {
        return errno;
    }

    /**
     * Creates the most specific exception for an errno, for code that gets an error number from a protocol.
     *
     * @param errno the error
     * @param message what happened
     * @return a new exception of the matching subclass
     */
    public static NetException of(Errno errno, String message) {
        return switch (errno) {
            case ECONNREFUSED -> new ConnectionRefusedException(message);
            case ECONNRESET -> new ConnectionResetException(message);
            case ECONNABORTED -> new ConnectionAbortedException(message);
            case ETIMEDOUT -> new ConnectionTimedOutException(message);
            case EADDRINUSE -> new AddressInUseException(message);
            case EADDRNOTAVAIL -> new AddressNotAvailableException(message);
            case ENETUNREACH, ENETDOWN -> new NetworkUnreachableException(errno, message);
            case EHOSTUNREACH, EHOSTDOWN -> new HostUnreachableException(errno, message);
            case ENOPROTOOPT, EPROTONOSUPPORT, EAFNOSUPPORT -> new ProtocolNotAvailableException(errno, message);
            case EPIPE -> new BrokenPipeException(message);
            case ENOTCONN -> new NotConnectedException(message);
            case EMSGSIZE -> new MessageTooLongException(message);
            case EBADF -> new SocketClosedException(message);
            default -> new NetException(errno, message);
        };
    }
}
