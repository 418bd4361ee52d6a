package netstack.api.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a set of counters, keyed by a counter enum ({@link StackCounter} or
 * {@link InterfaceCounter}).
 *
 * <p>Values are 64-bit and count from zero since the stack started (interface counters: since the interface was
 * created; they survive a driver hot swap). Unlike the 32-bit {@code Counter32} objects of the MIBs they never wrap
 * in practice, so the difference of two snapshots ({@link #minus}) is the activity between them. A gauge such as
 * {@link StackCounter#TCP_CURR_ESTAB} is a current value, not a count.
 *
 * <p>Immutable and thread-safe. Equality is by counter enum and values.
 *
 * @param <E> the counter enum
 */
public final class Counters<E extends Enum<E>> {

    /** The counter enum; {@link #minus} only combines snapshots of the same one. */
    private final Class<E> type;
    /** One value per constant of {@link #type}, indexed by ordinal; a private copy, never modified. */
    private final long[] values;

    /**
     * Creates a snapshot, normally done by the stack; useful in tests and for snapshots read from elsewhere.
     *
     * @param type the counter enum
     * @param values one value per enum constant, by ordinal; copied
     * @throws IllegalArgumentException if the length does not match the enum
     * @throws NullPointerException if {@code type} or {@code values} is null
     */
    public Counters(Class<E> type, long[] values) {
        this.type = Objects.requireNonNull(type, "type");
        if (values.length != type.getEnumConstants().length) {
            throw new IllegalArgumentException(values.length + " values for " + type.getEnumConstants().length
                    + " counters of " + type.getSimpleName());
        }
        this.values = values.clone();
    }

    /**
     * Reads one counter; allocation-free.
     *
     * @param counter a counter
     * @return its value in this snapshot
     * @throws NullPointerException if {@code counter} is null
     */
    public long get(E counter) {
        return values[counter.ordinal()];
    }

    /** @return the counter enum */
    public Class<E> type() {
        return type;
    }

    /**
     * Returns the snapshot as a map, e.g. for export to a metrics system. Allocates a new map on each call; for
     * reading a few counters, {@link #get} is cheaper.
     *
     * @return every counter and its value, in enum order; unmodifiable
     */
    public Map<E, Long> asMap() {
        EnumMap<E, Long> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, values[e.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Computes the activity between two snapshots, e.g. packets per interval for a rate. For a gauge the
     * difference is the change, which may be negative.
     *
     * @param earlier an older snapshot of the same counters
     * @return this minus {@code earlier}, counter by counter
     * @throws IllegalArgumentException if {@code earlier} is keyed by another counter enum
     */
    public Counters<E> minus(Counters<E> earlier) {
        if (earlier.type != type) {
            throw new IllegalArgumentException("cannot subtract " + earlier.type.getSimpleName() + " from "
                    + type.getSimpleName());
        }
        long[] diff = new long[values.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = values[i] - earlier.values[i];
        }
        return new Counters<>(type, diff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counters<?> c && c.type == type && java.util.Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + asMap();
    }
}
