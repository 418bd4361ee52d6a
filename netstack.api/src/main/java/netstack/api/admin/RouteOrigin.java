package netstack.api.admin;

/** Where a route came from. */
public enum RouteOrigin {
    /** The on-link prefix of an interface address. */
    CONNECTED,
    /** Configured. */
    STATIC,
    /** Learned from an IPv6 router advertisement. */
    ROUTER_ADVERTISEMENT
}
