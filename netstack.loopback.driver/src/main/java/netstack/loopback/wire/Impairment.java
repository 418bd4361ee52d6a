package netstack.loopback.wire;

import java.time.Duration;

/**
 * What one direction of a {@link Wire} does to the frames crossing it. Immutable; start from {@link #NONE} and
 * change one parameter at a time with the {@code with…} methods:
 *
 * <pre>{@code
 * Impairment lossy = Impairment.NONE.withLossProbability(0.01).withDelayNanos(5_000_000).withJitterNanos(1_000_000);
 * }</pre>
 *
 * <h2>The model</h2>
 * A frame given to the wire at time {@code t} goes through these steps, in this order (the package description
 * shows the timeline):
 * <ol>
 *   <li><b>loss</b>: with {@link #lossProbability()} it vanishes at once (it never occupies the link, as in
 *       netem);</li>
 *   <li><b>queue limit</b>: with a rate limit, frames wait for the link in a FIFO that holds the frame being
 *       serialized and those behind it. If taking the frame would make it hold more than
 *       {@link #queueLimitFrames()} frames or {@link #queueLimitBytes()} bytes, the frame is dropped (tail
 *       drop). 0 means no limit. Without a rate limit the queue is always empty and the limits never apply;</li>
 *   <li><b>serialization</b>: with {@link #rateBitsPerSecond()} the frame occupies the link for
 *       {@code (length + frameOverheadBytes) * 8 / rate} seconds, starting when the link is free; it departs when
 *       its last bit is sent. The rounding remainder is carried over while the link stays busy, so a saturated
 *       link runs at the exact rate;</li>
 *   <li><b>corruption</b>: with {@link #corruptProbability()} one bit of the frame, chosen uniformly among all
 *       {@code 8 * length} bits, is flipped;</li>
 *   <li><b>delay</b>: the frame arrives {@link #delayNanos()} plus a jitter after departure. The jitter is
 *       uniformly distributed over the integers {@code [0, jitterNanos]} (so the delay lies in
 *       {@code [delay, delay + jitter]}, mean {@code delay + jitter / 2}). Jitter never reorders: a frame that
 *       would overtake an earlier one arrives together with it, just after it (a FIFO, as a real queue);</li>
 *   <li><b>reordering</b> (netem's rule): with {@link #reorderProbability()} the frame skips the delay and jitter
 *       and arrives at its departure time, overtaking the frames still in the delay line. It therefore needs a
 *       delay;</li>
 *   <li><b>duplication</b>: with {@link #duplicateProbability()} an unaltered copy (never corrupted, never
 *       reordered, never duplicated again) follows the frame: it is serialized right after it (so it costs link
 *       time and queue room like any frame) and takes the delay line with a jitter of its own, arriving no earlier
 *       than the original.</li>
 * </ol>
 *
 * <h2>Units and bounds</h2>
 * Probabilities lie in [0, 1]. Times are nanoseconds in {@code [0, }{@value #MAX_DELAY_NANOS}{@code ]} (one day).
 * The rate is in bits per second, 0 for no limit, at most {@value #MAX_RATE_BITS_PER_SECOND}.
 * {@link #frameOverheadBytes()} is added to every frame's length for the rate only: 24 models Ethernet's preamble,
 * start delimiter, frame check sequence and inter-frame gap, so that 1 Gbit/s carries what a real 1 Gbit/s NIC
 * carries.
 *
 * @param lossProbability the chance that a frame is lost
 * @param delayNanos the fixed one-way delay after serialization
 * @param jitterNanos the largest extra delay, drawn uniformly from {@code [0, jitterNanos]}
 * @param reorderProbability the chance that a frame skips the delay line; needs {@code delayNanos > 0}
 * @param duplicateProbability the chance that a frame is followed by a copy
 * @param corruptProbability the chance that one bit of a frame is flipped
 * @param rateBitsPerSecond the link rate; 0 for unlimited
 * @param frameOverheadBytes bytes added to each frame's length when computing its serialization time
 * @param queueLimitFrames the most frames in the bottleneck queue (with a rate limit); 0 for unlimited
 * @param queueLimitBytes the most bytes in the bottleneck queue (with a rate limit); 0 for unlimited
 */
public record Impairment(double lossProbability, long delayNanos, long jitterNanos, double reorderProbability,
        double duplicateProbability, double corruptProbability, long rateBitsPerSecond, int frameOverheadBytes,
        int queueLimitFrames, long queueLimitBytes) {

    /** A perfect link: nothing lost, delayed, reordered, duplicated or corrupted, no rate limit. */
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The longest delay or jitter: one day. */
    public static final long MAX_DELAY_NANOS = 86_400_000_000_000L;
    /** The highest rate: 1 Pbit/s (keeps the serialization arithmetic exact in a {@code long}). */
    public static final long MAX_RATE_BITS_PER_SECOND = 1_000_000_000_000_000L;
    /** Ethernet's per-frame overhead on the medium: preamble and SFD (8), FCS (4), inter-frame gap (12). */
    public static final int ETHERNET_OVERHEAD_BYTES = 24;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public Impairment {
        probability("lossProbability", lossProbability);
        probability("reorderProbability", reorderProbability);
        probability("duplicateProbability", duplicateProbability);
        probability("corruptProbability", corruptProbability);
        range("delayNanos", delayNanos, MAX_DELAY_NANOS);
        range("jitterNanos", jitterNanos, MAX_DELAY_NANOS);
        range("rateBitsPerSecond", rateBitsPerSecond, MAX_RATE_BITS_PER_SECOND);
        range("frameOverheadBytes", frameOverheadBytes, 65_536);
        range("queueLimitFrames", queueLimitFrames, Integer.MAX_VALUE);
        range("queueLimitBytes", queueLimitBytes, Long.MAX_VALUE);
        if (reorderProbability > 0 && delayNanos == 0) {
            throw new IllegalArgumentException("reorderProbability " + reorderProbability + " needs a delay: a "
                    + "reordered frame skips the delay line that the others wait in (set delayNanos > 0)");
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " " + p + " is not a probability in [0, 1]");
        }
    }

    private static void range(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside 0.." + max);
        }
    }

    /**
     * @return {@code true} if no parameter involves time (no delay, jitter, rate limit or reordering): such a
     *     direction can hand frames over on the transmitting thread ({@link Wire.Mode#INLINE})
     */
    public boolean isTimeless() {
        return delayNanos == 0 && jitterNanos == 0 && rateBitsPerSecond == 0 && reorderProbability == 0;
    }

    /** @return {@code true} if this is a perfect link (equal to {@link #NONE} in every effect) */
    public boolean isNone() {
        return isTimeless() && lossProbability == 0 && duplicateProbability == 0 && corruptProbability == 0;
    }

    /**
     * @param p the chance that a frame is lost
     * @return a copy with it
     */
    public Impairment withLossProbability(double p) {
        return new Impairment(p, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param nanos the fixed one-way delay
     * @return a copy with it
     */
    public Impairment withDelayNanos(long nanos) {
        return new Impairment(lossProbability, nanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param delay the fixed one-way delay
     * @return a copy with it
     * @throws ArithmeticException if it does not fit in a {@code long} of nanoseconds
     */
    public Impairment withDelay(Duration delay) {
        return withDelayNanos(delay.toNanos());
    }

    /**
     * @param nanos the largest extra delay
     * @return a copy with it
     */
    public Impairment withJitterNanos(long nanos) {
        return new Impairment(lossProbability, delayNanos, nanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param jitter the largest extra delay
     * @return a copy with it
     * @throws ArithmeticException if it does not fit in a {@code long} of nanoseconds
     */
    public Impairment withJitter(Duration jitter) {
        return withJitterNanos(jitter.toNanos());
    }

    /**
     * @param p the chance that a frame skips the delay line
     * @return a copy with it
     */
    public Impairment withReorderProbability(double p) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, p, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param p the chance that a frame is followed by a copy
     * @return a copy with it
     */
    public Impairment withDuplicateProbability(double p) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, p,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param p the chance that one bit of a frame is flipped
     * @return a copy with it
     */
    public Impairment withCorruptProbability(double p) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                p, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param bitsPerSecond the link rate; 0 for unlimited
     * @return a copy with it
     */
    public Impairment withRateBitsPerSecond(long bitsPerSecond) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, bitsPerSecond, frameOverheadBytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param bytes added to each frame's length for its serialization time, e.g. {@link #ETHERNET_OVERHEAD_BYTES}
     * @return a copy with it
     */
    public Impairment withFrameOverheadBytes(int bytes) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, bytes, queueLimitFrames, queueLimitBytes);
    }

    /**
     * @param frames the most frames in the bottleneck queue; 0 for unlimited
     * @return a copy with it
     */
    public Impairment withQueueLimitFrames(int frames) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, frames, queueLimitBytes);
    }

    /**
     * @param bytes the most bytes in the bottleneck queue; 0 for unlimited
     * @return a copy with it
     */
    public Impairment withQueueLimitBytes(long bytes) {
        return new Impairment(lossProbability, delayNanos, jitterNanos, reorderProbability, duplicateProbability,
                corruptProbability, rateBitsPerSecond, frameOverheadBytes, queueLimitFrames, bytes);
    }
}
