package netstack.api.socket;

/**
 * The operation needs a connected socket.
 */
public class NotConnectedException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public NotConnectedException(String message) {
        super(Errno.ENOTCONN, message);
    }
}
