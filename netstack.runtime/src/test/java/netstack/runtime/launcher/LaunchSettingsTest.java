package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchSettingsTest {

    private static final String VALID = """
            {":configurator:symbolic-name": "site", ":configurator:version": "1",
             "netstack.interface~lo": {"addresses": ["127.0.0.1/8"]}}
            """;

    @TempDir
    Path dir;

    @Test
    void withoutPropertiesTheBuiltInConfigurationIsUsedAndTheConsoleStays() throws Exception {
        LaunchSettings s = LaunchSettings.from(new Properties());
        String initial = s.systemProperties().get(LaunchSettings.CONFIGURATOR_INITIAL);
        assertTrue(initial.startsWith("{"), "the Configurator takes JSON text only when it starts with '{'");
        assertTrue(initial.contains("\"netstack.interface~lo\""), initial);
        assertTrue(initial.contains("\"127.0.0.1/8\"") && initial.contains("\"::1/128\""), initial);
        assertTrue(initial.contains("\":configurator:resource-version\": 1"), initial);
        assertEquals("built-in default", s.configSource());
        assertFalse(s.headless());
        assertNull(s.systemProperties().get(LaunchSettings.GOSH_ARGS));
    }

    @Test
    void aConfigurationFileReplacesTheDefaultAsFileUrl() throws Exception {
        Path file = Files.writeString(dir.resolve("a,b.json"), VALID);
        LaunchSettings s = LaunchSettings.from(props(LaunchSettings.CONFIG, file.toString()));
        String initial = s.systemProperties().get(LaunchSettings.CONFIGURATOR_INITIAL);
        assertFalse(initial.contains(","), "a ',' would split the Configurator's URL list: " + initial);
        assertEquals(file.toAbsolutePath(), Path.of(URI.create(initial)));
        assertEquals("file " + file.toAbsolutePath(), s.configSource());
    }

    @Test
    void anExplicitConfiguratorInitialIsLeftAlone() throws Exception {
        LaunchSettings s = LaunchSettings.from(props(LaunchSettings.CONFIGURATOR_INITIAL, "file:/x.json"));
        assertNull(s.systemProperties().get(LaunchSettings.CONFIGURATOR_INITIAL));
        assertEquals(LaunchSettings.CONFIGURATOR_INITIAL, s.configSource());
    }

    @Test
    void unusableFilesAreRejectedNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.json");
        assertMessage(missing.toString(), "does not exist", missing.toString());
        assertMessage(dir.toString(), "is not a regular file", dir.toString());
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});
        assertMessage(latin1.toString(), "is not UTF-8", latin1.toString());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"a\": }");
        assertMessage(broken.toString(), "line 1, column 7", broken.toString());
        assertMessage(" ", "is empty", "-Dnetstack.config");
    }

    @Test
    void headlessTurnsTheConsoleOffAndKeepsOtherShellArguments() throws Exception {
        assertEquals("--nointeractive", LaunchSettings.from(props(LaunchSettings.HEADLESS, "true"))
                .systemProperties().get(LaunchSettings.GOSH_ARGS));
        Properties p = props(LaunchSettings.HEADLESS, "true");
        p.setProperty(LaunchSettings.GOSH_ARGS, "--quiet");
        assertEquals("--nointeractive --quiet",
                LaunchSettings.from(p).systemProperties().get(LaunchSettings.GOSH_ARGS));
        assertFalse(LaunchSettings.from(props(LaunchSettings.HEADLESS, "false")).headless());
    }

    private static void assertMessage(String configValue, String... fragments) {
        LaunchException e = assertThrows(LaunchException.class,
                () -> LaunchSettings.from(props(LaunchSettings.CONFIG, configValue)));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " lacks " + fragment);
        }
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
