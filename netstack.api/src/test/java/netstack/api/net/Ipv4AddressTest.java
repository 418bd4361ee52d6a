package netstack.api.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4AddressTest {

    @Test
    void parsesDottedQuad() {
        Ipv4Address a = Ipv4Address.parse("192.0.2.1");
        assertEquals(0xc0000201, a.bits());
        assertEquals("192.0.2.1", a.toString());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, a.toBytes());
        assertEquals(a, Ipv4Address.ofBytes(a.toBytes()));
        assertEquals(a, IpAddress.parse("192.0.2.1"));
    }

    @Test
    void extremes() {
        assertEquals("0.0.0.0", Ipv4Address.parse("0.0.0.0").toString());
        assertEquals("255.255.255.255", Ipv4Address.parse("255.255.255.255").toString());
        assertTrue(Ipv4Address.BROADCAST.isLimitedBroadcast());
        assertTrue(Ipv4Address.ANY.isUnspecified());
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.300, greater than 255",
        "192.0.2, found 3",
        "192.0.2.1.5, after the fourth part",
        "192.0.02.1, leading zero",
        "192.0.2.x, unexpected character 'x'",
        "' 192.0.2.1', unexpected character ' '",
        "192..2.1, unexpected character '.'",
        "'', missing a part",
        "example.com, unexpected character 'e'"
    })
    void rejectsWithReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void classifies() {
        assertTrue(Ipv4Address.parse("127.0.0.53").isLoopback());
        assertTrue(Ipv4Address.parse("224.0.0.1").isMulticast());
        assertTrue(Ipv4Address.parse("239.255.255.255").isMulticast());
        assertFalse(Ipv4Address.parse("240.0.0.1").isMulticast());
        assertTrue(Ipv4Address.parse("169.254.1.1").isLinkLocal());
        assertFalse(Ipv4Address.parse("192.0.2.1").isLinkLocal());
    }

    @Test
    void ordersUnsigned() {
        assertTrue(Ipv4Address.parse("192.0.2.1").compareTo(Ipv4Address.parse("10.0.0.1")) > 0);
        assertTrue(Ipv4Address.parse("192.0.2.1").compareTo(Ipv6Address.parse("::1")) < 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 16, 0})
    void ofBytesChecksLength(int length) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.ofBytes(new byte[length]));
    }
}
