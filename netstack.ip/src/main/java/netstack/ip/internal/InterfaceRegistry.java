package netstack.ip.internal;

/**
 * The stack's configuration entry point for interface configurations. Registered as a service by
 * {@link StackComponent} for {@link InterfaceConfigComponent}; the type is private to this bundle.
 */
interface InterfaceRegistry {

    /**
     * Applies (or re-applies) one interface configuration.
     *
     * @param configurationPid the PID of the configuration, to find it again on removal
     * @param settings the validated settings
     * @throws IllegalArgumentException if another configuration already configures that interface name
     */
    void configure(String configurationPid, InterfaceSettings settings);

    /**
     * Removes what {@link #configure} applied for this PID; the interface itself stays while a driver is bound.
     *
     * @param configurationPid the PID given to {@link #configure}
     */
    void unconfigure(String configurationPid);
}
