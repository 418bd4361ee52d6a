package netstack.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Accessors for {@code struct ifreq} ({@code netdevice(7)}), the argument of interface {@code ioctl}s such as
 * {@code TUNSETIFF}, {@link #SIOCGIFMTU} and {@link #SIOCGIFHWADDR}.
 *
 * <pre>
 * struct ifreq {                         offset
 *     char ifr_name[IFNAMSIZ];           0   (NUL-terminated, at most 15 characters)
 *     union {                            16
 *         short           ifr_flags;     16
 *         int             ifr_mtu;       16
 *         int             ifr_ifindex;   16
 *         struct sockaddr ifr_hwaddr;    16  (sa_family at 16, sa_data at 18: the MAC address)
 *         ...
 *     };
 * };                                     size 40
 * </pre>
 */
public final class IfReq {

    /** Size of {@code struct ifreq} on 64-bit Linux. */
    public static final long BYTES = 40;
    /** Room for an interface name including its NUL. */
    public static final int IFNAMSIZ = 16;
    private static final long UNION = 16;
    private static final long HWADDR_DATA = 18;

    /** Get the interface's MTU into {@code ifr_mtu}. */
    public static final long SIOCGIFMTU = 0x8921;
    /** Get the interface's hardware address into {@code ifr_hwaddr}. */
    public static final long SIOCGIFHWADDR = 0x8927;
    /** Get the interface's flags into {@code ifr_flags}. */
    public static final long SIOCGIFFLAGS = 0x8913;

    /** {@code ifr_flags}: the interface is administratively up. */
    public static final int IFF_UP = 0x1;

    private IfReq() {
    }

    /**
     * Checks that {@code name} can be a Linux interface name: 1 to 15 bytes of printable ASCII, no {@code '/'},
     * {@code ':'} or white space, not {@code "."} or {@code ".."} (the kernel's {@code dev_valid_name}).
     *
     * @param name the name
     * @return {@code name}
     * @throws IllegalArgumentException with the reason if it cannot
     */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name \"" + name + "\" must have 1 to " + (IFNAMSIZ - 1)
                    + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
                throw new IllegalArgumentException("interface name \"" + name
                        + "\" may hold only printable ASCII without '/', ':' or spaces");
            }
        }
        return name;
    }

    /**
     * @param arena where to allocate
     * @param name the interface name; checked with {@link #checkName}
     * @return a zeroed {@code struct ifreq} with {@code ifr_name} set
     */
    public static MemorySegment allocate(Arena arena, String name) {
        MemorySegment ifr = arena.allocate(BYTES, 8);
        byte[] bytes = checkName(name).getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, ifr, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return ifr;
    }

    /**
     * @param ifr the structure
     * @return {@code ifr_name}, as the kernel may have filled it in (e.g. from a {@code tap%d} pattern)
     */
    public static String name(MemorySegment ifr) {
        return ifr.getString(0, StandardCharsets.US_ASCII);
    }

    /**
     * @param ifr the structure
     * @param flags the value for {@code ifr_flags}
     */
    public static void flags(MemorySegment ifr, int flags) {
        ifr.set(ValueLayout.JAVA_SHORT, UNION, (short) flags);
    }

    /**
     * @param ifr the structure
     * @return {@code ifr_flags}, unsigned
     */
    public static int flags(MemorySegment ifr) {
        return Short.toUnsignedInt(ifr.get(ValueLayout.JAVA_SHORT, UNION));
    }

    /**
     * @param ifr the structure
     * @return the {@code int} member of the union: {@code ifr_mtu} or {@code ifr_ifindex}
     */
    public static int intValue(MemorySegment ifr) {
        return ifr.get(ValueLayout.JAVA_INT, UNION);
    }

    /**
     * @param ifr the structure
     * @return {@code ifr_hwaddr.sa_family}, e.g. {@code ARPHRD_ETHER} (1)
     */
    public static int hardwareFamily(MemorySegment ifr) {
        return Short.toUnsignedInt(ifr.get(ValueLayout.JAVA_SHORT, UNION));
    }

    /**
     * @param ifr the structure
     * @return the first six bytes of {@code ifr_hwaddr.sa_data}: an Ethernet MAC address
     */
    public static byte[] hardwareAddress(MemorySegment ifr) {
        byte[] mac = new byte[6];
        MemorySegment.copy(ifr, ValueLayout.JAVA_BYTE, HWADDR_DATA, mac, 0, 6);
        return mac;
    }
}
