package netstack.api.socket;

/**
 * The connection was aborted locally, e.g. its protocol bundle stopped or the stack shut down.
 */
public class ConnectionAbortedException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ECONNABORTED}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public ConnectionAbortedException(String message) {
        super(Errno.ECONNABORTED, message);
    }
}
