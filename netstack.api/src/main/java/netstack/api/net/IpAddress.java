package netstack.api.net;

/**
 * An IPv4 or IPv6 address. The two families are the only implementations, so a {@code switch} over an
 * {@code IpAddress} is exhaustive.
 *
 * <p>Instances are immutable value objects: equality is by address bytes and family.
 */
public sealed interface IpAddress extends Comparable<IpAddress> permits Ipv4Address, Ipv6Address {

    /**
     * Parses a literal IPv4 ({@code 192.0.2.1}) or IPv6 ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}) address.
     * Host names are rejected, never resolved.
     *
     * @param text the literal address
     * @return the address
     * @throws IllegalArgumentException if {@code text} is not a literal address; the message says why
     */
    static IpAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IP address is null");
        }
        return text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
    }

    /**
     * Returns the address for raw network-order bytes: 4 bytes give IPv4, 16 bytes give IPv6.
     *
     * @param bytes the address bytes in network order; not retained
     * @return the address
     * @throws IllegalArgumentException if the length is neither 4 nor 16
     */
    static IpAddress ofBytes(byte[] bytes) {
        return switch (bytes.length) {
            case Ipv4Address.BYTES -> Ipv4Address.ofBytes(bytes);
            case Ipv6Address.BYTES -> Ipv6Address.ofBytes(bytes);
            default -> throw new IllegalArgumentException(
                    "an IP address has 4 (IPv4) or 16 (IPv6) bytes, not " + bytes.length);
        };
    }

    /** @return the address family */
    IpFamily family();

    /** @return a new array with the address in network byte order (4 or 16 bytes) */
    byte[] toBytes();

    /** @return the length of the address in bits: 32 or 128 */
    default int bitLength() {
        return family().bitLength();
    }

    /** @return {@code true} for the unspecified address ({@code 0.0.0.0} or {@code ::}) */
    boolean isUnspecified();

    /** @return {@code true} for a loopback address ({@code 127.0.0.0/8} or {@code ::1}) */
    boolean isLoopback();

    /** @return {@code true} for a multicast address ({@code 224.0.0.0/4} or {@code ff00::/8}) */
    boolean isMulticast();

    /** @return {@code true} for a link-local unicast address ({@code 169.254.0.0/16} or {@code fe80::/10}) */
    boolean isLinkLocal();

    /**
     * Orders IPv4 before IPv6, then by unsigned address value.
     *
     * @param other the address to compare with
     * @return negative, zero or positive as for {@link Comparable}
     */
    @Override
    default int compareTo(IpAddress other) {
        int byFamily = family().compareTo(other.family());
        if (byFamily != 0) {
            return byFamily;
        }
        return switch (this) {
            case Ipv4Address a -> Integer.compareUnsigned(a.bits(), ((Ipv4Address) other).bits());
            case Ipv6Address a -> {
                Ipv6Address b = (Ipv6Address) other;
                int high = Long.compareUnsigned(a.high(), b.high());
                yield high != 0 ? high : Long.compareUnsigned(a.low(), b.low());
            }
        };
    }
}
