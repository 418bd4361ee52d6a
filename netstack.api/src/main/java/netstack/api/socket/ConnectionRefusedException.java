package netstack.api.socket;

/**
 * The peer refused the connection: a TCP RST answered the SYN, or an ICMP port unreachable arrived for a connected UDP socket.
 */
public class ConnectionRefusedException extends NetException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the endpoint or operation */
    public ConnectionRefusedException(String message) {
        super(Errno.ECONNREFUSED, message);
    }
}
