package netstack.api.socket;

/**
 * The protocol gave up: SYN retries, retransmissions, keep-alive probes or the user timeout ran out.
 */
public class ConnectionTimedOutException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public ConnectionTimedOutException(String message) {
        super(Errno.ETIMEDOUT, message);
    }
}
