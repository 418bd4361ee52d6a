package netstack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps the API's promise of javadoc on every public type and member. The compiler's {@code -Xdoclint} (set in this
 * module's pom) fails the build on malformed comments, but cannot require comments without also flagging every
 * {@code @return}-only comment on a trivial accessor: both are its {@code missing} group. So this test checks
 * presence: every exported package, and every public or protected type, constructor, method, field and enum
 * constant written in the source, has a doc comment. Members that override or implement a documented method
 * inherit its comment, as javadoc does, and are exempt.
 */
class JavadocPresenceTest {

    @Test
    void everyPublicAndProtectedDeclarationHasAComment() throws Exception {
        Path sources = Path.of(System.getProperty("basedir", "")).resolve("src/main/java");
        assertTrue(Files.isDirectory(sources), sources.toAbsolutePath().toString());
        Set<String> undocumented = undocumented(sources);
        assertTrue(undocumented.isEmpty(), "public or protected declarations without a doc comment:\n  "
                + String.join("\n  ", undocumented));
    }

    /** The check must be able to fail: a sample with one gap of each kind is reported exactly. */
    @Test
    void reportsWhatIsMissing(@TempDir Path dir) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("sample"));
        Files.writeString(pkg.resolve("package-info.java"), "package sample;\n");
        Files.writeString(pkg.resolve("Api.java"), """
                package sample;

                /** Documented. */
                public class Api implements Comparable<Api> {
                    public static final int UNDOCUMENTED_FIELD = 1;
                    /** Documented. */
                    public static final int FIELD = 2;
                    private int privateField;

                    /** Documented. */
                    public Api() {
                    }

                    public void undocumentedMethod() {
                    }

                    /** @return documented, if tersely */
                    public int terse() {
                        return 0;
                    }

                    protected void undocumentedProtected() {
                    }

                    void packagePrivate() {
                    }

                    @Override
                    public int compareTo(Api other) {
                        return 0;
                    }

                    public enum Kind {
                        UNDOCUMENTED_CONSTANT,
                        /** Documented. */
                        CONSTANT
                    }

                    /** Documented. */
                    public record Point(int x) {
                    }

                    /** Documented. */
                    public interface Service {
                        /** Documented. */
                        int CONSTANT = 3;

                        void undocumentedAbstract();

                        /** Documented. */
                        default void documentedDefault() {
                        }
                    }

                    private static class Hidden {
                        public void invisible() {
                        }
                    }
                }
                """);
        assertEquals(Set.of("package sample", "sample.Api.UNDOCUMENTED_FIELD", "sample.Api.undocumentedMethod()",
                "sample.Api.undocumentedProtected()", "sample.Api.Kind", "sample.Api.Kind.UNDOCUMENTED_CONSTANT",
                "sample.Api.Service.undocumentedAbstract()"), undocumented(dir));
    }

    /** Compiles (attributes only) every source under {@code root} and lists what lacks a doc comment. */
    private static Set<String> undocumented(Path root) throws IOException, URISyntaxException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the test needs a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            // The OSGi annotations the API uses.
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH,
                    List.of(Path.of(ProviderType.class.getProtectionDomain().getCodeSource().getLocation().toURI())));
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostics, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            Iterable<? extends Element> analyzed = task.analyze();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.getMessage(Locale.ROOT)).toList();
            assertTrue(errors.isEmpty(), "sources do not compile: " + errors);

            Checker checker = new Checker(DocTrees.instance(task), task.getElements(), task.getTypes());
            for (TypeElement type : ElementFilter.typesIn(analyzed)) {
                checker.checkPackage(task.getElements().getPackageOf(type));
                checker.checkType(type);
            }
            return checker.undocumented;
        }
    }

    private static final class Checker {
        private final DocTrees trees;
        private final Elements elements;
        private final Types types;
        private final Set<Element> packagesSeen = new HashSet<>();
        final Set<String> undocumented = new TreeSet<>();

        Checker(DocTrees trees, Elements elements, Types types) {
            this.trees = trees;
            this.elements = elements;
            this.types = types;
        }

        void checkPackage(Element pkg) {
            if (packagesSeen.add(pkg) && trees.getDocCommentTree(pkg) == null) {
                undocumented.add("package " + pkg);
            }
        }

        void checkType(TypeElement type) {
            if (!visible(type)) {
                return;
            }
            require(type, type.getQualifiedName().toString());
            for (Element member : type.getEnclosedElements()) {
                if (member instanceof TypeElement nested) {
                    checkType(nested);
                } else if (visible(member) && isDeclaredInSource(member) && !overrides(member, type)) {
                    require(member, type.getQualifiedName() + "." + signature(member));
                }
            }
        }

        private void require(Element e, String name) {
            if (trees.getDocCommentTree(e) == null) {
                undocumented.add(name);
            }
        }

        /** Public or protected, interface members implicitly public included. */
        private static boolean visible(Element e) {
            Set<Modifier> m = e.getModifiers();
            return m.contains(Modifier.PUBLIC) || m.contains(Modifier.PROTECTED);
        }

        /** Excludes what the compiler adds: default constructors, enum values()/valueOf(), record accessors. */
        private boolean isDeclaredInSource(Element e) {
            return e.getKind() != ElementKind.RECORD_COMPONENT && elements.getOrigin(e) == Elements.Origin.EXPLICIT
                    && trees.getPath(e) != null;
        }

        private boolean overrides(Element member, TypeElement owner) {
            if (!(member instanceof ExecutableElement method) || method.getKind() != ElementKind.METHOD) {
                return false;
            }
            Deque<TypeMirror> todo = new ArrayDeque<>(types.directSupertypes(owner.asType()));
            while (!todo.isEmpty()) {
                TypeMirror t = todo.pop();
                if (t instanceof DeclaredType declared) {
                    for (ExecutableElement candidate : ElementFilter.methodsIn(declared.asElement()
                            .getEnclosedElements())) {
                        if (elements.overrides(method, candidate, owner)) {
                            return true;
                        }
                    }
                    todo.addAll(types.directSupertypes(t));
                }
            }
            return false;
        }

        private static String signature(Element e) {
            if (e instanceof ExecutableElement m) {
                List<String> params = new ArrayList<>();
                m.getParameters().forEach(p -> params.add(p.asType().toString()));
                String name = m.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : m.getSimpleName().toString();
                return name + "(" + String.join(", ", params) + ")";
            }
            return e.getSimpleName().toString();
        }
    }
}
