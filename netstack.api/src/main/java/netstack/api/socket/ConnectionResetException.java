package netstack.api.socket;

/**
 * The peer reset an established connection (TCP RST); unread data is lost.
 */
public class ConnectionResetException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ECONNRESET}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public ConnectionResetException(String message) {
        super(Errno.ECONNRESET, message);
    }
}
