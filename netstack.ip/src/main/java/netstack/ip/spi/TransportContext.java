package netstack.ip.spi;

import netstack.api.link.PacketBuffer;
import netstack.api.stats.StackCounter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the stack gives a bound transport protocol.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface TransportContext {

    /** {@link #send} result: handed to the link layer (or queued for neighbor resolution). */
    int SENT = 0;
    /** {@link #send} result: no route to the destination. */
    int NO_ROUTE = -1;
    /** {@link #send} result: dropped for lack of resources (queue or pool). */
    int DROPPED = -2;
    /** {@link #send} result: the packet exceeds what the path can carry and may not be fragmented. */
    int TOO_BIG = -3;

    /** @return the stack's monotonic clock in nanoseconds (a manual clock in tests) */
    long nowNanos();

    /**
     * Leases a buffer for an outgoing packet with headroom for the network and link headers.
     *
     * @param payloadCapacity bytes needed for the transport header and payload
     * @return a buffer owned by the caller
     */
    PacketBuffer allocate(int payloadCapacity);

    /**
     * Sends a transport packet: the stack prepends the IP header (fragmenting if needed and allowed) and routes
     * it. Ownership of {@code packet} passes to the stack whatever the result.
     *
     * @param packet the transport header and payload in the data window, with headroom left for IP and link
     * @param meta source, destination, protocol, hop limit; the source may be unspecified to let routing choose
     * @return {@link #SENT}, {@link #NO_ROUTE}, {@link #DROPPED} or {@link #TOO_BIG}
     */
    int send(PacketBuffer packet, PacketMeta meta);

    /**
     * Adds to a stack counter (e.g. {@link StackCounter#UDP_NO_PORTS}).
     *
     * @param counter the counter
     * @param delta the amount
     */
    void count(StackCounter counter, long delta);
}
