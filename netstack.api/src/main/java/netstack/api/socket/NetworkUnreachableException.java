package netstack.api.socket;

/**
 * No route leads to the destination, or the interface it would use is down (errno ENETUNREACH or ENETDOWN).
 */
public class NetworkUnreachableException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the destination or protocol */
    public NetworkUnreachableException(String message) {
        super(Errno.ENETUNREACH, message);
    }

    /**
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public NetworkUnreachableException(Errno errno, String message) {
        super(errno, message);
    }
}
