package netstack.tap.driver.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one TAP device: a factory configuration of PID {@value TapDriverComponent#FACTORY_PID}, named
 * after the interface, e.g. {@code netstack.tap~tap0}.
 */
@ObjectClassDefinition(id = TapDriverComponent.FACTORY_PID, name = "netstack TAP link driver",
        description = "An Ethernet interface of the netstack stack served by a Linux TAP device (/dev/net/tun). "
                + "Create one factory configuration per interface, named after it: netstack.tap~tap0.")
@interface TapConfig {

    /** @return the stack's interface name; empty: the configuration's name (after the '~' of its PID) */
    @AttributeDefinition(name = "Interface", required = false,
            description = "Name of the netstack interface (netstack.interface service property). Empty: the "
                    + "factory configuration's name, the part of its PID after '~'.")
    String interface$() default "";

    /** @return the host TAP device; empty: the interface name */
    @AttributeDefinition(name = "TAP device", required = false,
            description = "Name of the host TAP device to create or attach to (at most 15 characters; a pattern "
                    + "such as tap%d lets the kernel choose). Empty: the interface name.")
    String device() default "";

    /** @return the IP MTU of the link */
    @AttributeDefinition(name = "MTU", min = "68", max = "65521",
            description = "Largest IP packet on the link, excluding the 14-byte Ethernet header.")
    int mtu() default 1500;

    /** @return the stack's MAC address on this link; empty: a random locally administered one */
    @AttributeDefinition(name = "MAC address", required = false,
            description = "The stack's own unicast MAC address on this link, e.g. 02:00:5e:10:00:01. Empty: a "
                    + "random locally administered address, new at each activation.")
    String mac() default "";
}
