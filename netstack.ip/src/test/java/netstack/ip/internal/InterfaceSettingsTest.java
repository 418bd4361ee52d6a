package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import netstack.api.admin.RouteInfo;
import netstack.api.admin.RouteOrigin;
import netstack.api.net.IpAddress;
import netstack.api.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link InterfaceSettings#parse}: what a configuration may say, and what it is told when it is wrong. */
class InterfaceSettingsTest {

    private static final String[] NONE = new String[0];

    private static RouteInfo route(String destination, String gateway, int metric) {
        return new RouteInfo(IpPrefix.parse(destination), gateway == null ? null : IpAddress.parse(gateway), "tap0",
                metric, RouteOrigin.STATIC);
    }

    @Test
    void parsesAddressesRoutesAndMtu() {
        InterfaceSettings s = InterfaceSettings.parse("tap0",
                new String[] {"192.0.2.2/24", " 2001:db8::2/64 ", "203.0.113.9"},
                new String[] {
                    "0.0.0.0/0 via 192.0.2.1",
                    "default via 2001:db8::1",
                    "198.51.100.0/24 via 192.0.2.1 metric 10",
                    "  203.0.113.0/24   dev tap0  ",
                    "default",
                    "198.51.100.77/25 metric 3 via 192.0.2.254 dev tap0"},
                1500);
        assertEquals("tap0", s.name());
        assertEquals(List.of(IpPrefix.parse("192.0.2.2/24"), IpPrefix.parse("2001:db8::2/64"),
                IpPrefix.parse("203.0.113.9/32")), s.addresses(), "host bits kept; no length means a host prefix");
        assertEquals(List.of(
                route("0.0.0.0/0", "192.0.2.1", 0),
                route("::/0", "2001:db8::1", 0),
                route("198.51.100.0/24", "192.0.2.1", 10),
                route("203.0.113.0/24", null, 0),
                route("0.0.0.0/0", null, 0),
                route("198.51.100.0/25", "192.0.2.254", 3)), s.routes(),
                "'default' follows the gateway's family; destinations are normalised to their network");
        assertEquals(1500, s.mtuBytes());
    }

    @Test
    void emptyAndAbsentListsAndMtuBounds() {
        InterfaceSettings s = InterfaceSettings.parse("lo", null, null, 0);
        assertEquals(List.of(), s.addresses());
        assertEquals(List.of(), s.routes());
        assertEquals(0, s.mtuBytes(), "0 means the driver's");
        assertEquals(68, InterfaceSettings.parse("lo", NONE, NONE, 68).mtuBytes());
        assertEquals(65536, InterfaceSettings.parse("lo", NONE, NONE, 65536).mtuBytes());
        assertEquals(List.of(IpPrefix.parse("127.0.0.1/8"), IpPrefix.parse("::1/128")),
                InterfaceSettings.parse("lo", new String[] {"127.0.0.1/8", "::1/128"}, NONE, 0).addresses());
    }

    @Test
    void settingsAreImmutable() {
        String[] addresses = {"192.0.2.2/24"};
        InterfaceSettings s = InterfaceSettings.parse("tap0", addresses, NONE, 0);
        addresses[0] = "198.51.100.1/24";
        assertEquals(List.of(IpPrefix.parse("192.0.2.2/24")), s.addresses());
        assertThrows(UnsupportedOperationException.class, () -> s.addresses().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.routes().clear());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "tap0", "lo", "a", "br-lan.100", "veth_x", "fifteen-chars-x"})
    void acceptsInterfaceNames(String name) {
        assertEquals(name, InterfaceSettings.parse(name, NONE, NONE, 0).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sixteen-chars-xx", "tap 0", "eth0:1", "a/b", "ta\tp", "tap%1", "tä"})
    void rejectsInterfaceNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse(name, NONE, NONE, 0));
        assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
    }

    @Test
    void rejectsNullName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse(null, NONE, NONE, 0));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 67, 65537, Integer.MAX_VALUE})
    void rejectsMtu(int mtu) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse("tap0", NONE, NONE, mtu));
        assertTrue(e.getMessage().contains("mtu " + mtu) && e.getMessage().contains("tap0"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.256/24    | 192.0.2.256",
        "192.0.2.2/33      | 192.0.2.2/33",
        "192.0.2.2/        | 192.0.2.2/",
        "2001:db8::g/64    | 2001:db8::g",
        "2001:db8::2/129   | 2001:db8::2/129",
        "example.net/24    | example.net",
        "224.0.0.1/4       | 224.0.0.1",
        "ff02::1/16        | ff02::1",
        "0.0.0.0/0         | 0.0.0.0",
        "::/64             | ::/64",
    })
    void rejectsAddressNamingIt(String address, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse("tap0", new String[] {"192.0.2.2/24", address}, NONE, 0));
        assertTrue(e.getMessage().contains(named), () -> "'" + e.getMessage() + "' should name " + named);
        assertTrue(e.getMessage().contains("tap0"), e.getMessage());
    }

    @Test
    void rejectsDuplicateAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterfaceSettings.parse(
                "tap0", new String[] {"2001:db8::2/64", "192.0.2.2/24", "192.0.2.2/25"}, NONE, 0));
        assertTrue(e.getMessage().contains("192.0.2.2") && e.getMessage().contains("twice"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "198.51.100.0/24 via 192.0.2.999         | 192.0.2.999",
        "198.51.100.0/24 via                     | 'via' needs a value",
        "198.51.100.0/24 via 192.0.2.1 metric    | 'metric' needs a value",
        "198.51.100.0/24 via 224.0.0.9           | gateway 224.0.0.9",
        "198.51.100.0/24 via 0.0.0.0             | gateway 0.0.0.0",
        "198.51.100.0/24 via 2001:db8::1         | gateway 2001:db8::1",
        "2001:db8:1::/48 via 192.0.2.1           | gateway 192.0.2.1",
        "::/0 via 192.0.2.1                      | gateway 192.0.2.1",
        "198.51.100.0/24 dev tap1                | device tap1",
        "198.51.100.0/24 metric ten              | metric \"ten\"",
        "198.51.100.0/24 metric -1               | metric must not be negative",
        "198.51.100.0/24 gateway 192.0.2.1       | unknown word 'gateway'",
        "198.51.100.0/40 via 192.0.2.1           | 198.51.100.0/40",
        "198.51.100.300/24                       | 198.51.100.300",
        "nonsense                                | nonsense",
    })
    void rejectsRouteNamingTheProblem(String route, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse("tap0", NONE, new String[] {"0.0.0.0/0 via 192.0.2.1", route}, 0));
        assertTrue(e.getMessage().contains(named), () -> "'" + e.getMessage() + "' should say " + named);
        assertTrue(e.getMessage().contains("\"" + route + "\""), () -> e.getMessage() + " should quote the route");
        assertTrue(e.getMessage().contains("tap0"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyRoute(String route) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceSettings.parse("tap0", NONE, new String[] {route}, 0));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void parseRouteDirectly() {
        RouteInfo r = InterfaceSettings.parseRoute("eth0", "default via 2001:db8::1 metric 7 dev eth0");
        assertEquals(IpPrefix.parse("::/0"), r.destination());
        assertEquals(IpAddress.parse("2001:db8::1"), r.gateway());
        assertEquals("eth0", r.interfaceName());
        assertEquals(7, r.metric());
        assertEquals(RouteOrigin.STATIC, r.origin());
        assertNull(InterfaceSettings.parseRoute("eth0", "192.0.2.0/24").gateway(), "on-link");
    }
}
