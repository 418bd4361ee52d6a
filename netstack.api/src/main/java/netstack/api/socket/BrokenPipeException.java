package netstack.api.socket;

/**
 * Writing is no longer possible: output was shut down or the connection closed.
 */
public class BrokenPipeException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EPIPE}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public BrokenPipeException(String message) {
        super(Errno.EPIPE, message);
    }
}
