package netstack.api.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPrefixTest {

    @Test
    void parsesInterfaceAddress() {
        IpPrefix p = IpPrefix.parse("192.0.2.2/24");
        assertEquals(Ipv4Address.parse("192.0.2.2"), p.address());
        assertEquals(24, p.length());
        assertFalse(p.isNetwork());
        assertEquals(IpPrefix.parse("192.0.2.0/24"), p.network());
        assertTrue(p.contains(Ipv4Address.parse("192.0.2.255")));
        assertFalse(p.contains(Ipv4Address.parse("192.0.3.0")));
        assertFalse(p.contains(Ipv6Address.parse("::1")));
    }

    @Test
    void ipv6Networks() {
        IpPrefix p = IpPrefix.parse("2001:db8::2/64");
        assertEquals("2001:db8::/64", p.network().toString());
        assertTrue(p.contains(Ipv6Address.parse("2001:db8::ffff:1")));
        assertFalse(p.contains(Ipv6Address.parse("2001:db8:0:1::1")));
        assertEquals("2001:db8::/32", IpPrefix.parse("2001:db8:ab::1/32").network().toString());
        assertEquals("2001:db8::1:0:0/100", IpPrefix.parse("2001:db8::1:2:3/100").network().toString());
        assertTrue(IpPrefix.parse("::/0").contains(Ipv6Address.parse("2001:db8::1")));
        assertTrue(IpPrefix.parse("2001:db8::/32").contains(IpPrefix.parse("2001:db8:1::/48")));
        assertFalse(IpPrefix.parse("2001:db8:1::/48").contains(IpPrefix.parse("2001:db8::/32")));
    }

    @Test
    void hostPrefixWithoutLength() {
        assertEquals(32, IpPrefix.parse("192.0.2.1").length());
        assertEquals(128, IpPrefix.parse("2001:db8::1").length());
        assertEquals(0, IpPrefix.parse("0.0.0.0/0").length());
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(Ipv4Address.parse("203.0.113.9")));
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.0/33, exceeds 32 bits",
        "2001:db8::/129, exceeds 128 bits",
        "192.0.2.0/, is not a number",
        "192.0.2.0/x, is not a number",
        "192.0.2.0/-1, is not a number",
        "192.0.2.300/24, greater than 255"
    })
    void rejectsWithReason(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
