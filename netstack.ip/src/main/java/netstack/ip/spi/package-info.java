/**
 * The transport-protocol SPI between the network layer ({@code netstack.ip}) and transport bundles
 * ({@code netstack.tcp}, {@code netstack.udp}, later raw and ICMP sockets), after gVisor's
 * {@code TransportProtocol}/{@code TransportDispatcher} split.
 *
 * <h2>Services</h2>
 * A transport registers a {@link netstack.ip.spi.TransportProtocol} service with the service property
 * {@value netstack.ip.spi.TransportProtocol#PROTOCOL_PROPERTY} set to its IP protocol number (whiteboard). The
 * stack binds it dynamically: {@code attach} gives it a {@link netstack.ip.spi.TransportContext}; unbinding calls
 * {@code detach}, after which the protocol's sockets fail with {@code ConnectionAbortedException}. While no
 * service is bound for a number, the stack answers "protocol not available" to socket calls and ICMP protocol
 * unreachable to packets.
 *
 * <h2>Ownership</h2>
 * {@link netstack.ip.spi.TransportProtocol#receive} passes ownership of the packet buffer to the protocol.
 * {@link netstack.ip.spi.TransportContext#send} takes ownership of the buffer it is given, whatever it returns.
 *
 * <h2>Threading</h2>
 * {@code receive} runs on the thread that delivered the frame (a driver's receive thread): it must not block.
 *
 * <h2>Stability</h2>
 * Exported SPI, version 1.0.0: {@code TransportProtocol} is {@code @ConsumerType}, {@code TransportContext}
 * {@code @ProviderType}.
 */
@Export
@Version("1.0.0")
package netstack.ip.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
