package tcptrace.agent.event.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** The recording that the {@code jfr=<file>} option starts: tcptrace.jfc settings, written to the file at exit. */
public final class JfrRecording {
    private JfrRecording() {
    }

    public static void start(Path file) throws IOException {
        Configuration settings;
        try (InputStream in = JfrRecording.class.getResourceAsStream("/tcptrace.jfc")) {
            if (in == null) {
                throw new IOException("tcptrace.jfc is missing from the agent jar");
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                settings = Configuration.create(r);
            }
        } catch (ParseException e) {
            throw new IOException("tcptrace.jfc cannot be parsed: " + e.getMessage(), e);
        }
        Recording rec = new Recording(settings);
        rec.setName("tcptrace");
        rec.setToDisk(true);
        rec.setDestination(file.toAbsolutePath());
        // JFR's own shutdown hook writes it to the destination
        rec.setDumpOnExit(true);
        rec.start();
    }
}
