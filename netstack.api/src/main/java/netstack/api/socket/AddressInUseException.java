package netstack.api.socket;

/**
 * The local endpoint is already bound by another socket.
 */
public class AddressInUseException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public AddressInUseException(String message) {
        super(Errno.EADDRINUSE, message);
    }
}
