package netstack.api.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketApiTest {

    @Test
    void everyErrnoMapsToAnExceptionCarryingIt() {
        for (Errno errno : Errno.values()) {
            NetException e = NetException.of(errno, "x");
            assertEquals(errno, e.errno(), errno.name());
            assertInstanceOf(IOException.class, e);
        }
        assertInstanceOf(ConnectionRefusedException.class, NetException.of(Errno.ECONNREFUSED, "x"));
        assertInstanceOf(NetworkUnreachableException.class, NetException.of(Errno.ENETDOWN, "x"));
        assertEquals(Errno.ENETDOWN, NetException.of(Errno.ENETDOWN, "x").errno());
    }

    @Test
    void optionNamesAreUniqueAndTyped() {
        Set<String> names = new HashSet<>();
        for (SocketOption<?> o : SocketOptions.all()) {
            assertTrue(names.add(o.name()), "duplicate " + o.name());
        }
        assertEquals(Boolean.TRUE, SocketOptions.TCP_NODELAY.cast(true));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SocketOptions.SO_RCVBUF.cast("big"));
        assertTrue(e.getMessage().contains("SO_RCVBUF takes a Integer"), e.getMessage());
    }

    @Test
    void readinessNames() {
        assertEquals("NONE", Readiness.toString(0));
        assertEquals("READABLE|HANGUP", Readiness.toString(Readiness.READABLE | Readiness.HANGUP));
    }
}
