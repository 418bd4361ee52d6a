package netstack.api.socket;

/**
 * The caller's timeout passed before a blocking operation could complete. Nothing failed: the socket is still usable, and for a write the buffer's position tells how much was accepted.
 */
public class OperationTimedOutException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EAGAIN}, which Linux reports when a blocking call times out
     * under {@code SO_RCVTIMEO} or {@code SO_SNDTIMEO}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public OperationTimedOutException(String message) {
        super(Errno.EAGAIN, message);
    }
}
