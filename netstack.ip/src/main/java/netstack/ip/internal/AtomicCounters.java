package netstack.ip.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import netstack.api.stats.Counters;

/**
 * A fixed set of counters indexed by an enum's ordinal. Allocation-free increments; snapshots copy.
 *
 * @param <E> the counter enum
 */
final class AtomicCounters<E extends Enum<E>> {

    private final Class<E> type;
    private final AtomicLongArray values;

    AtomicCounters(Class<E> type) {
        this.type = type;
        this.values = new AtomicLongArray(type.getEnumConstants().length);
    }

    void increment(E counter) {
        values.getAndIncrement(counter.ordinal());
    }

    void add(E counter, long delta) {
        values.getAndAdd(counter.ordinal(), delta);
    }

    long get(E counter) {
        return values.get(counter.ordinal());
    }

    Counters<E> snapshot() {
        long[] copy = new long[values.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = values.get(i);
        }
        return new Counters<>(type, copy);
    }
}
