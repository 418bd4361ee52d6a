package netstack.api.socket;

/**
 * The protocol is not available: its bundle is not installed or not active, or the family/protocol pair is unsupported.
 */
public class ProtocolNotAvailableException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the destination or protocol */
    public ProtocolNotAvailableException(String message) {
        super(Errno.ENOPROTOOPT, message);
    }

    /**
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public ProtocolNotAvailableException(Errno errno, String message) {
        super(errno, message);
    }
}
