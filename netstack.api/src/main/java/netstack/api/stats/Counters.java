package netstack.api.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a set of counters, keyed by a counter enum ({@link StackCounter} or
 * {@link InterfaceCounter}).
 *
 * @param <E> the counter enum
 */
public final class Counters<E extends Enum<E>> {

    private final Class<E> type;
    private final long[] values;

    /**
     * @param type the counter enum
     * @param values one value per enum constant, by ordinal; copied
     * @throws IllegalArgumentException if the length does not match the enum
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
     * @param counter a counter
     * @return its value in this snapshot
     */
    public long get(E counter) {
        return values[counter.ordinal()];
    }

    /** @return the counter enum */
    public Class<E> type() {
        return type;
    }

    /** @return every counter and its value, in enum order */
    public Map<E, Long> asMap() {
        EnumMap<E, Long> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, values[e.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * @param earlier an older snapshot of the same counters
     * @return this minus {@code earlier}, counter by counter
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
