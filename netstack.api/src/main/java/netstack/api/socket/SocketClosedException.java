package netstack.api.socket;

/**
 * The socket was closed (by this or another thread) before or during the operation.
 */
public class SocketClosedException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public SocketClosedException(String message) {
        super(Errno.EBADF, message);
    }
}
