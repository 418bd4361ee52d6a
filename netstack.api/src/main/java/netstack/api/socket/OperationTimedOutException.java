package netstack.api.socket;

/**
 * The caller's timeout passed before a blocking operation could complete. Nothing failed: the socket is still usable, and for a write the buffer's position tells how much was accepted.
 */
public class OperationTimedOutException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public OperationTimedOutException(String message) {
        super(Errno.EAGAIN, message);
    }
}
