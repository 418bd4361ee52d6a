package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as an operator runs it: {@code netstack.jar} started headless with a configuration file holding a
 * {@code netstack.tap~…} and a {@code netstack.interface~…} answers the Linux kernel's pings. The TAP device the
 * runtime creates (down, without addresses, in the host's namespace) is moved into a namespace this test creates,
 * where the kernel's side gets 192.0.2.1/24 and pings the runtime's 192.0.2.2. Needs root; fails without it.
 */
class KernelPingsTheRuntimeIT {

    @TempDir
    Path dir;

    @Test
    void aConfiguredTapInterfaceAnswersTheKernelsPings() throws Exception {
        assertEquals("0", run("id", "-u").strip(), "this test creates network devices and must run as root");
        long pid = ProcessHandle.current().pid() % 100000;
        String device = "nsrt" + pid;
        String namespace = "ns-runtime-" + pid;
        Path file = dir.resolve("tap.json");
        Files.writeString(file, """
                {
                  ":configurator:resource-version": 1,
                  ":configurator:symbolic-name": "tap-site",
                  ":configurator:version": "1.0.0",
                  "netstack.interface~lo": { "addresses": ["127.0.0.1/8", "::1/128"] },
                  "netstack.tap~tap0": { "device": "%s", "mac": "02:00:5e:00:53:22" },
                  "netstack.interface~tap0": { "addresses": ["192.0.2.2/24"] }
                }
                """.formatted(device));
        tryRun("ip", "netns", "del", namespace);
        run("ip", "netns", "add", namespace);
        try (NetstackProcess netstack = NetstackProcess.start("-Dnetstack.config=" + file,
                "-Dnetstack.headless=true")) {
            netstack.awaitOutput("tap0 attached", NetstackProcess.START,
                    out -> out.contains("interface tap0: attached tap tap0"));
            netstack.awaitOutput("tap0 configured", NetstackProcess.START,
                    out -> out.contains("interface tap0: configured"));
            run("ip", "link", "set", device, "netns", namespace);
            run("ip", "netns", "exec", namespace, "ip", "link", "set", device, "up");
            run("ip", "netns", "exec", namespace, "ip", "addr", "add", "192.0.2.1/24", "dev", device);
            String ping = run("ip", "netns", "exec", namespace, "ping", "-c", "3", "-i", "0.2", "-W", "2",
                    "192.0.2.2");
            assertTrue(ping.contains("3 packets transmitted, 3 received"), ping);

            netstack.terminate();
            assertEquals(0, netstack.awaitExit(NetstackProcess.STOP), netstack.output());
        } finally {
            tryRun("ip", "netns", "del", namespace);
            tryRun("ip", "link", "del", device);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void tryRun(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // nothing to clean up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
