package netstack.ip.internal;

import java.io.IOException;
import netstack.api.net.IpFamily;
import netstack.api.socket.Errno;
import netstack.api.socket.NetSocket;
import netstack.api.socket.NetStack;
import netstack.api.socket.ProtocolNotAvailableException;
import netstack.api.socket.RawSocket;
import netstack.api.socket.TcpSocket;
import netstack.api.socket.UdpSocket;
import netstack.ip.spi.TransportProtocol;

/** The {@link NetStack} service: hands socket creation to the transport bound for the protocol. */
final class Sockets implements NetStack {

    /** IP protocol number of TCP. */
    static final int TCP = 6;
    /** IP protocol number of UDP. */
    static final int UDP = 17;

    private final Stack stack;

    Sockets(Stack stack) {
        this.stack = stack;
    }

    @Override
    public TcpSocket openTcp(IpFamily family) throws IOException {
        return open(TCP, "TCP", "netstack.tcp", family, TcpSocket.class);
    }

    @Override
    public UdpSocket openUdp(IpFamily family) throws IOException {
        return open(UDP, "UDP", "netstack.udp", family, UdpSocket.class);
    }

    @Override
    public RawSocket openRaw(IpFamily family, int protocol) throws IOException {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol number " + protocol + " is outside 0..255");
        }
        throw new ProtocolNotAvailableException(Errno.EPROTONOSUPPORT,
                "raw IP sockets (protocol " + protocol + ") are not supported by this version of netstack");
    }

    private <S extends NetSocket> S open(int number, String name, String bundle, IpFamily family, Class<S> type)
            throws IOException {
        if (family == null) {
            throw new IllegalArgumentException("address family is null");
        }
        TransportProtocol transport = stack.transport(number);
        if (transport == null) {
            // Linux: socket(2) for a protocol no module registered fails with EPROTONOSUPPORT.
            throw new ProtocolNotAvailableException(Errno.EPROTONOSUPPORT, name + " is not available: no transport for IP protocol "
                    + number + " is registered (is the " + bundle + " bundle active?)");
        }
        NetSocket socket = transport.open(family);
        if (!type.isInstance(socket)) {
            socket.close();
            throw new ProtocolNotAvailableException(Errno.EPROTONOSUPPORT, "the transport registered for IP protocol "
                    + number + " (" + transport.name() + ") does not provide " + type.getSimpleName() + "s");
        }
        return type.cast(socket);
    }
}
