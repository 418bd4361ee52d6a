package netstack.api.socket;

/**
 * The local address is not assigned to any interface of the stack, or no ephemeral port is free.
 */
public class AddressNotAvailableException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public AddressNotAvailableException(String message) {
        super(Errno.EADDRNOTAVAIL, message);
    }
}
