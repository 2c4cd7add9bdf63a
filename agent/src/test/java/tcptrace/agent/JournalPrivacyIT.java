package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tcptrace.testapp.CloseAndEof;

/**
 * A journal directory that is not private - a symbolic link, open to others, owned by someone else - is refused
 * with one line, nothing is written into it, and the agent goes on with JFR events only.
 */
class JournalPrivacyIT {
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    enum Tampering {
        SYMBOLIC_LINK("is a symbolic link"),
        OPEN_TO_OTHERS("has permissions rwxr-xr-x"),
        FOREIGN_OWNER("is owned by uid " + NOBODY);

        final String complaint;

        Tampering(String complaint) {
            this.complaint = complaint;
        }
    }

    @ParameterizedTest
    @EnumSource(Tampering.class)
    void refusedDirectoryCostsOneLineAndLeavesJfrWorking(Tampering tampering) throws Exception {
        Path target = Files.createDirectory(tmp.resolve("target"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path journal = prepare(tampering, target);
        Path recording = tmp.resolve("rec.jfr");
        int exit;
        List<String> out;
        List<String> err;
        try (ChildJvm child = ChildJvm.start(System.getProperty("java.home"), tmp, List.of("-javaagent:"
                + ChildJvm.agentJar() + "=journal=" + journal + ",jfr=" + recording), CloseAndEof.class)) {
            exit = child.awaitExit();
            out = child.stdout();
            err = child.stderr();
        }
        assertThat(exit).isEqualTo(7);
        assertThat(out).last().isEqualTo("read 5 bytes then end of stream");
        assertThat(err).singleElement().asString()
                .startsWith("tcptrace: tracing TCP sockets, but no journal (journal directory " + journal)
                .contains(tampering.complaint)
                .endsWith("; JFR events still work");
        try (Stream<Path> written = Files.list(target)) {
            assertThat(written).as("files written into the refused directory").isEmpty();
        }
        List<RecordedEvent> closes = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("tcptrace.Close")).toList();
        assertThat(closes).hasSize(2);
    }

    private Path prepare(Tampering tampering, Path target) throws IOException {
        switch (tampering) {
            case SYMBOLIC_LINK -> {
                return Files.createSymbolicLink(tmp.resolve("link"), target);
            }
            case OPEN_TO_OTHERS -> {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                return target;
            }
            case FOREIGN_OWNER -> {
                Files.setAttribute(target, "unix:uid", NOBODY);
                if (!Files.getAttribute(target, "unix:uid").equals(NOBODY)) {
                    throw new AssertionError("this test gives a directory to uid " + NOBODY + " and needs root");
                }
                return target;
            }
            default -> throw new IllegalArgumentException(tampering.name());
        }
    }
}
