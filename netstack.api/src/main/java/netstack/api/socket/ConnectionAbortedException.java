package netstack.api.socket;

/**
 * The connection was aborted locally, e.g. its protocol bundle stopped or the stack shut down.
 */
public class ConnectionAbortedException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public ConnectionAbortedException(String message) {
        super(Errno.ECONNABORTED, message);
    }
}
