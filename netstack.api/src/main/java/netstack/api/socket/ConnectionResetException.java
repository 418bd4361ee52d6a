package netstack.api.socket;

/**
 * The peer reset an established connection (TCP RST); unread data is lost.
 */
public class ConnectionResetException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public ConnectionResetException(String message) {
        super(Errno.ECONNRESET, message);
    }
}
