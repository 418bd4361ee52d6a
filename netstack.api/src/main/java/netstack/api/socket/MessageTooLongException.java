package netstack.api.socket;

/**
 * The datagram is larger than the protocol can carry (or, with don't-fragment, than the path MTU).
 */
public class MessageTooLongException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public MessageTooLongException(String message) {
        super(Errno.EMSGSIZE, message);
    }
}
