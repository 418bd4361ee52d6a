package netstack.api.socket;

/**
 * The socket was closed (by this or another thread) before or during the operation.
 */
public class SocketClosedException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EBADF}, as for a call on a closed file descriptor.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public SocketClosedException(String message) {
        super(Errno.EBADF, message);
    }
}
