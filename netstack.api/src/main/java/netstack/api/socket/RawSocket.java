package netstack.api.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import netstack.api.net.InetEndpoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A raw IP socket for one IP protocol number. It receives the payload of every datagram of its protocol
 * addressed to the stack (after reassembly), and sends payloads for which the stack builds the IP header. Ports
 * in {@link InetEndpoint}s are ignored (set 0).
 */
@ProviderType
public interface RawSocket extends NetSocket {

    /** @return the IP protocol number this socket sends and receives */
    int protocol();

    /**
     * Sends one payload without blocking.
     *
     * @param src the payload (the protocol header included, e.g. the ICMP header)
     * @param destination the destination address (port ignored)
     * @return {@code true} if sent, {@code false} if the send buffer is full
     * @throws IOException for a pending error or if no route leads to the destination
     */
    boolean trySend(ByteBuffer src, InetEndpoint destination) throws IOException;

    /**
     * Receives one payload without blocking.
     *
     * @param dst receives the payload
     * @param info filled with source, destination and full length; may be {@code null}
     * @return the number of bytes copied, or {@link UdpSocket#WOULD_BLOCK}
     * @throws IOException for a pending error
     */
    int tryReceive(ByteBuffer dst, DatagramInfo info) throws IOException;

    /**
     * Receives one payload, blocking until one arrives or the timeout passes.
     *
     * @param dst receives the payload
     * @param info filled with source, destination and full length; may be {@code null}
     * @param timeout the longest wait; {@code null} waits without limit
     * @return the number of bytes copied
     * @throws OperationTimedOutException if the timeout passed
     * @throws IOException for a pending error
     */
    int receive(ByteBuffer dst, DatagramInfo info, Duration timeout) throws IOException;
}
