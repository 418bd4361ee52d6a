package netstack.api.net;

/** The two IP versions. */
public enum IpFamily {
    /** IPv4 (RFC 791): 32-bit addresses. */
    IPV4(32),
    /** IPv6 (RFC 8200): 128-bit addresses. */
    IPV6(128);

    /** Address length in bits. */
    private final int bitLength;

    /**
     * Binds a constant to its address length.
     *
     * @param bitLength the address length in bits
     */
    IpFamily(int bitLength) {
        this.bitLength = bitLength;
    }

    /** @return the address length in bits: 32 or 128 */
    public int bitLength() {
        return bitLength;
    }

    /** @return the address length in bytes: 4 or 16 */
    public int byteLength() {
        return bitLength / 8;
    }
}
