package netstack.api.socket;

/**
 * The peer refused the connection: a TCP RST answered the SYN, or an ICMP port unreachable arrived for a connected UDP socket.
 */
public class ConnectionRefusedException extends NetException {

    /** Version of the serialized form, which is {@link NetException}'s: this class adds no state. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with errno {@link Errno#ECONNREFUSED}.
     *
     * @param message what happened, naming the endpoint or operation
     */
    public ConnectionRefusedException(String message) {
        super(Errno.ECONNREFUSED, message);
    }
}
