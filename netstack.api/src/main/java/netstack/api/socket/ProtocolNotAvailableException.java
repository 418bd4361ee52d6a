package netstack.api.socket;

/**
 * The protocol is not available: its bundle is not installed or not active, or the family/protocol pair is unsupported.
 */
public class ProtocolNotAvailableException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ENOPROTOOPT}.
     *
     * @param message what happened, naming the destination or protocol
     */
    public ProtocolNotAvailableException(String message) {
        super(Errno.ENOPROTOOPT, message);
    }

    /**
     * Creates the exception with a more precise errno than {@link Errno#ENOPROTOOPT}: {@link Errno#EPROTONOSUPPORT}
     * when no transport for the protocol is registered, {@link Errno#EAFNOSUPPORT} when the address family is not
     * supported. {@link NetException#of} chooses this constructor for those three.
     *
     * @param errno the precise POSIX error
     * @param message what happened
     */
    public ProtocolNotAvailableException(Errno errno, String message) {
        super(errno, message);
    }
}
