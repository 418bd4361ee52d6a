package netstack.ip.internal.capture;

/** Which way a captured frame went through an interface; written as the direction bits of {@code epb_flags}. */
public enum Direction {
    /** Received from the link. */
    INBOUND(PcapngWriter.EPB_FLAGS_INBOUND),
    /** Handed to the link for transmission. */
    OUTBOUND(PcapngWriter.EPB_FLAGS_OUTBOUND);

    private final int epbFlags;

    Direction(int epbFlags) {
        this.epbFlags = epbFlags;
    }

    /** @return the {@code epb_flags} value with this direction and nothing else set */
    public int epbFlags() {
        return epbFlags;
    }
}
