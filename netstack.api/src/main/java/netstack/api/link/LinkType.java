package netstack.api.link;

/** How frames on a link are framed. */
public enum LinkType {
    /** Ethernet II frames (IEEE 802.3), with a 14-byte header (18 with an 802.1Q tag). TAP, AF_PACKET, the wire. */
    ETHERNET,
    /** Bare IP packets with no link header; the IP version nibble tells IPv4 from IPv6. Loopback, TUN. */
    RAW_IP
}
