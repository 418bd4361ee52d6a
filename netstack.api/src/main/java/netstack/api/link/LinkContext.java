package netstack.api.link;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the stack gives an attached driver: buffers to receive into, the way to deliver received frames, and
 * a way to report the link's carrier. Valid from {@link LinkDriver#attach} until {@link LinkDriver#detach()}
 * returns; a driver must not use it after that.
 *
 * <p>Thread-safe.
 */
@ProviderType
public interface LinkContext {

    /**
     * @return the interface name this driver is attached as
     */
    String interfaceName();

    /**
     * Takes a receive buffer from the stack's pool. Its data window is empty, starting at the headroom the stack
     * wants (so that the driver reads a frame to {@code segment()} at {@code start()} and then
     * {@link PacketBuffer#append append}s its length).
     *
     * @param minCapacity the room the driver needs after the headroom, e.g. MTU plus link header
     * @return a buffer owned by the driver, or {@code null} if the pool is exhausted (count the drop and retry
     *     later; never block)
     */
    PacketBuffer allocate(int minCapacity);

    /**
     * Hands one received frame to the stack. Ownership passes to the stack whatever happens: the driver must not
     * touch the buffer afterwards. Runs the receive path on the calling thread (processing is done before it
     * returns), so per-flow ordering follows the driver's delivery order.
     *
     * @param frame the frame in its data window, with {@link PacketBuffer#CHECKSUM_VERIFIED} if the device checked it
     */
    void deliver(PacketBuffer frame);

    /**
     * Hands several received frames to the stack, which takes ownership of {@code frames[offset..offset+count)};
     * the array itself is not retained. The default delivers them one by one.
     *
     * @param frames the frames
     * @param offset the index of the first frame
     * @param count how many
     */
    default void deliver(PacketBuffer[] frames, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            PacketBuffer frame = frames[i];
            frames[i] = null;
            deliver(frame);
        }
    }

    /**
     * Reports carrier changes. While down, the stack queues nothing for the link and counts dropped packets.
     *
     * @param up {@code true} when the link has carrier
     */
    void linkStateChanged(boolean up);

    /**
     * Reports a frame the driver had to drop before delivery (no buffer, device error, truncated read) so that
     * the interface counters show it.
     *
     * @param receive {@code true} for a receive-side drop, {@code false} for transmit
     * @param error {@code true} for an error (ifInErrors / ifOutErrors), {@code false} for a discard
     */
    void countDrop(boolean receive, boolean error);
}
