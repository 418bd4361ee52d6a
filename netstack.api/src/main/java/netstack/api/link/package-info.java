/**
 * The link-driver SPI: what a device driver ({@link netstack.api.link.LinkDriver}) provides to the stack and what
 * the stack gives it back ({@link netstack.api.link.LinkContext}, {@link netstack.api.link.PacketBuffer}).
 *
 * <h2>Services and hot swap</h2>
 * A driver registers each device as a {@code LinkDriver} service with the property
 * {@value netstack.api.link.LinkDriver#INTERFACE_PROPERTY} naming the interface. The stack binds every such service
 * dynamically: binding calls {@link netstack.api.link.LinkDriver#attach}, unbinding calls
 * {@link netstack.api.link.LinkDriver#detach()}. The interface — its addresses, routes, neighbors and the sockets
 * using it — outlives the driver; a replacement registered under the same name is attached to the same interface.
 *
 * <h2>Buffer ownership</h2>
 * A {@link netstack.api.link.PacketBuffer} has exactly one owner at a time, and ownership moves with the call:
 * <ul>
 *   <li>{@link netstack.api.link.LinkContext#allocate(int)} gives the driver a buffer it owns;</li>
 *   <li>{@link netstack.api.link.LinkContext#deliver} takes the buffer from the driver;</li>
 *   <li>{@link netstack.api.link.LinkDriver#transmit} gives the buffers to the driver, which must release each,
 *       sent or not.</li>
 * </ul>
 * An owner that no longer needs a buffer calls {@link netstack.api.link.PacketBuffer#release()}; after handing a
 * buffer on or releasing it, it must not touch it again. A leak detector in the stack reports buffers that are
 * garbage-collected without release.
 *
 * <h2>Threading</h2>
 * {@code attach}, {@code detach} are called on a configuration thread, never concurrently for one driver.
 * {@code transmit} may be called from any thread, concurrently; a driver serialises it as its device needs.
 * A driver calls {@code deliver} from its own receive thread(s).
 *
 * <h2>Stability</h2>
 * Exported SPI. {@code LinkDriver} is {@code @ConsumerType} (drivers implement it; it grows only by default
 * methods); {@code LinkContext} and {@code PacketBuffer} are {@code @ProviderType} (the stack implements them).
 */
@Export
@Version("1.0.0")
package netstack.api.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
