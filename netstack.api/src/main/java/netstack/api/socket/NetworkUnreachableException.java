package netstack.api.socket;

/**
 * No route leads to the destination, or the interface it would use is down (errno ENETUNREACH or ENETDOWN).
 */
public class NetworkUnreachableException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ENETUNREACH}.
     *
     * @param message what happened, naming the destination or protocol
     */
    public NetworkUnreachableException(String message) {
        super(Errno.ENETUNREACH, message);
    }

    /**
     * Creates the exception with a more precise errno than {@link Errno#ENETUNREACH}, namely {@link Errno#ENETDOWN}
     * when the interface the route uses is down. {@link NetException#of} chooses this constructor for those two.
     *
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public NetworkUnreachableException(Errno errno, String message) {
        super(errno, message);
    }
}
