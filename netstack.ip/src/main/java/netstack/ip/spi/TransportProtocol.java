package netstack.ip.spi;

import java.io.IOException;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.socket.NetSocket;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A transport protocol plugged into the stack as a service (see the package description).
 */
@ConsumerType
public interface TransportProtocol {

    /** Service property carrying the IP protocol number (an {@code Integer}, e.g. 6 for TCP, 17 for UDP). */
    String PROTOCOL_PROPERTY = "netstack.protocol";

    /** @return the IP protocol number this transport handles */
    int protocolNumber();

    /** @return a short name, e.g. {@code "tcp"} */
    String name();

    /**
     * Connects the protocol to the stack. Called once per binding.
     *
     * @param context the stack side, valid until {@link #detach()} returns
     */
    void attach(TransportContext context);

    /**
     * Disconnects the protocol: it aborts its sockets (their operations fail with
     * {@code ConnectionAbortedException}) and stops using the context.
     */
    void detach();

    /**
     * Opens a socket of this protocol; the stack's {@code NetStack} calls it and checks the returned type.
     *
     * @param family the address family
     * @return a new socket owned by the caller
     * @throws IOException if the socket cannot be created
     */
    NetSocket open(IpFamily family) throws IOException;

    /**
     * Handles one received transport packet. Ownership of {@code packet} passes to the protocol.
     *
     * @param packet the buffer whose data window starts at the transport header
     * @param meta the network-layer facts about the packet; valid only during this call
     */
    void receive(PacketBuffer packet, PacketMeta meta);
}
