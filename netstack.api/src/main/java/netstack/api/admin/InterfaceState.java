package netstack.api.admin;

/** The operational state of an interface. */
public enum InterfaceState {
    /** A driver is attached and the link has carrier. */
    UP,
    /** A driver is attached but the link has no carrier. */
    NO_CARRIER,
    /** No driver is attached (configured but the device is absent, or during a hot swap). */
    DETACHED
}
