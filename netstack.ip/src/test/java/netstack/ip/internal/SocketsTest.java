package netstack.ip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import netstack.api.net.IpFamily;
import netstack.api.socket.Errno;
import netstack.api.socket.ProtocolNotAvailableException;
import netstack.api.socket.TcpSocket;
import netstack.api.socket.UdpSocket;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Sockets}: socket creation goes to the transport bound for the protocol, or fails usefully. */
class SocketsTest {

    private final PacketPool pool = new PacketPool(new PacketPool.Options(false, 128, 4, false, null));
    private final Stack stack = new Stack(pool, () -> 0L);
    private final Sockets sockets = new Sockets(stack);

    @AfterEach
    void tearDown() {
        stack.close();
        pool.close();
    }

    @Test
    void withoutATransportTheProtocolIsNotAvailable() {
        ProtocolNotAvailableException udp = assertThrows(ProtocolNotAvailableException.class,
                () -> sockets.openUdp(IpFamily.IPV4));
        assertTrue(udp.getMessage().contains("UDP") && udp.getMessage().contains("17")
                && udp.getMessage().contains("netstack.udp"), udp.getMessage());
        assertEquals(Errno.EPROTONOSUPPORT, udp.errno(), "as Linux socket(2) says");
        ProtocolNotAvailableException tcp = assertThrows(ProtocolNotAvailableException.class,
                () -> sockets.openTcp(IpFamily.IPV6));
        assertTrue(tcp.getMessage().contains("netstack.tcp"), tcp.getMessage());
    }

    @Test
    void theBoundTransportOpensTheSocket() throws Exception {
        FakeTransport udp = new FakeTransport(17, "udp", UdpSocket.class);
        stack.bindTransport(udp);
        UdpSocket socket = sockets.openUdp(IpFamily.IPV6);
        assertEquals(IpFamily.IPV6, socket.family());
        assertEquals(IpFamily.IPV6, udp.lastFamily);
        stack.unbindTransport(udp);
        assertThrows(ProtocolNotAvailableException.class, () -> sockets.openUdp(IpFamily.IPV4),
                "gone again once the transport is unbound");
    }

    @Test
    void aTransportReturningTheWrongTypeIsRefusedAndItsSocketClosed() {
        FakeTransport confused = new FakeTransport(6, "confused", UdpSocket.class);
        stack.bindTransport(confused);
        ProtocolNotAvailableException e = assertThrows(ProtocolNotAvailableException.class,
                () -> sockets.openTcp(IpFamily.IPV4));
        assertEquals(Errno.EPROTONOSUPPORT, e.errno());
        assertTrue(e.getMessage().contains("confused") && e.getMessage().contains("TcpSocket"), e.getMessage());
        assertEquals(1, confused.socketsClosed, "the socket it did open is not leaked");
    }

    @Test
    void badArguments() {
        IllegalArgumentException family = assertThrows(IllegalArgumentException.class, () -> sockets.openTcp(null));
        assertTrue(family.getMessage().contains("family"), family.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sockets.openRaw(IpFamily.IPV4, 256));
        assertThrows(IllegalArgumentException.class, () -> sockets.openRaw(IpFamily.IPV4, -1));
        ProtocolNotAvailableException raw = assertThrows(ProtocolNotAvailableException.class,
                () -> sockets.openRaw(IpFamily.IPV4, 1));
        assertEquals(Errno.EPROTONOSUPPORT, raw.errno());
        assertTrue(raw.getMessage().contains("protocol 1"), raw.getMessage());
    }

    @Test
    void tcpSocketsComeFromTheTcpTransport() throws Exception {
        stack.bindTransport(new FakeTransport(6, "tcp", TcpSocket.class));
        TcpSocket socket = sockets.openTcp(IpFamily.IPV4);
        assertEquals(IpFamily.IPV4, socket.family());
    }
}
