package netstack.loopback.wire;

/**
 * A consistent snapshot of one direction's counters, taken at one instant under the direction's lock. Every frame
 * given to the wire, and every copy it makes, is in exactly one of the outcome counters or still in flight:
 *
 * <pre>
 * sentFrames + duplicatedFrames == deliveredFrames + lostFrames + queueDroppedFrames + overflowDroppedFrames
 *                                  + detachedDroppedFrames + noBufferFrames + invalidFrames + inFlightFrames
 * </pre>
 *
 * {@code corruptedFrames} and {@code reorderedFrames} count frames that were altered or sent early; they are
 * counted again by their outcome.
 *
 * @param sentFrames frames given to the sending end's {@code transmit}
 * @param sentBytes their bytes
 * @param deliveredFrames frames handed to the receiving end's {@code LinkContext.deliver} (copies included)
 * @param deliveredBytes their bytes
 * @param lostFrames frames lost by the loss probability
 * @param duplicatedFrames copies made by the duplicate probability
 * @param corruptedFrames frames with one bit flipped
 * @param reorderedFrames frames that skipped the delay line
 * @param queueDroppedFrames frames (or copies) dropped because the bottleneck queue was full (the impairment's
 *     queue limit); the transmit call reported them as not accepted
 * @param overflowDroppedFrames frames dropped because the direction already held its capacity of frames in flight
 *     ({@link Wire.Builder#capacityFrames(int)}), like a full device ring
 * @param detachedDroppedFrames frames dropped because the receiving end was detached or the wire closed, whether
 *     when sent or while in flight
 * @param noBufferFrames frames dropped because the receiving stack had no buffer (counted there as a receive
 *     discard too)
 * @param invalidFrames frames refused because they were shorter than an Ethernet header or longer than the MTU
 *     plus an Ethernet header with one 802.1Q tag
 * @param inFlightFrames frames accepted and not yet delivered or dropped; a batch being handed over counts here until
 *     the delivering thread is done with it (so read the counters after {@link Wire#close()} or
 *     {@link WireEnd#detach()} to see a {@link Wire.Mode#THREAD} wire's final figures)
 */
public record WireCounters(long sentFrames, long sentBytes, long deliveredFrames, long deliveredBytes,
        long lostFrames, long duplicatedFrames, long corruptedFrames, long reorderedFrames, long queueDroppedFrames,
        long overflowDroppedFrames, long detachedDroppedFrames, long noBufferFrames, long invalidFrames,
        long inFlightFrames) {

    /** @return {@code true} if the identity in the class description holds (a check for tests) */
    public boolean balanced() {
        return sentFrames + duplicatedFrames == deliveredFrames + lostFrames + queueDroppedFrames
                + overflowDroppedFrames + detachedDroppedFrames + noBufferFrames + invalidFrames + inFlightFrames;
    }
}
