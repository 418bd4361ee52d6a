package netstack.ip.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import netstack.api.link.PacketBuffer;
import netstack.api.net.IpFamily;
import netstack.api.socket.NetSocket;
import netstack.ip.spi.PacketMeta;
import netstack.ip.spi.TransportContext;
import netstack.ip.spi.TransportProtocol;

/** A {@link TransportProtocol} test double that records its binding and opens proxy sockets of a given type. */
final class FakeTransport implements TransportProtocol {

    private final int number;
    private final String name;
    private final Class<? extends NetSocket> socketType;
    volatile TransportContext context;
    int attaches;
    int detaches;
    int socketsClosed;
    IpFamily lastFamily;

    FakeTransport(int number, String name, Class<? extends NetSocket> socketType) {
        this.number = number;
        this.name = name;
        this.socketType = socketType;
    }

    @Override
    public int protocolNumber() {
        return number;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void attach(TransportContext ctx) {
        attaches++;
        context = ctx;
    }

    @Override
    public void detach() {
        detaches++;
        context = null;
    }

    boolean attached() {
        return context != null;
    }

    @Override
    public NetSocket open(IpFamily family) throws IOException {
        lastFamily = family;
        return (NetSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {socketType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        socketsClosed++;
                        yield null;
                    }
                    case "family" -> family;
                    case "toString" -> name + " socket";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public void receive(PacketBuffer packet, PacketMeta meta) {
        packet.release();
    }

    @Override
    public String toString() {
        return "FakeTransport[" + name + "]";
    }
}
