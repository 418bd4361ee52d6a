package netstack.api.socket;

import java.util.Objects;

/**
 * A typed socket option key. The standard options are the constants of {@link SocketOptions}; a protocol may
 * define more. Two options are equal when they are the same object.
 *
 * @param <T> the value type
 */
public final class SocketOption<T> {

    private final String name;
    private final Class<T> type;

    /**
     * @param name the option's name, by convention the POSIX one (e.g. {@code "TCP_NODELAY"})
     * @param type the value type
     */
    public SocketOption(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** @return the option's name */
    public String name() {
        return name;
    }

    /** @return the value type */
    public Class<T> type() {
        return type;
    }

    /**
     * @param value a value to check
     * @return the value cast to {@code T}
     * @throws IllegalArgumentException if the value is null or of another type
     */
    public T cast(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " takes a " + type.getSimpleName() + ", not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
