package netstack.api.socket;

/**
 * The destination host cannot be reached: neighbor resolution failed, or an ICMP host unreachable arrived.
 */
public class HostUnreachableException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EHOSTUNREACH}.
     *
     * @param message what happened, naming the destination or protocol
     */
    public HostUnreachableException(String message) {
        super(Errno.EHOSTUNREACH, message);
    }

    /**
     * Creates the exception with a more precise errno than {@link Errno#EHOSTUNREACH}, namely
     * {@link Errno#EHOSTDOWN}. {@link NetException#of} chooses this constructor for those two.
     *
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public HostUnreachableException(Errno errno, String message) {
        super(errno, message);
    }
}
