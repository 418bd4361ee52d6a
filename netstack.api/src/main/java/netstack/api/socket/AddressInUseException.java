package netstack.api.socket;

/**
 * The local endpoint is already bound by another socket.
 */
public class AddressInUseException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EADDRINUSE}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public AddressInUseException(String message) {
        super(Errno.EADDRINUSE, message);
    }
}
