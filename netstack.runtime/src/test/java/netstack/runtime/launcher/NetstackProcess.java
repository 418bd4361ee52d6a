package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar target/netstack.jar} as a user starts it, with standard error merged into standard output.
 * Every wait is bounded; {@link #close()} kills the process if it is still alive.
 */
final class NetstackProcess implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(30);

    private final Process process;
    private final StringBuilder output = new StringBuilder(); // guarded by itself
    private final Thread pump;

    private NetstackProcess(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name("netstack-output").start(this::pumpOutput);
    }

    /** @param jvmOptions options before {@code -jar}, e.g. {@code -Dnetstack.headless=true} */
    static NetstackProcess start(String... jvmOptions) throws IOException {
        Path jar = jar();
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(List.of(jvmOptions));
        command.add("-jar");
        command.add(jar.toString());
        Process p = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .start();
        return new NetstackProcess(p);
    }

    /** The exported jar, as the build passes it (failsafe) or where the build puts it. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("netstack.jar", "target/netstack.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn verify, which exports it before the ITs");
        return jar;
    }

    /** The {@code java} of the JVM running the test: the toolchain's JDK 25, which netstack.jar needs. */
    static Path java() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertTrue(Runtime.version().feature() >= 25,
                "tests must run on JDK 25+ (the toolchain's), not " + Runtime.version() + " at " + java);
        return java;
    }

    private void pumpOutput() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (output) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended; what was read is kept
        }
    }

    /** @return everything the process printed so far */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Waits until the output so far satisfies {@code condition}.
     *
     * @return the output at that moment
     */
    String awaitOutput(String what, Duration timeout, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (!condition.test(output.toString())) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    fail("no " + what + " within " + timeout + " (alive: " + process.isAlive() + "); output:\n"
                            + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return output.toString();
        }
    }

    /** Waits for text that appears after {@code from} characters of output. */
    String awaitOutputAfter(int from, String what, Duration timeout, Predicate<String> condition)
            throws InterruptedException {
        return awaitOutput(what, timeout, all -> all.length() > from && condition.test(all.substring(from)))
                .substring(from);
    }

    /** Types a line on the process's standard input (the Gogo console). */
    void type(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** @return the exit status; fails if the process does not end within {@code timeout} */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("still running " + timeout + " later; output:\n" + output());
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /**
     * Sends SIGTERM. Through the {@link ProcessHandle}: {@link Process#destroy()} sends the same signal but also
     * closes our end of the output pipe, losing what the process prints while it stops.
     */
    void terminate() {
        assertTrue(process.toHandle().destroy(), "SIGTERM not sent");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
