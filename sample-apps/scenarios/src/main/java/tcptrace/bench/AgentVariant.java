package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a workload JVM is started: without the agent, with it (both sinks), with it and a JFR recording, or with a
 * JFR recording alone (what JFR's own start costs, for comparison).
 */
enum AgentVariant {
    BASELINE("no agent"), AGENT("agent"), AGENT_JFR("agent + jfr="), JFR_ALONE("JFR alone (no agent)");

    final String label;

    AgentVariant(String label) {
        this.label = label;
    }

    /** The JVM options; each run gets a journal directory of its own so that runs do not share a journal. */
    List<String> jvmArgs(Settings settings) {
        return jvmArgs(settings, freshDirectory(settings.workDir()));
    }

    List<String> jvmArgs(Settings settings, Path dir) {
        if (this == BASELINE) {
            return List.of();
        }
        if (this == JFR_ALONE) {
            return List.of("-XX:StartFlightRecording=filename=" + dir.resolve("recording.jfr"));
        }
        String options = "journal=" + dir;
        if (this == AGENT_JFR) {
            options += ",jfr=" + dir.resolve("recording.jfr");
        }
        return List.of("-javaagent:" + settings.tcptraceJar() + "=" + options);
    }

    static Path freshDirectory(Path parent) {
        try {
            // createTempDirectory makes it 0700, as a journal directory must be
            return Files.createTempDirectory(parent, "journal");
        } catch (IOException e) {
            throw new BenchException("cannot create a journal directory under " + parent + ": " + e.getMessage());
        }
    }
}
