package netstack.loopback.wire;

/**
 * The wire's randomness: a counter-based generator, so that the draws for the {@code n}-th frame of a direction
 * are a pure function of {@code (seed, direction, n, purpose)}. Nothing is carried from one frame to the next:
 * what happened to earlier frames (lost, dropped, delayed) cannot shift the draws of later ones, and raising one
 * probability never changes another impairment's decisions (common random numbers: the frames lost at 1 % are a
 * subset of those lost at 2 %).
 *
 * <p>The mixing function is the SplitMix64 finaliser (Steele, Lea, Flood: "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), written out here rather than taken from {@code java.util.SplittableRandom} so that a
 * seed gives the same run on every JDK. Stateless and allocation-free.
 */
final class FrameRandom {

    /** Draw purposes: each frame has one independent 64-bit draw per purpose. */
    static final int LOSS = 0;
    static final int DUPLICATE = 1;
    static final int CORRUPT = 2;
    static final int CORRUPT_BIT = 3;
    static final int REORDER = 4;
    static final int JITTER = 5;
    static final int JITTER_COPY = 6;

    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;
    private static final long FRAME_GAMMA = 0xD1B5_4A32_D192_ED03L;
    private static final double UNIT = 0x1.0p-53;

    private FrameRandom() {
    }

    /**
     * @param z any value
     * @return SplitMix64's finaliser of {@code z}: a bijection that spreads every input bit over the output
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed the wire's seed
     * @param stream which stream (0 for A to B, 1 for B to A, others for MAC addresses)
     * @return the key of that stream
     */
    static long streamKey(long seed, int stream) {
        return mix(seed + (stream + 1L) * GOLDEN_GAMMA);
    }

    /**
     * @param streamKey from {@link #streamKey}
     * @param frameIndex the frame's index in its direction, from 0
     * @return the key of that frame's draws
     */
    static long frameKey(long streamKey, long frameIndex) {
        return mix(streamKey + frameIndex * FRAME_GAMMA);
    }

    /**
     * @param frameKey from {@link #frameKey}
     * @param purpose one of the purpose constants
     * @return 64 uniformly distributed bits
     */
    static long draw(long frameKey, int purpose) {
        return mix(frameKey + (purpose + 1L) * GOLDEN_GAMMA);
    }

    /**
     * @param frameKey the frame
     * @param purpose the purpose
     * @param probability in [0, 1]
     * @return {@code true} with that probability: a uniform 53-bit fraction in [0, 1) is below it, so 0 never
     *     fires and 1 always does
     */
    static boolean chance(long frameKey, int purpose, double probability) {
        return probability > 0 && (draw(frameKey, purpose) >>> 11) * UNIT < probability;
    }

    /**
     * @param frameKey the frame
     * @param purpose the purpose
     * @param bound the number of outcomes, positive
     * @return uniform in {@code [0, bound)} (Lemire's multiply-high; the bias is below {@code bound / 2^64})
     */
    static long below(long frameKey, int purpose, long bound) {
        return Math.unsignedMultiplyHigh(draw(frameKey, purpose), bound);
    }
}
