package netstack.api.net;

/**
 * An IP prefix in CIDR notation (RFC 4632, RFC 4291 §2.3): an address and a prefix length. An interface address
 * such as {@code 192.0.2.2/24} is a prefix whose address has host bits set; {@link #network()} clears them.
 *
 * @param address the address, host bits allowed
 * @param length the prefix length in bits, 0 to the family's bit length
 */
public record IpPrefix(IpAddress address, int length) {

    /**
     * Creates a prefix. Host bits of the address are kept, so the same type holds an interface address with its
     * on-link prefix length; call {@link #network()} for the network itself.
     *
     * @throws IllegalArgumentException if the address is null or the length is out of range for its family
     */
    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("prefix address is null");
        }
        if (length < 0 || length > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0.."
                    + address.bitLength() + " for " + address.family());
        }
    }

    /**
     * Parses {@code address/length}, e.g. {@code 192.0.2.0/24} or {@code 2001:db8::/32}. An address without
     * {@code /length} is a host prefix ({@code /32} or {@code /128}).
     *
     * @param text the prefix
     * @return the prefix
     * @throws IllegalArgumentException if the text is malformed; the message says why
     */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IP prefix is null");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress a = IpAddress.parse(text);
            return new IpPrefix(a, a.bitLength());
        }
        IpAddress a = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an IP prefix: \"" + text + "\": length \"" + len
                    + "\" is not a number");
        }
        int length = Integer.parseInt(len);
        if (length > a.bitLength()) {
            throw new IllegalArgumentException("not an IP prefix: \"" + text + "\": length " + length
                    + " exceeds " + a.bitLength() + " bits of " + a.family());
        }
        return new IpPrefix(a, length);
    }

    /** @return the address family */
    public IpFamily family() {
        return address.family();
    }

    /** @return the prefix with its host bits cleared, e.g. {@code 192.0.2.0/24} for {@code 192.0.2.2/24} */
    public IpPrefix network() {
        return new IpPrefix(masked(address, length), length);
    }

    /** @return {@code true} if no host bit of {@link #address()} is set */
    public boolean isNetwork() {
        return masked(address, length).equals(address);
    }

    /**
     * Tests whether an address lies in this prefix, as a route lookup does. Host bits of this prefix's address are
     * ignored. An address of the other family is never contained (an IPv4-mapped IPv6 address is IPv6).
     *
     * @param candidate an address of any family
     * @return {@code true} if the candidate is of this prefix's family and its first {@link #length()} bits equal
     *     this prefix's
     */
    public boolean contains(IpAddress candidate) {
        return candidate.family() == address.family()
                && masked(candidate, length).equals(masked(address, length));
    }

    /**
     * Tests whether another prefix is equal to or more specific than this one and lies inside it. A prefix
     * contains itself; {@code 0.0.0.0/0} contains every IPv4 prefix.
     *
     * @param other another prefix
     * @return {@code true} if every address of {@code other} is in this prefix
     */
    public boolean contains(IpPrefix other) {
        return other.length >= length && contains(other.address);
    }

    /**
     * Clears the host bits: keeps the first {@code length} bits of {@code a} and zeroes the rest. Shifts by 32 or
     * 64 are special-cased because Java masks shift distances ({@code -1 << 32 == -1}).
     *
     * @param a the address
     * @param length how many leading bits to keep, 0 to the family's bit length
     * @return the address with only the first {@code length} bits kept
     */
    private static IpAddress masked(IpAddress a, int length) {
        return switch (a) {
            case Ipv4Address v4 -> Ipv4Address.of(length == 0 ? 0 : v4.bits() & (-1 << (32 - length)));
            case Ipv6Address v6 -> {
                long high = length == 0 ? 0 : length >= 64 ? v6.high() : v6.high() & (-1L << (64 - length));
                long low = length <= 64 ? 0 : length == 128 ? v6.low() : v6.low() & (-1L << (128 - length));
                yield new Ipv6Address(high, low);
            }
        };
    }

    /** @return {@code address/length}, e.g. {@code 2001:db8::2/64} */
    @Override
    public String toString() {
        return address + "/" + length;
    }
}
