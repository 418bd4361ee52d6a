package netstack.api.socket;

import java.util.Objects;

/**
 * A typed socket option key. The standard options are the constants of {@link SocketOptions}; a protocol may
 * define more. Two options are equal when they are the same object.
 *
 * @param <T> the value type
 */
public final class SocketOption<T> {

    /** The name, for messages and {@link #toString()}; not used for equality. */
    private final String name;
    /** The value type; {@link #cast} checks values against it. */
    private final Class<T> type;

    /**
     * Creates a new option key. Keys are compared by identity, so a protocol that defines an option creates it once
     * and publishes it as a constant; a second key with the same name is a different option.
     *
     * @param name the option's name, by convention the POSIX one (e.g. {@code "TCP_NODELAY"})
     * @param type the value type
     * @throws NullPointerException if {@code name} or {@code type} is null
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
     * Checks that a value has this option's type, for implementations that receive option values untyped. Only
     * the type is checked; the range is the socket's business ({@link NetSocket#setOption}).
     *
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
