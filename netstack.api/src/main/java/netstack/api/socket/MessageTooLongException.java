package netstack.api.socket;

/**
 * The datagram is larger than the protocol can carry (or, with don't-fragment, than the path MTU).
 */
public class MessageTooLongException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EMSGSIZE}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public MessageTooLongException(String message) {
        super(Errno.EMSGSIZE, message);
    }
}
