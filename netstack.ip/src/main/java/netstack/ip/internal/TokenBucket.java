package netstack.ip.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket for rate limiting, above all ICMP errors (RFC 1812 §4.3.2.8 and RFC 4443 §2.4(f): an ICMP error
 * sender MUST limit its rate; RFC 4443 recommends a token bucket). A bucket holds up to {@code burst} tokens and
 * gains one every {@code intervalNanos}; it starts full.
 *
 * <h2>How Linux limits ICMP, and how to do the same here</h2>
 * Linux (6.18, as read from {@code /proc/sys} on our build machines) has a host-wide bucket of
 * {@code net.ipv4.icmp_msgs_per_sec = 1000} tokens per second with {@code icmp_msgs_burst = 50}
 * ({@link #icmpHostWide(long)}), and a per-destination bucket of one token per {@code net.ipv4.icmp_ratelimit =
 * 1000} ms (IPv6: {@code net.ipv6.icmp.ratelimit = 100} ms) holding up to 6 ({@code XRLIM_BURST_FACTOR}), see
 * {@link PerDestination}. Only the types in {@code icmp_ratemask} (destination unreachable except
 * fragmentation-needed, source quench, time exceeded, parameter problem) are limited. Since the 2024 fix for a
 * side channel ("icmp: change the order of rate limits", Linux commit 8c2bd38b95f7) the order is:
 * <ol>
 *   <li>{@link #hasToken(long)} on the host-wide bucket, consuming nothing;</li>
 *   <li>{@link PerDestination#tryAcquireIpv4 tryAcquire} on the destination's bucket;</li>
 *   <li>only if both passed, {@link #consume(long, long) consume} 0, 1 or 2 host-wide tokens, chosen at random
 *       (mean 1): the randomisation of CVE-2020-25705 ("SAD DNS"), which stops an attacker from counting the
 *       host-wide tokens to learn which UDP ports are open.</li>
 * </ol>
 *
 * <h2>Algorithm</h2>
 * The generic cell rate algorithm (ITU-T I.371), equivalent to a token bucket: one {@code long} holds the
 * theoretical arrival time of the next token, so the whole state changes with a single compare-and-set and there
 * is no refill arithmetic to drift. Time comparisons use differences, so any {@code System.nanoTime()} origin
 * works.
 *
 * <h2>Threading and allocation</h2>
 * Thread-safe and lock-free; every method is allocation-free. Counters are exact under concurrency.
 */
final class TokenBucket {

    /** Linux's {@code icmp_msgs_per_sec} default. */
    static final long ICMP_MESSAGES_PER_SECOND = 1000;
    /** Linux's {@code icmp_msgs_burst} default. */
    static final long ICMP_BURST = 50;
    /** Linux's per-destination {@code net.ipv4.icmp_ratelimit} default: one ICMPv4 error per second. */
    static final long ICMPV4_PER_DESTINATION_INTERVAL_NANOS = 1_000_000_000L;
    /** Linux's per-destination {@code net.ipv6.icmp.ratelimit} default: one ICMPv6 error per 100 ms. */
    static final long ICMPV6_PER_DESTINATION_INTERVAL_NANOS = 100_000_000L;
    /** Linux's {@code XRLIM_BURST_FACTOR}: a per-destination bucket holds six tokens. */
    static final long PER_DESTINATION_BURST = 6;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long intervalNanos;
    private final long burst;
    /** {@code burst * intervalNanos}: how far the arrival time may run ahead of now. */
    private final long capacityNanos;
    /** When the bucket is next one token short of full; at or before now means full. */
    private final AtomicLong theoreticalArrivalNanos;
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param intervalNanos the time to gain one token, 1 ns and up
     * @param burst the most tokens held, 1 and up
     * @param nowNanos the current time; the bucket starts full
     * @throws IllegalArgumentException if a value is out of range or {@code burst * intervalNanos} exceeds
     *     2<sup>60</sup> ns (36 years; the bound keeps every time difference, debt included, clear of overflow)
     */
    TokenBucket(long intervalNanos, long burst, long nowNanos) {
        checkRate(intervalNanos, burst);
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.capacityNanos = burst * intervalNanos;
        this.theoreticalArrivalNanos = new AtomicLong(nowNanos);
    }

    private static void checkRate(long intervalNanos, long burst) {
        if (intervalNanos < 1) {
            throw new IllegalArgumentException("token interval must be at least 1 ns: " + intervalNanos);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1 token: " + burst);
        }
        if (burst > (1L << 60) / intervalNanos) {
            throw new IllegalArgumentException("burst " + burst + " x interval " + intervalNanos
                    + " ns exceeds 2^60 ns");
        }
    }

    /**
     * A bucket gaining {@code tokensPerSecond}. When a second does not divide evenly, the interval rounds up, so
     * the rate never exceeds the one asked for.
     *
     * @param tokensPerSecond 1 to 10<sup>9</sup>
     * @param burst the most tokens held
     * @param nowNanos the current time; the bucket starts full
     * @return the bucket
     */
    static TokenBucket perSecond(long tokensPerSecond, long burst, long nowNanos) {
        if (tokensPerSecond < 1 || tokensPerSecond > NANOS_PER_SECOND) {
            throw new IllegalArgumentException("rate must be 1.." + NANOS_PER_SECOND + " per second: "
                    + tokensPerSecond);
        }
        long interval = (NANOS_PER_SECOND + tokensPerSecond - 1) / tokensPerSecond;
        return new TokenBucket(interval, burst, nowNanos);
    }

    /**
     * @param nowNanos the current time
     * @return a host-wide ICMP error bucket with Linux's defaults: 1000 per second, burst 50
     */
    static TokenBucket icmpHostWide(long nowNanos) {
        return perSecond(ICMP_MESSAGES_PER_SECOND, ICMP_BURST, nowNanos);
    }

    /** @return the time to gain one token */
    long intervalNanos() {
        return intervalNanos;
    }

    /** @return the most tokens the bucket holds */
    long burst() {
        return burst;
    }

    /**
     * Takes one token if there is one. Counted as granted or refused.
     *
     * @param nowNanos the current time
     * @return {@code true} if a token was taken
     */
    boolean tryAcquire(long nowNanos) {
        return tryAcquire(nowNanos, 1);
    }

    /**
     * Takes {@code tokens} tokens if that many are there, else none. Counted once, as granted or refused.
     *
     * @param nowNanos the current time
     * @param tokens 1 to {@link #burst()}
     * @return {@code true} if the tokens were taken
     * @throws IllegalArgumentException if {@code tokens} is out of range (it could never succeed)
     */
    boolean tryAcquire(long nowNanos, long tokens) {
        if (tokens < 1 || tokens > burst) {
            throw new IllegalArgumentException("tokens must be 1.." + burst + ": " + tokens);
        }
        long cost = tokens * intervalNanos;
        while (true) {
            long arrival = theoreticalArrivalNanos.get();
            long base = arrival - nowNanos > 0 ? arrival : nowNanos;
            long next = base + cost;
            if (next - nowNanos > capacityNanos) {
                refused.incrementAndGet();
                return false;
            }
            if (theoreticalArrivalNanos.compareAndSet(arrival, next)) {
                granted.incrementAndGet();
                return true;
            }
        }
    }

    /**
     * Whether a token is there, without taking it: the first step of the two-step use described in the class
     * comment. A {@code false} answer is counted as refused; a {@code true} one is not counted (the later
     * {@link #consume} is).
     *
     * @param nowNanos the current time
     * @return {@code true} if at least one token is available
     */
    boolean hasToken(long nowNanos) {
        long arrival = theoreticalArrivalNanos.get();
        long base = arrival - nowNanos > 0 ? arrival : nowNanos;
        if (base + intervalNanos - nowNanos > capacityNanos) {
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Takes {@code tokens} tokens unconditionally: the second step of the two-step use described in the class
     * comment (Linux's {@code icmp_global_consume()} takes a random 0, 1 or 2 this way). Taking more than there
     * are puts the bucket into debt, as Linux's signed credit does; it then refuses until the debt is earned back,
     * so the long-run rate holds even with random charges. The debt is capped at {@link #burst()} tokens. Counted
     * as granted.
     *
     * @param nowNanos the current time
     * @param tokens 0 to {@link #burst()}
     * @throws IllegalArgumentException if {@code tokens} is out of range
     */
    void consume(long nowNanos, long tokens) {
        if (tokens < 0 || tokens > burst) {
            throw new IllegalArgumentException("tokens must be 0.." + burst + ": " + tokens);
        }
        long cost = tokens * intervalNanos;
        while (true) {
            long arrival = theoreticalArrivalNanos.get();
            long base = arrival - nowNanos > 0 ? arrival : nowNanos;
            long next = base + cost;
            if (next - nowNanos > 2 * capacityNanos) {
                next = nowNanos + 2 * capacityNanos;
            }
            if (next == arrival || theoreticalArrivalNanos.compareAndSet(arrival, next)) {
                granted.incrementAndGet();
                return;
            }
        }
    }

    /**
     * @param nowNanos the current time
     * @return the whole tokens available now, 0 to {@link #burst()}; negative while in debt after
     *     {@link #consume}
     */
    long available(long nowNanos) {
        long arrival = theoreticalArrivalNanos.get();
        long base = arrival - nowNanos > 0 ? arrival : nowNanos;
        return Math.floorDiv(capacityNanos - (base - nowNanos), intervalNanos);
    }

    /** @return requests granted (including {@link #consume} calls) */
    long granted() {
        return granted.get();
    }

    /** @return requests refused for want of tokens */
    long refused() {
        return refused.get();
    }

    @Override
    public String toString() {
        return "TokenBucket[1 per " + intervalNanos + " ns, burst " + burst + ", granted " + granted()
                + ", refused " + refused() + "]";
    }

    /**
     * One token bucket per destination address (Linux keeps these in its {@code inetpeer} cache), in a fixed,
     * set-associative table: four entries per set, sets chosen by a keyed hash of the address. A destination not
     * in the table starts with a full bucket. When its set is full, the entry with the fullest bucket makes room;
     * evicting a full bucket loses nothing, as the newcomer starts full too. Only when every entry of the set is
     * partly drained is state lost ({@link #lossyEvictions()}): an attacker spraying addresses can then reset
     * some destinations' buckets, which the host-wide bucket still bounds.
     *
     * <p>IPv4 destinations are stored as IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2).
     *
     * <p>Thread-safe: every method holds this table's monitor for a few dozen instructions. Callers consult it
     * only after the host-wide bucket said yes, which bounds how often the monitor is taken. Allocation-free.
     */
    static final class PerDestination {
        private static final int WAYS = 4;

        private final long intervalNanos;
        private final long capacityNanos;
        private final long hashKey;
        private final int setMask;
        private final long[] keyHigh;
        private final long[] keyLow;
        private final long[] arrival;
        private final boolean[] used;
        private long granted;
        private long refused;
        private long lossyEvictions;

        /**
         * @param intervalNanos the time for a destination to gain one token
         * @param burst the most tokens a destination holds
         * @param capacity the destinations remembered, rounded up to a power of two of at least 4
         * @param hashKey a secret random value, so that senders cannot aim addresses at one set
         */
        PerDestination(long intervalNanos, long burst, int capacity, long hashKey) {
            checkRate(intervalNanos, burst);
            if (capacity < 1 || capacity > 1 << 24) {
                throw new IllegalArgumentException("capacity must be 1.." + (1 << 24) + ": " + capacity);
            }
            int entries = Math.max(WAYS, Integer.highestOneBit(capacity - 1) << 1);
            this.intervalNanos = intervalNanos;
            this.capacityNanos = burst * intervalNanos;
            this.hashKey = hashKey;
            this.setMask = entries / WAYS - 1;
            this.keyHigh = new long[entries];
            this.keyLow = new long[entries];
            this.arrival = new long[entries];
            this.used = new boolean[entries];
        }

        /**
         * @param address the IPv4 destination of the ICMP error
         * @param nowNanos the current time
         * @return {@code true} if the destination had a token, now taken
         */
        boolean tryAcquireIpv4(int address, long nowNanos) {
            return tryAcquireIpv6(0, 0xffff_0000_0000L | (address & 0xffff_ffffL), nowNanos);
        }

        /**
         * @param addressHigh the IPv6 destination's first 64 bits
         * @param addressLow its last 64 bits
         * @param nowNanos the current time
         * @return {@code true} if the destination had a token, now taken
         */
        synchronized boolean tryAcquireIpv6(long addressHigh, long addressLow, long nowNanos) {
            int base = set(addressHigh, addressLow) * WAYS;
            int slot = -1;
            for (int w = base; w < base + WAYS; w++) {
                if (used[w] && keyHigh[w] == addressHigh && keyLow[w] == addressLow) {
                    slot = w;
                    break;
                }
            }
            if (slot < 0) {
                slot = victim(base, nowNanos);
                used[slot] = true;
                keyHigh[slot] = addressHigh;
                keyLow[slot] = addressLow;
                arrival[slot] = nowNanos;
            }
            long a = arrival[slot];
            long next = (a - nowNanos > 0 ? a : nowNanos) + intervalNanos;
            if (next - nowNanos > capacityNanos) {
                refused++;
                return false;
            }
            arrival[slot] = next;
            granted++;
            return true;
        }

        /** An unused entry, else the one with the fullest bucket (earliest arrival time). */
        private int victim(int base, long nowNanos) {
            int best = base;
            for (int w = base; w < base + WAYS; w++) {
                if (!used[w]) {
                    return w;
                }
                if (arrival[w] - arrival[best] < 0) {
                    best = w;
                }
            }
            if (arrival[best] - nowNanos > 0) {
                lossyEvictions++;
            }
            return best;
        }

        private int set(long high, long low) {
            long h = (high ^ hashKey) * 0x9E3779B97F4A7C15L;
            h = (h ^ (h >>> 32) ^ low) * 0xC2B2AE3D27D4EB4FL;
            h ^= (h >>> 29) ^ (hashKey >>> 7);
            h *= 0x165667B19E3779F9L;
            return (int) (h >>> 40) & setMask;
        }

        /** @return requests granted */
        synchronized long granted() {
            return granted;
        }

        /** @return requests refused (Linux counts these as {@code RateLimitHost}) */
        synchronized long refused() {
            return refused;
        }

        /** @return evictions of a destination whose bucket was not full */
        synchronized long lossyEvictions() {
            return lossyEvictions;
        }

        /** @return the number of destinations the table can hold */
        int capacity() {
            return used.length;
        }
    }
}
