package netstack.api.socket;

/** The connection states of RFC 9293 §3.3.2. */
public enum TcpState {
    /** No connection. */
    CLOSED,
    /** Waiting for a connection request. */
    LISTEN,
    /** A SYN was sent; waiting for a matching SYN. */
    SYN_SENT,
    /** A SYN was received and answered; waiting for its acknowledgement. */
    SYN_RECEIVED,
    /** Open: data flows both ways. */
    ESTABLISHED,
    /** This side sent FIN; waiting for its acknowledgement or the peer's FIN. */
    FIN_WAIT_1,
    /** This side's FIN is acknowledged; waiting for the peer's FIN. */
    FIN_WAIT_2,
    /** The peer sent FIN; waiting for the local user to close. */
    CLOSE_WAIT,
    /** Both sides sent FIN at once; waiting for the acknowledgement of ours. */
    CLOSING,
    /** The peer closed first and this side's FIN is out; waiting for its acknowledgement. */
    LAST_ACK,
    /** Waiting 2·MSL so that the peer received the final acknowledgement and old segments die out. */
    TIME_WAIT
}
