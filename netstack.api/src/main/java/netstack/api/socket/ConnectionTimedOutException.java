package netstack.api.socket;

/**
 * The protocol gave up: SYN retries, retransmissions, keep-alive probes or the user timeout ran out.
 */
public class ConnectionTimedOutException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ETIMEDOUT}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public ConnectionTimedOutException(String message) {
        super(Errno.ETIMEDOUT, message);
    }
}
