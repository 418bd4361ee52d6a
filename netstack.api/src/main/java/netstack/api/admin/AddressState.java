package netstack.api.admin;

/** The state of an interface address (RFC 4862 §2 for IPv6; IPv4 addresses are PREFERRED at once). */
public enum AddressState {
    /** Duplicate address detection is running; the address is not used yet. */
    TENTATIVE,
    /** Usable. */
    PREFERRED,
    /** Usable for existing connections, not chosen for new ones. */
    DEPRECATED,
    /** Duplicate address detection found another owner; the address is not used. */
    DUPLICATE
}
