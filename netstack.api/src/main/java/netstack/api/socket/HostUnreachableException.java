package netstack.api.socket;

/**
 * The destination host cannot be reached: neighbor resolution failed, or an ICMP host unreachable arrived.
 */
public class HostUnreachableException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the destination or protocol */
    public HostUnreachableException(String message) {
        super(Errno.EHOSTUNREACH, message);
    }

    /**
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public HostUnreachableException(Errno errno, String message) {
        super(errno, message);
    }
}
