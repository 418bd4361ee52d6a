package netstack.api.link;

/**
 * Work a device can do for the stack. The stack uses an offload only if the driver announces it.
 */
public enum LinkOffload {
    /**
     * The device computes TCP/UDP checksums on transmit: the stack marks the frame
     * {@link PacketBuffer#CHECKSUM_PARTIAL} with where the checksum starts and lives, and stores only the
     * pseudo-header sum.
     */
    TX_CHECKSUM,
    /** The device verifies checksums on receive and marks good frames {@link PacketBuffer#CHECKSUM_VERIFIED}. */
    RX_CHECKSUM,
    /** TCP segmentation offload for IPv4: the device cuts a large TCP segment to {@link PacketBuffer#gsoSize()}. */
    TSO_IPV4,
    /** TCP segmentation offload for IPv6. */
    TSO_IPV6,
    /** The device may deliver coalesced TCP segments larger than the MTU (GRO/LRO). */
    RX_COALESCE,
    /** The device never corrupts or drops frames and has no wire: checksums may be skipped entirely (loopback). */
    LOOPBACK
}
