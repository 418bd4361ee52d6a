package netstack.api.net;

/**
 * An IPv4 address (RFC 791), held as its 32 bits in network order in an {@code int}.
 *
 * @param bits the address; bit 31 is the first bit on the wire
 */
public record Ipv4Address(int bits) implements IpAddress {

    /** Length of an IPv4 address in bytes. */
    public static final int BYTES = 4;
    /** {@code 0.0.0.0}, the unspecified address (INADDR_ANY). */
    public static final Ipv4Address ANY = new Ipv4Address(0);
    /** {@code 127.0.0.1}. */
    public static final Ipv4Address LOOPBACK = new Ipv4Address(0x7f000001);
    /** {@code 255.255.255.255}, the limited broadcast address. */
    public static final Ipv4Address BROADCAST = new Ipv4Address(0xffffffff);

    /**
     * Parses dotted-decimal notation: exactly four decimal parts 0..255, no leading zeros (which some libraries
     * read as octal), no whitespace.
     *
     * @param text the address, e.g. {@code 192.0.2.1}
     * @return the address
     * @throws IllegalArgumentException if {@code text} is not a dotted-quad IPv4 literal
     */
    public static Ipv4Address parse(String text) {
        int bits = parseBits(text, 0, text == null ? 0 : text.length());
        return new Ipv4Address(bits);
    }

    /**
     * Parses {@code text[from, to)} as dotted-decimal; shared with the IPv6 parser for embedded IPv4. Error
     * messages quote the whole of {@code text}, not just the range.
     *
     * @param text the string holding the address
     * @param from the index of the first character of the address
     * @param to the index just past its last character
     * @return the address as a network-order {@code int}
     * @throws IllegalArgumentException if {@code text} is null or the range is not a dotted-quad literal
     */
    static int parseBits(String text, int from, int to) {
        if (text == null) {
            throw new IllegalArgumentException("IPv4 address is null");
        }
        int bits = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                if (value > 255) {
                    throw bad(text, "part " + (parts + 1) + " is greater than 255");
                }
                i++;
            }
            int digits = i - start;
            if (digits == 0) {
                throw bad(text, i < to ? "unexpected character '" + text.charAt(i) + "'" : "missing a part");
            }
            if (digits > 1 && text.charAt(start) == '0') {
                throw bad(text, "part " + (parts + 1) + " has a leading zero");
            }
            bits = (bits << 8) | value;
            parts++;
            if (parts == 4) {
                if (i != to) {
                    throw bad(text, "unexpected text after the fourth part");
                }
                return bits;
            }
            if (i >= to || text.charAt(i) != '.') {
                throw bad(text, "expected four parts separated by '.', found " + parts);
            }
            i++;
        }
    }

    /**
     * Builds the exception for a malformed literal, quoting the input and saying what is wrong with it.
     *
     * @param text the input as given
     * @param why what is wrong, e.g. {@code "part 2 is greater than 255"}
     * @return the exception, for the caller to throw
     */
    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("not an IPv4 address: \"" + text + "\": " + why);
    }

    /**
     * @param bytes four bytes in network order; not retained
     * @return the address
     * @throws IllegalArgumentException if {@code bytes} does not have length 4
     */
    public static Ipv4Address ofBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + bytes.length);
        }
        return new Ipv4Address(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16)
                | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
    }

    /**
     * Returns the address for its 32 bits, like the constructor, but reuses {@link #ANY} for zero.
     *
     * @param bits the address as a network-order {@code int}
     * @return the address
     */
    public static Ipv4Address of(int bits) {
        return bits == 0 ? ANY : new Ipv4Address(bits);
    }

    @Override
    public IpFamily family() {
        return IpFamily.IPV4;
    }

    @Override
    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public boolean isUnspecified() {
        return bits == 0;
    }

    @Override
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    @Override
    public boolean isMulticast() {
        return (bits >>> 28) == 0xe;
    }

    @Override
    public boolean isLinkLocal() {
        return (bits >>> 16) == 0xa9fe;
    }

    /** @return {@code true} for {@code 255.255.255.255} */
    public boolean isLimitedBroadcast() {
        return bits == 0xffffffff;
    }

    /** @return the dotted-decimal form, e.g. {@code 192.0.2.1} */
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
