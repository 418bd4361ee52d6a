package netstack.api.link;

import java.util.Set;
import netstack.api.net.MacAddress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A network device as the stack sees it. Drivers register one {@code LinkDriver} service per device, with the
 * service property {@value #INTERFACE_PROPERTY} set to the interface name; the stack attaches each to the
 * interface of that name (creating it if needed) and detaches it when the service goes away.
 *
 * <p>Implemented by drivers: evolves only by default methods.
 */
@ConsumerType
public interface LinkDriver {

    /** Service property naming the interface this driver serves, e.g. {@code "tap0"} or {@code "lo"}. */
    String INTERFACE_PROPERTY = "netstack.interface";

    /**
     * Names the interface this driver serves. The stack reads it when it binds the service; it must not change
     * afterwards.
     *
     * @return the interface name; equal to the {@value #INTERFACE_PROPERTY} service property
     */
    String interfaceName();

    /**
     * Tells the stack how to parse and build frames. Read once, just before {@link #attach}; like the other
     * device facts ({@link #mtu()}, {@link #macAddress()}, {@link #offloads()}), a change takes effect only when
     * the driver is attached again.
     *
     * @return how frames are framed on this link
     */
    LinkType linkType();

    /**
     * Returns the device's MTU in bytes. Read once, just before {@link #attach}; the interface's effective MTU is
     * this, or the configured MTU if one is set and smaller.
     *
     * @return the largest IP packet the link carries (excluding the link header): 1500 for Ethernet, 65536 for
     *     loopback
     */
    int mtu();

    /**
     * Returns the link address the stack answers ARP and neighbor solicitations with and puts in the source of
     * the frames it sends. Read once, just before {@link #attach}.
     *
     * @return the device's MAC address, or {@code null} for a {@link LinkType#RAW_IP} link
     */
    MacAddress macAddress();

    /**
     * Announces what the device can do for the stack. Read once, just before {@link #attach}; the stack copies the
     * set and never asks the device for an offload outside it.
     *
     * @return the offloads the device performs; the stack relies on no others
     */
    Set<LinkOffload> offloads();

    /**
     * Describes the driver in logs and in {@link netstack.api.admin.InterfaceInfo#driver()}.
     *
     * @return a short description for operators, e.g. {@code "tap tap0 (/dev/net/tun)"}
     */
    default String description() {
        return linkType() + " " + interfaceName();
    }

    /**
     * Starts the device's receive path: from now on received frames go to {@code context}. Called once per
     * binding; after {@link #detach()} it may be called again (with a new context) to re-attach.
     *
     * @param context the stack's side, valid until {@link #detach()} returns
     */
    void attach(LinkContext context);

    /**
     * Stops delivering to the context given to {@link #attach}. When this returns, the driver makes no further
     * calls on that context and has released every buffer it took from it. The device itself stays open, ready
     * to be attached again. Must not block on the network.
     */
    void detach();

    /**
     * Transmits frames in order. The driver takes ownership of {@code frames[offset..offset+count)} and releases
     * each buffer, sent or not; the array is not retained. Never blocks for long: a full device queue drops.
     *
     * @param frames frames whose data windows hold complete link-layer frames (with offload metadata set if the
     *     device announced the offload)
     * @param offset the first frame
     * @param count how many
     * @return how many frames were accepted by the device; the rest were dropped (and should be counted)
     */
    int transmit(PacketBuffer[] frames, int offset, int count);

    /**
     * Transmits one frame; ownership passes to the driver.
     *
     * @param frame the frame
     * @return {@code true} if the device accepted it
     */
    default boolean transmit(PacketBuffer frame) {
        return transmit(new PacketBuffer[] {frame}, 0, 1) == 1;
    }

    /**
     * Gives the carrier state at attach time. Read once, just before {@link #attach}; report later changes with
     * {@link LinkContext#linkStateChanged(boolean)}.
     *
     * @return {@code true} while the device has carrier
     */
    default boolean isLinkUp() {
        return true;
    }
}
