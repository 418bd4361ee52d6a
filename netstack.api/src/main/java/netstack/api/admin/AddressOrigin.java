package netstack.api.admin;

/** Where an interface address came from. */
public enum AddressOrigin {
    /** Configured (Config Admin or API). */
    STATIC,
    /** Generated link-local IPv6 address (RFC 4862 §5.3). */
    LINK_LOCAL,
    /** Stateless autoconfiguration from a router advertisement (RFC 4862). */
    SLAAC,
    /** Leased from a DHCP server. */
    DHCP
}
