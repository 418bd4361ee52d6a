package netstack.posix.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import netstack.posix.internal.CallState;
import netstack.posix.internal.Libc;

/**
 * A network namespace that a test creates and deletes, so that a test's traffic goes only to the namespace's kernel
 * stack: the test opens its TAP devices and packet sockets inside it ({@link #call}) and never touches the host's
 * own interfaces. Close it in a {@code finally} (or use try-with-resources): deleting the namespace deletes every
 * device in it, even if the test failed.
 * Tests use documentation addresses only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
 */
public final class Namespace implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;

    private Namespace(String name) {
        this.name = name;
    }

    /**
     * Creates a namespace named after the test and this process, with its loopback up.
     *
     * @param tag a short tag for the name (letters and digits)
     * @return the namespace
     */
    public static Namespace create(String tag) {
        Host.requireRoot();
        String name = "ns-" + tag + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Host.tryRun("ip", "netns", "del", name);
        Host.run("ip", "netns", "add", name);
        Namespace ns = new Namespace(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** @return the namespace's name, for {@code ip -n} */
    public String name() {
        return name;
    }

    /**
     * Runs a command inside the namespace.
     *
     * @param command the program and arguments
     * @return its output
     */
    public String exec(String... command) {
        return Host.inNamespace(name, command);
    }

    /**
     * Runs {@code action} on a new platform thread that has first moved into this namespace ({@code setns(2)}), so
     * that the sockets and devices it opens belong to the namespace and the host's network stays untouched. The
     * thread ends afterwards; descriptors it opened stay usable from any thread.
     *
     * @param action what to do inside
     * @param <T> its result type
     * @return its result
     * @throws Exception whatever the action threw
     */
    public <T> T call(Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            CallState state = new CallState();
            int fd = (int) Libc.check(Libc.open(state, "/var/run/netns/" + name, Libc.O_RDONLY | Libc.O_CLOEXEC),
                    state, "open /var/run/netns/" + name);
            try {
                Libc.check(Libc.setns(state, fd, Libc.CLONE_NEWNET), state, "setns " + name);
            } finally {
                Libc.closeQuietly(fd);
            }
            return action.call();
        });
        Thread.ofPlatform().name("in-" + name).start(task);
        try {
            return task.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
        }
    }

    /** Deletes the namespace, and with it every device in it; never throws. */
    @Override
    public void close() {
        Host.tryRun("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
