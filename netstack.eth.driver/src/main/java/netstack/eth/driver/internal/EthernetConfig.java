package netstack.eth.driver.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one Ethernet interface over a host interface: a factory configuration of PID
 * {@value EthernetDriverComponent#FACTORY_PID}, named after the interface, e.g. {@code netstack.ethernet~eth0}.
 */
@ObjectClassDefinition(id = EthernetDriverComponent.FACTORY_PID, name = "netstack Ethernet link driver",
        description = "An Ethernet interface of the netstack stack served by an AF_PACKET socket on a host interface"
                + " (e.g. one end of a veth pair). Give the host interface no addresses of its own. Create one factory"
                + " configuration per interface, named after it: netstack.ethernet~eth0.")
@interface EthernetConfig {

    /** @return the host interface */
    @AttributeDefinition(name = "Host interface",
            description = "Name of the host network interface to send and receive on, e.g. veth1. Required.")
    String hostInterface();

    /** @return the stack's interface name; empty: the configuration's name (after the '~' of its PID) */
    @AttributeDefinition(name = "Interface", required = false,
            description = "Name of the netstack interface (netstack.interface service property). Empty: the "
                    + "factory configuration's name, the part of its PID after '~'.")
    String interface$() default "";

    /** @return the IP MTU of the link; 0: the host interface's */
    @AttributeDefinition(name = "MTU", required = false, min = "0", max = "65521",
            description = "Largest IP packet on the link, excluding the 14-byte Ethernet header. 0: the host "
                    + "interface's MTU.")
    int mtu() default 0;

    /** @return the stack's MAC address on this link; empty: the host interface's */
    @AttributeDefinition(name = "MAC address", required = false,
            description = "The stack's own unicast MAC address on this link. Empty: the host interface's address. "
                    + "Another address needs promiscuous mode, which is then turned on.")
    String mac() default "";

    /** @return whether to receive frames for every destination */
    @AttributeDefinition(name = "Promiscuous", required = false,
            description = "Receive every frame on the host interface, whatever its destination address.")
    boolean promiscuous() default false;
}
