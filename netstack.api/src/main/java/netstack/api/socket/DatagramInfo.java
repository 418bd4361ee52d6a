package netstack.api.socket;

import netstack.api.net.InetEndpoint;

/**
 * A reusable description of one received datagram, filled by {@link UdpSocket#tryReceive} and friends. Reuse one
 * instance per receiving thread; it is not thread-safe. Until a receive call has filled it, its accessors return
 * {@code null} and 0.
 */
public final class DatagramInfo {

    /** The sender's address and port (port 0 for a raw socket). */
    private InetEndpoint source;
    /** The address the datagram was sent to, and the port it arrived at. */
    private InetEndpoint destination;
    /** The whole payload length in bytes, before any truncation into the caller's buffer. */
    private int length;
    /** The received IPv4 TTL or IPv6 hop limit, 0..255, or -1 if unknown. */
    private int hopLimit;
    /** The name of the receiving interface, as in {@link netstack.api.admin.InterfaceInfo#name()}. */
    private String interfaceName;

    /** Creates an empty description. */
    public DatagramInfo() {
    }

    /**
     * Fills this description; called by the stack.
     *
     * @param source the sender
     * @param destination the address (and port) the datagram was sent to, like {@code IP_PKTINFO}
     * @param length the datagram's full payload length, possibly more than was copied
     * @param hopLimit the received TTL / hop limit, or -1 if unknown
     * @param interfaceName the interface it arrived on
     * @return this
     */
    public DatagramInfo set(InetEndpoint source, InetEndpoint destination, int length, int hopLimit,
            String interfaceName) {
        this.source = source;
        this.destination = destination;
        this.length = length;
        this.hopLimit = hopLimit;
        this.interfaceName = interfaceName;
        return this;
    }

    /** @return the sender */
    public InetEndpoint source() {
        return source;
    }

    /** @return where the datagram was addressed (a unicast, broadcast or multicast address of the stack) */
    public InetEndpoint destination() {
        return destination;
    }

    /** @return the full payload length of the datagram */
    public int length() {
        return length;
    }

    /**
     * Tells whether the last receive cut the datagram short because the caller's buffer had too little room; the
     * rest of a truncated datagram is lost (as with {@code MSG_TRUNC} from {@code recvmsg(2)}).
     *
     * @param copied what the receive call returned
     * @return {@code true} if the datagram was longer than what was copied
     */
    public boolean truncated(int copied) {
        return copied < length;
    }

    /** @return the received TTL or hop limit, -1 if unknown */
    public int hopLimit() {
        return hopLimit;
    }

    /** @return the name of the interface the datagram arrived on */
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public String toString() {
        return "DatagramInfo[" + source + " -> " + destination + ", " + length + " bytes, hop limit " + hopLimit
                + ", via " + interfaceName + "]";
    }
}
