package netstack.api.socket;

/**
 * The operation needs a connected socket.
 */
public class NotConnectedException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ENOTCONN}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public NotConnectedException(String message) {
        super(Errno.ENOTCONN, message);
    }
}
