package netstack.api.net;

/**
 * An IPv6 address (RFC 4291), held as two network-order {@code long} halves.
 *
 * <p>{@link #toString()} gives the canonical text form of RFC 5952 (lower case, longest run of zero groups
 * compressed, IPv4-mapped addresses with a dotted tail).
 *
 * @param high the first 64 bits on the wire
 * @param low the last 64 bits on the wire
 */
public record Ipv6Address(long high, long low) implements IpAddress {

    /** Length of an IPv6 address in bytes. */
    public static final int BYTES = 16;
    /** {@code ::}, the unspecified address. */
    public static final Ipv6Address ANY = new Ipv6Address(0, 0);
    /** {@code ::1}, the loopback address. */
    public static final Ipv6Address LOOPBACK = new Ipv6Address(0, 1);
    /** {@code ff02::1}, the link-local all-nodes multicast group. */
    public static final Ipv6Address ALL_NODES = new Ipv6Address(0xff02L << 48, 1);
    /** {@code ff02::2}, the link-local all-routers multicast group. */
    public static final Ipv6Address ALL_ROUTERS = new Ipv6Address(0xff02L << 48, 2);

    /**
     * Parses the text forms of RFC 4291 §2.2: eight groups of up to four hex digits, one {@code ::} for a run of
     * zero groups, and an optional dotted IPv4 tail ({@code ::ffff:192.0.2.1}). A zone ({@code %eth0}) is not
     * part of an address: give it to {@link InetEndpoint} instead.
     *
     * @param text the address, e.g. {@code 2001:db8::1}
     * @return the address
     * @throws IllegalArgumentException if {@code text} is not an IPv6 literal; the message says why
     */
    public static Ipv6Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IPv6 address is null");
        }
        int n = text.length();
        if (text.indexOf('%') >= 0) {
            throw bad(text, "a zone ('%') is not part of an address; give the interface to InetEndpoint");
        }
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = 0;
        if (n >= 2 && text.charAt(0) == ':' && text.charAt(1) == ':') {
            compressAt = 0;
            i = 2;
            if (n == 2) {
                return ANY;
            }
        } else if (n > 0 && text.charAt(0) == ':') {
            throw bad(text, "a single leading ':'");
        }
        while (i < n) {
            if (count == 8) {
                throw bad(text, "more than eight groups");
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
                if (i - start > 4) {
                    throw bad(text, "a group has more than four hex digits");
                }
            }
            if (i < n && text.charAt(i) == '.') {
                // Dotted IPv4 tail: takes the last two groups (RFC 4291 §2.2, form 3).
                if (count > 6) {
                    throw bad(text, "no room for an IPv4 tail");
                }
                int v4;
                try {
                    v4 = Ipv4Address.parseBits(text, start, n);
                } catch (IllegalArgumentException e) {
                    throw bad(text, "bad IPv4 tail (" + e.getMessage() + ")");
                }
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                i = n;
                break;
            }
            if (i == start) {
                throw bad(text, i < n ? "unexpected character '" + text.charAt(i) + "'" : "ends with ':'");
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                throw bad(text, "unexpected character '" + text.charAt(i) + "'");
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (compressAt >= 0) {
                    throw bad(text, "more than one '::'");
                }
                compressAt = count;
                i++;
            } else if (i == n) {
                throw bad(text, "ends with a single ':'");
            }
        }
        if (compressAt >= 0) {
            if (count == 8) {
                throw bad(text, "'::' stands for no group in an address that already has eight");
            }
            int shift = 8 - count;
            System.arraycopy(groups, compressAt, groups, compressAt + shift, count - compressAt);
            java.util.Arrays.fill(groups, compressAt, compressAt + shift, 0);
        } else if (count != 8) {
            throw bad(text, "expected eight groups, found " + count);
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | groups[g];
            low = (low << 16) | groups[g + 4];
        }
        return new Ipv6Address(high, low);
    }

    /**
     * Builds the exception for a malformed literal, quoting the input and saying what is wrong with it.
     *
     * @param text the input as given
     * @param why what is wrong, e.g. {@code "more than one '::'"}
     * @return the exception, for the caller to throw
     */
    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("not an IPv6 address: \"" + text + "\": " + why);
    }

    /**
     * @param bytes sixteen bytes in network order; not retained
     * @return the address
     * @throws IllegalArgumentException if {@code bytes} does not have length 16
     */
    public static Ipv6Address ofBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + bytes.length);
        }
        long high = 0;
        long low = 0;
        for (int b = 0; b < 8; b++) {
            high = (high << 8) | (bytes[b] & 0xff);
            low = (low << 8) | (bytes[b + 8] & 0xff);
        }
        return new Ipv6Address(high, low);
    }

    /**
     * Maps an IPv4 address into the IPv6 space, as an IPv6 socket sees an IPv4 peer (unless
     * {@code IPV6_V6ONLY}).
     *
     * @param v4 an IPv4 address
     * @return the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2)
     */
    public static Ipv6Address mapped(Ipv4Address v4) {
        return new Ipv6Address(0, 0xffff_0000_0000L | (v4.bits() & 0xffffffffL));
    }

    /**
     * Returns one of the eight 16-bit groups of the text form, group 0 first ({@code 2001} in {@code 2001:db8::1}).
     * An index outside 0..7 is not checked and gives an unspecified group.
     *
     * @param groupIndex 0..7
     * @return the 16-bit group at that index, 0..0xffff
     */
    public int group(int groupIndex) {
        long half = groupIndex < 4 ? high : low;
        return (int) (half >>> (48 - 16 * (groupIndex & 3))) & 0xffff;
    }

    @Override
    public IpFamily family() {
        return IpFamily.IPV6;
    }

    @Override
    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        for (int b = 0; b < 8; b++) {
            out[b] = (byte) (high >>> (56 - 8 * b));
            out[b + 8] = (byte) (low >>> (56 - 8 * b));
        }
        return out;
    }

    @Override
    public boolean isUnspecified() {
        return high == 0 && low == 0;
    }

    @Override
    public boolean isLoopback() {
        return high == 0 && low == 1;
    }

    @Override
    public boolean isMulticast() {
        return (high >>> 56) == 0xff;
    }

    @Override
    public boolean isLinkLocal() {
        return (high >>> 54) == (0xfe80L >>> 6);
    }

    /** @return {@code true} for an IPv4-mapped address {@code ::ffff:0:0/96} */
    public boolean isIpv4Mapped() {
        return high == 0 && (low >>> 32) == 0xffff;
    }

    /**
     * Derives the solicited-node multicast group from the low 24 bits of this address. Neighbor discovery
     * (RFC 4861) sends its solicitations there, and a node joins it for each of its unicast addresses.
     *
     * @return the solicited-node multicast group of this address, {@code ff02::1:ffXX:XXXX} (RFC 4291 §2.7.1)
     */
    public Ipv6Address solicitedNode() {
        return new Ipv6Address(0xff02L << 48, 0x1_ff00_0000L | (low & 0xff_ffffL));
    }

    /** @return the canonical RFC 5952 text form */
    @Override
    public String toString() {
        if (isIpv4Mapped()) {
            return "::ffff:" + new Ipv4Address((int) low);
        }
        // Find the longest run of two or more zero groups; the first one wins a tie (RFC 5952 §4.2.3).
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (group(g) != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && group(g) == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(g)));
        }
        return sb.toString();
    }
}
