package netstack.api.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressAndEndpointTest {

    @Test
    void macRoundTrip() {
        MacAddress m = MacAddress.parse("02:00:5E:10:00:01");
        assertEquals("02:00:5e:10:00:01", m.toString());
        assertEquals(m, MacAddress.parse("02-00-5e-10-00-01"));
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0x10, 0, 1}, m.toBytes());
        assertEquals(m, MacAddress.ofBytes(m.toBytes()));
        assertTrue(m.isLocallyAdministered());
        assertFalse(m.isMulticast());
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:5e:10:00", "02:00:5e:10:00:0g", "02:00-5e:10:00:01", "0200.5e10.0001", ""})
    void macRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
    }

    @Test
    void endpoints() {
        InetEndpoint v4 = InetEndpoint.parse("192.0.2.1:80");
        assertEquals(Ipv4Address.parse("192.0.2.1"), v4.address());
        assertEquals(80, v4.port());
        assertNull(v4.scope());
        assertEquals("192.0.2.1:80", v4.toString());

        InetEndpoint v6 = InetEndpoint.parse("[2001:db8::1]:443");
        assertEquals("[2001:db8::1]:443", v6.toString());

        InetEndpoint scoped = InetEndpoint.parse("[fe80::1%tap0]:7");
        assertEquals("tap0", scoped.scope());
        assertEquals("[fe80::1%tap0]:7", scoped.toString());
        assertEquals(scoped, InetEndpoint.parse(scoped.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "192.0.2.1:65536", "2001:db8::1:80", "[2001:db8::1]", "[::1]:x",
        "192.0.2.1:-1", "host.example:80", "[192.0.2.1%eth0]:1"})
    void endpointRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> InetEndpoint.parse(text));
    }
}
