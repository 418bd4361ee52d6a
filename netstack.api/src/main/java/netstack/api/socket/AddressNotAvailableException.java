package netstack.api.socket;

/**
 * The local address is not assigned to any interface of the stack, or no ephemeral port is free.
 */
public class AddressNotAvailableException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#EADDRNOTAVAIL}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public AddressNotAvailableException(String message) {
        super(Errno.EADDRNOTAVAIL, message);
    }
}
