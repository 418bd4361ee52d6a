package netstack.api.net;

/**
 * An IEEE 802 48-bit MAC address, held in the low 48 bits of a {@code long} (first byte on the wire highest).
 *
 * @param bits the address in bits 47..0
 */
public record MacAddress(long bits) {

    /** Length of a MAC address in bytes. */
    public static final int BYTES = 6;
    /** {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    /** {@code 00:00:00:00:00:00}. */
    public static final MacAddress ZERO = new MacAddress(0);

    /**
     * Creates an address from its 48 bits, e.g. {@code new MacAddress(0x02005e100001L)} for
     * {@code 02:00:5e:10:00:01}.
     *
     * @throws IllegalArgumentException if bits above 47 are set
     */
    public MacAddress {
        if ((bits >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: 0x" + Long.toHexString(bits));
        }
    }

    /**
     * Parses six two-digit hex bytes separated by {@code :} or {@code -}, e.g. {@code 02:00:5e:10:00:01}.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException if the text is malformed; the message says why
     */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address: \"" + text
                    + "\": expected six hex bytes like 02:00:5e:10:00:01");
        }
        char sep = text.charAt(2);
        if (sep != ':' && sep != '-') {
            throw new IllegalArgumentException("not a MAC address: \"" + text + "\": bytes are separated by ':' or '-'");
        }
        long bits = 0;
        for (int b = 0; b < 6; b++) {
            int hi = Character.digit(text.charAt(3 * b), 16);
            int lo = Character.digit(text.charAt(3 * b + 1), 16);
            if (hi < 0 || lo < 0 || (b < 5 && text.charAt(3 * b + 2) != sep)) {
                throw new IllegalArgumentException("not a MAC address: \"" + text + "\": byte " + (b + 1)
                        + " is not two hex digits followed by '" + sep + "'");
            }
            bits = (bits << 8) | (hi << 4) | lo;
        }
        return new MacAddress(bits);
    }

    /**
     * @param bytes six bytes; not retained
     * @return the address
     * @throws IllegalArgumentException if {@code bytes} does not have length 6
     */
    public static MacAddress ofBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        return new MacAddress(bits);
    }

    /** @return a new 6-byte array in wire order */
    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        for (int b = 0; b < BYTES; b++) {
            out[b] = (byte) (bits >>> (40 - 8 * b));
        }
        return out;
    }

    /** @return {@code true} if the group bit (I/G, least significant bit of the first byte) is set */
    public boolean isMulticast() {
        return ((bits >>> 40) & 1) != 0;
    }

    /** @return {@code true} for {@code ff:ff:ff:ff:ff:ff} */
    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** @return {@code true} if the U/L bit is set (a locally administered address) */
    public boolean isLocallyAdministered() {
        return ((bits >>> 40) & 2) != 0;
    }

    /** @return lower-case colon-separated form, e.g. {@code 02:00:5e:10:00:01} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int b = 0; b < BYTES; b++) {
            if (b > 0) {
                sb.append(':');
            }
            int v = (int) (bits >>> (40 - 8 * b)) & 0xff;
            sb.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xf, 16));
        }
        return sb.toString();
    }
}
