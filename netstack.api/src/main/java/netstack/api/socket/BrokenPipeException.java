package netstack.api.socket;

/**
 * Writing is no longer possible: output was shut down or the connection closed.
 */
public class BrokenPipeException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public BrokenPipeException(String message) {
        super(Errno.EPIPE, message);
    }
}
