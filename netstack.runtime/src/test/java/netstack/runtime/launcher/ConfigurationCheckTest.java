package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigurationCheckTest {

    private static final String HEAD = "{\":configurator:symbolic-name\":\"s\",\":configurator:version\":\"1\"";

    @Test
    void acceptsTheBuiltInDefault() {
        assertDoesNotThrow(() -> ConfigurationCheck.check(LaunchSettings.defaultConfiguration()));
    }

    @Test
    void acceptsCommentsBomAndEveryValueKind() {
        assertDoesNotThrow(() -> ConfigurationCheck.check("\uFEFF// site\n/* block\n */ " + HEAD + """
                , ":configurator:resource-version": 1,
                  "a~b": {"s": "x\\"\\u0041\\n", "n": -1.5e+3, "z": 0, "t": true, "f": false, "u": null,
                          "arr": [1, "2", [], {}], "o": {"p": {}}} // end
                }
                """));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                   // empty file
        "[]",                                 // not an object
        "{\"a\": 1,}",                        // trailing comma in an object
        "{\"a\": [1,]}",                      // trailing comma in an array
        "{\"a\" 1}",                          // missing ':'
        "{a: 1}",                             // unquoted name
        "{\"a\": 'x'}",                       // single quotes
        "{\"a\": \"x}",                       // unclosed string
        "{\"a\": 01}",                        // leading zero
        "{\"a\": 1.}",                        // no digits after '.'
        "{\"a\": tru}",                       // bad literal
        "{\"a\": \"\\q\"}",                   // bad escape
        "{\"a\": 1} x",                       // trailing text
        "{\"a\": 1 /* open",                  // unclosed comment
        "{\"a\": 1, \"a\": 2}",               // duplicate member
    })
    void rejectsMalformedJson(String text) {
        ConfigurationCheck.Invalid e = assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check(text));
        assertTrue(e.getMessage().startsWith("line 1, column "), e.getMessage());
    }

    @Test
    void reportsLineAndColumnOfTheError() {
        ConfigurationCheck.Invalid e = assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check("{\n  \"a\": [1,\n   ]\n}"));
        assertTrue(e.getMessage().startsWith("line 3, column 4: expected a value"), e.getMessage());
    }

    @Test
    void requiresTheResourceToNameItself() {
        assertTrue(assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check("{\":configurator:version\":\"1\"}"))
                .getMessage().contains(":configurator:symbolic-name"));
        assertTrue(assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check("{\":configurator:symbolic-name\":\"s\"}"))
                .getMessage().contains(":configurator:version"));
        assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check("{\":configurator:symbolic-name\":1,\":configurator:version\":\"1\"}"));
    }

    @Test
    void rejectsAnotherResourceVersion() {
        assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check(HEAD + ",\":configurator:resource-version\":2}"));
        assertThrows(ConfigurationCheck.Invalid.class,
                () -> ConfigurationCheck.check(HEAD + ",\":configurator:resource-version\":\"1\"}"));
    }
}
