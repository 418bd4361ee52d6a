package netstack.loopback.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one in-memory wire: a factory configuration of PID {@value WireComponent#FACTORY_PID}, named
 * after the wire, e.g. {@code netstack.wire~w0}. Impairment parameters take one value for both directions or two
 * values, A to B then B to A.
 */
@ObjectClassDefinition(id = WireComponent.FACTORY_PID, name = "netstack in-memory wire",
        description = "Two Ethernet interfaces of netstack joined by an in-memory cable with a seeded impairment "
                + "model (loss, delay, jitter, reordering, duplication, corruption, rate limit, queue limit). Create "
                + "one factory configuration per wire, named after it: netstack.wire~w0. Impairment parameters take "
                + "one value (both directions) or two (A to B, then B to A).")
@interface WireConfig {

    /** @return end A's interface name; empty: the wire's name followed by "a" */
    @AttributeDefinition(name = "Interface A", required = false,
            description = "Name of the netstack interface at end A. Empty: the configuration's name (after the "
                    + "'~' of its PID) followed by 'a'.")
    String interfaceA() default "";

    /** @return end B's interface name; empty: the wire's name followed by "b" */
    @AttributeDefinition(name = "Interface B", required = false,
            description = "Name of the netstack interface at end B. Empty: the configuration's name followed by "
                    + "'b'.")
    String interfaceB() default "";

    /** @return the IP MTU of both ends */
    @AttributeDefinition(name = "MTU", min = "68", max = "1048576",
            description = "Largest IP packet on the wire, excluding the 14-byte Ethernet header (frames of up to "
                    + "MTU + 18 bytes cross, one 802.1Q tag tolerated).")
    int mtu() default 1500;

    /** @return end A's MAC address; empty: random */
    @AttributeDefinition(name = "MAC address A", required = false,
            description = "Unicast MAC address of end A, e.g. 02:00:5e:10:00:01. Empty: a random locally "
                    + "administered address, new at each activation.")
    String macA() default "";

    /** @return end B's MAC address; empty: random */
    @AttributeDefinition(name = "MAC address B", required = false,
            description = "Unicast MAC address of end B. Empty: a random locally administered address.")
    String macB() default "";

    /** @return whether the ends announce checksum offload */
    @AttributeDefinition(name = "Checksum offload",
            description = "Announce TX and RX checksum offload, as a veth pair does: checksums the stack leaves to "
                    + "the device are not computed and arrive marked verified, except in frames the wire corrupts, "
                    + "whose checksum it computes first so that the receiver sees the damage.")
    boolean checksumOffload() default false;

    /** @return the delivery mode */
    @AttributeDefinition(name = "Delivery", options = {
        @Option(label = "A delivery thread per direction", value = "THREAD"),
        @Option(label = "On the transmitting thread (no delay, jitter, rate or reordering)", value = "INLINE")},
            description = "THREAD: each direction has a delivery thread that delivers frames when due. INLINE: "
                    + "frames are delivered on the transmitting thread before transmit returns (fastest; only "
                    + "for impairments without time).")
    String delivery() default "THREAD";

    /** @return the seed */
    @AttributeDefinition(name = "Seed",
            description = "Seed of every random decision: the same seed makes the same decisions for the n-th "
                    + "frame of each direction.")
    long seed() default 1;

    /** @return frames a direction holds in flight at most */
    @AttributeDefinition(name = "Capacity (frames)", min = "1",
            description = "The most frames a direction holds in flight (scheduled, not yet delivered); more are "
                    + "dropped, like a full device ring. Raise it for long, fast links (bandwidth times delay).")
    int capacityFrames() default 16_384;

    /** @return loss probability per direction */
    @AttributeDefinition(name = "Loss probability", cardinality = 2,
            description = "Chance in [0, 1] that a frame is lost.")
    double[] lossProbability() default {0.0};

    /** @return fixed delay per direction, in milliseconds */
    @AttributeDefinition(name = "Delay (ms)", cardinality = 2,
            description = "One-way delay after serialization, in milliseconds (fractions allowed).")
    double[] delayMillis() default {0.0};

    /** @return jitter per direction, in milliseconds */
    @AttributeDefinition(name = "Jitter (ms)", cardinality = 2,
            description = "Largest extra delay in milliseconds, drawn uniformly from [0, jitter]. Jitter never "
                    + "reorders frames.")
    double[] jitterMillis() default {0.0};

    /** @return reorder probability per direction */
    @AttributeDefinition(name = "Reorder probability", cardinality = 2,
            description = "Chance in [0, 1] that a frame skips the delay, overtaking frames still delayed "
                    + "(netem's rule). Needs a delay.")
    double[] reorderProbability() default {0.0};

    /** @return duplicate probability per direction */
    @AttributeDefinition(name = "Duplicate probability", cardinality = 2,
            description = "Chance in [0, 1] that a frame is followed by an unaltered copy.")
    double[] duplicateProbability() default {0.0};

    /** @return corrupt probability per direction */
    @AttributeDefinition(name = "Corrupt probability", cardinality = 2,
            description = "Chance in [0, 1] that one uniformly chosen bit of a frame is flipped.")
    double[] corruptProbability() default {0.0};

    /** @return rate per direction, bits per second */
    @AttributeDefinition(name = "Rate (bit/s)", cardinality = 2,
            description = "Link rate in bits per second; a frame occupies the link for (length + overhead) * 8 / "
                    + "rate and later frames queue behind it. 0: unlimited.")
    long[] rateBitsPerSecond() default {0};

    /** @return per-frame overhead for the rate, bytes */
    @AttributeDefinition(name = "Frame overhead (bytes)", cardinality = 2,
            description = "Bytes added to each frame's length for the rate limit only; 24 models Ethernet's "
                    + "preamble, FCS and inter-frame gap.")
    int[] frameOverheadBytes() default {0};

    /** @return queue limit per direction, frames */
    @AttributeDefinition(name = "Queue limit (frames)", cardinality = 2,
            description = "With a rate limit: the most frames waiting for the link, the one being sent included; "
                    + "more are dropped (tail drop). 0: unlimited.")
    int[] queueLimitFrames() default {0};

    /** @return queue limit per direction, bytes */
    @AttributeDefinition(name = "Queue limit (bytes)", cardinality = 2,
            description = "With a rate limit: the most bytes waiting for the link; more are dropped (tail drop). "
                    + "0: unlimited.")
    long[] queueLimitBytes() default {0};
}
