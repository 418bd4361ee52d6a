package netstack.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6AddressTest {

    @ParameterizedTest
    @CsvSource({
        "2001:db8::1, 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "fe80::200:5eff:fe00:5301, fe80::200:5eff:fe00:5301",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "::ffff:c000:0201, ::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8"
    })
    void parsesAndFormatsCanonically(String text, String canonical) {
        assertEquals(canonical, Ipv6Address.parse(text).toString());
        assertEquals(Ipv6Address.parse(text), Ipv6Address.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8::1::2, more than one '::'",
        "2001:db8:1, expected eight groups",
        "1:2:3:4:5:6:7:8:9, more than eight groups",
        "12345::, more than four hex digits",
        ":1::2, single leading ':'",
        "1:2:3:4:5:6:7:, ends with",
        "fe80::1%eth0, zone",
        "2001:db8::g, unexpected character 'g'",
        "1:2:3:4:5:6:7::8, already has eight",
        "::1.2.3, bad IPv4 tail"
    })
    void rejectsWithReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** Cross-checks the text and byte forms against the JDK on random addresses with runs of zeros. */
    @Test
    void agreesWithJdkOnRandomAddresses() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[16];
            for (int g = 0; g < 8; g++) {
                if (random.nextInt(3) != 0) {
                    int v = random.nextInt(0x10000);
                    bytes[2 * g] = (byte) (v >>> 8);
                    bytes[2 * g + 1] = (byte) v;
                }
            }
            Ipv6Address ours = Ipv6Address.ofBytes(bytes);
            InetAddress jdk = InetAddress.getByAddress(bytes);
            if (jdk instanceof Inet6Address) {
                // The JDK does not compress; parsing its full form must give the same address.
                assertEquals(ours, Ipv6Address.parse(jdk.getHostAddress()));
            }
            assertEquals(ours, Ipv6Address.parse(ours.toString()));
            assertEquals(ours, IpAddress.ofBytes(ours.toBytes()));
        }
    }

    @Test
    void classifies() {
        assertTrue(Ipv6Address.parse("fe80::1").isLinkLocal());
        assertTrue(Ipv6Address.parse("febf::1").isLinkLocal());
        assertFalse(Ipv6Address.parse("fec0::1").isLinkLocal());
        assertTrue(Ipv6Address.parse("ff02::1").isMulticast());
        assertTrue(Ipv6Address.LOOPBACK.isLoopback());
        assertTrue(Ipv6Address.parse("::ffff:192.0.2.1").isIpv4Mapped());
        assertEquals(Ipv6Address.mapped(Ipv4Address.parse("192.0.2.1")), Ipv6Address.parse("::ffff:192.0.2.1"));
    }

    @Test
    void solicitedNodeGroup() {
        assertEquals(Ipv6Address.parse("ff02::1:ff00:2"), Ipv6Address.parse("2001:db8::2").solicitedNode());
        assertEquals(Ipv6Address.parse("ff02::1:ffab:cdef"),
                Ipv6Address.parse("fe80::1234:56ff:feab:cdef").solicitedNode());
    }
}
