package netstack.loopback.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import netstack.api.link.LinkContext;
import netstack.api.link.LinkDriver;
import netstack.api.link.LinkOffload;
import netstack.api.link.LinkType;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The loopback interface {@code lo}, always present while this bundle is active.
 */
@Component(
        name = "netstack.loopback",
        immediate = true,
        service = LinkDriver.class,
        property = LinkDriver.INTERFACE_PROPERTY + "=" + LoopbackDriver.NAME)
public final class LoopbackDriver implements LinkDriver {

    /** The interface name. */
    public static final String NAME = "lo";
    /** Linux's loopback MTU. */
    public static final int MTU = 65536;
    /** Packets in flight at most; more are dropped, like a full device queue. */
    static final int QUEUE_CAPACITY = 1024;

    private static final System.Logger LOG = System.getLogger(LoopbackDriver.class.getName());
    private static final Set<LinkOffload> OFFLOADS =
            Set.copyOf(EnumSet.of(LinkOffload.LOOPBACK, LinkOffload.TX_CHECKSUM, LinkOffload.RX_CHECKSUM));

    private final Object lock = new Object();
    private volatile Delivery delivery;

    @Override
    public String interfaceName() {
        return NAME;
    }

    @Override
    public LinkType linkType() {
        return LinkType.RAW_IP;
    }

    @Override
    public int mtu() {
        return MTU;
    }

    @Override
    public MacAddress macAddress() {
        return null;
    }

    @Override
    public Set<LinkOffload> offloads() {
        return OFFLOADS;
    }

    @Override
    public String description() {
        return "loopback " + NAME;
    }

    @Override
    public void attach(LinkContext context) {
        synchronized (lock) {
            if (delivery != null) {
                throw new IllegalStateException("loopback is already attached");
            }
            Delivery d = new Delivery(context);
            delivery = d;
            d.thread.start();
        }
    }

    @Override
    public void detach() {
        synchronized (lock) {
            Delivery d = delivery;
            delivery = null;
            if (d != null) {
                d.stop();
            }
        }
    }

    /** Allocation-free: enqueues each frame for the delivery thread. */
    @Override
    public int transmit(PacketBuffer[] frames, int offset, int count) {
        int sent = 0;
        for (int i = offset; i < offset + count; i++) {
            PacketBuffer frame = frames[i];
            frames[i] = null;
            if (transmit(frame)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public boolean transmit(PacketBuffer frame) {
        Delivery d = delivery;
        if (d == null) {
            frame.release();
            return false;
        }
        // A checksum left to the "device" needs no computing: nothing can corrupt it here (Linux marks loopback
        // packets CHECKSUM_UNNECESSARY likewise).
        if ((frame.flags() & PacketBuffer.CHECKSUM_PARTIAL) != 0) {
            frame.flags((frame.flags() & ~PacketBuffer.CHECKSUM_PARTIAL) | PacketBuffer.CHECKSUM_VERIFIED);
        }
        if (!d.queue.offer(frame)) {
            frame.release();
            return false;
        }
        // Raced with detach: if the delivery thread is gone, take the frame back so it is not stranded.
        if (!d.running && d.queue.remove(frame)) {
            frame.release();
            return false;
        }
        return true;
    }

    @Deactivate
    void deactivate() {
        detach();
    }

    /** One attachment's queue and delivery thread. */
    private static final class Delivery implements Runnable {
        final ArrayBlockingQueue<PacketBuffer> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final LinkContext context;
        final Thread thread;
        volatile boolean running = true;

        Delivery(LinkContext context) {
            this.context = context;
            this.thread = new Thread(this, "netstack-loopback");
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                PacketBuffer frame;
                try {
                    frame = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (frame == null) {
                    continue;
                }
                try {
                    context.deliver(frame);
                } catch (RuntimeException e) {
                    // The stack owns the frame once deliver is called; a failure there must not end loopback.
                    LOG.log(System.Logger.Level.ERROR, "loopback delivery failed", e);
                }
            }
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "loopback delivery thread did not stop within 5 s");
            }
            PacketBuffer left;
            while ((left = queue.poll()) != null) {
                left.release();
            }
        }
    }
}
