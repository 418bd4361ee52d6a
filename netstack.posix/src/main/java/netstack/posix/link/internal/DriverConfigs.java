package netstack.posix.link.internal;

import java.util.random.RandomGenerator;
import netstack.api.net.MacAddress;
import netstack.posix.internal.IfReq;

/** Reading the parts of a driver configuration that need more than a type conversion. Stateless. */
public final class DriverConfigs {

    private DriverConfigs() {
    }

    /**
     * The interface name: the explicit property if set, else the factory configuration's name.
     *
     * @param explicit the {@code interface} property, possibly empty
     * @param pid the configuration's {@code service.pid}, e.g. {@code netstack.tap~tap0}
     * @param factoryPid the factory PID, for the message
     * @return a valid interface name
     * @throws IllegalArgumentException saying how to name the configuration
     */
    public static String interfaceName(String explicit, Object pid, String factoryPid) {
        if (explicit != null && !explicit.isBlank()) {
            return IfReq.checkName(explicit.strip());
        }
        String p = pid instanceof String s ? s : "";
        int tilde = p.indexOf('~');
        if (tilde < 0 || tilde == p.length() - 1) {
            throw new IllegalArgumentException("configuration \"" + p + "\" names no interface: create it as "
                    + factoryPid + "~<interface> or set the 'interface' property");
        }
        return IfReq.checkName(p.substring(tilde + 1));
    }

    /**
     * @param text a MAC address, or empty for a random one
     * @param random where random addresses come from
     * @return a unicast MAC address
     * @throws IllegalArgumentException if {@code text} is malformed or a group address
     */
    public static MacAddress mac(String text, RandomGenerator random) {
        if (text == null || text.isBlank()) {
            return randomLocalMac(random);
        }
        MacAddress mac = MacAddress.parse(text.strip());
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("mac " + mac + " is a group address; a link needs a unicast one");
        }
        return mac;
    }

    /**
     * @param random the source of the 46 random bits
     * @return a unicast, locally administered address (IEEE 802: I/G bit clear, U/L bit set)
     */
    public static MacAddress randomLocalMac(RandomGenerator random) {
        long bits = random.nextLong() & 0xffff_ffff_ffffL;
        bits = (bits & ~(0x01L << 40)) | (0x02L << 40);
        return new MacAddress(bits);
    }

    /**
     * @param mtu the configured MTU
     * @return it, if an Ethernet link may have it
     * @throws IllegalArgumentException if not
     */
    public static int mtu(int mtu) {
        // RFC 791: every IPv4 link carries 68 bytes; 65535 bytes minus the Ethernet header and a VLAN tag is the
        // most a tap frame can hold.
        if (mtu < 68 || mtu > 65521) {
            throw new IllegalArgumentException("mtu " + mtu + " is outside 68..65521");
        }
        return mtu;
    }
}
