package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a workload JVM is started: without the agent, with it (both sinks), with it and a JFR recording, with it
 * keeping no stacks (what the stacks cost), keeping close stacks only ({@code stack=close}), or with a JFR recording alone (what JFR's own start costs, for
 * comparison). The agent variants share one weave cache, so
 * that they measure the JVMs that follow the first on a machine; the {@code _FIRST} variants get an empty cache
 * each, as the first JVM of a new JDK or agent build does.
 */
enum AgentVariant {
    BASELINE("no agent"), AGENT("agent"), AGENT_JFR("agent + jfr="), JFR_ALONE("JFR alone (no agent)"),
    AGENT_FIRST("agent, first JVM (empty weave cache)"), AGENT_JFR_FIRST("agent + jfr=, first JVM (empty weave cache)"),
    AGENT_NO_STACKS("agent with stack=0"), AGENT_CLOSE_STACKS("agent with stack=close");

    private static final String WEAVE_CACHE_PROPERTY = "tcptrace.weaveCache";

    final String label;

    AgentVariant(String label) {
        this.label = label;
    }

    /** What this variant is compared with: a recording's own start is JFR's cost, not the agent's. */
    AgentVariant reference() {
        return this == AGENT_JFR || this == AGENT_JFR_FIRST ? JFR_ALONE : BASELINE;
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
        if (this == AGENT_JFR || this == AGENT_JFR_FIRST) {
            options += ",jfr=" + dir.resolve("recording.jfr");
        }
        if (this == AGENT_NO_STACKS) {
            options += ",stack=0";
        }
        if (this == AGENT_CLOSE_STACKS) {
            options += ",stack=close";
        }
        Path weaveCache = this == AGENT_FIRST || this == AGENT_JFR_FIRST ? dir.resolve("woven")
                : settings.workDir().resolve("woven");
        return List.of("-D" + WEAVE_CACHE_PROPERTY + "=" + weaveCache,
                "-javaagent:" + settings.tcptraceJar() + "=" + options);
    }

    static Path freshDirectory(Path parent) {
        try {
            // createTempDirectory makes it 0700, as a journal directory (and the weave cache) must be
            return Files.createTempDirectory(parent, "journal");
        } catch (IOException e) {
            throw new BenchException("cannot create a journal directory under " + parent + ": " + e.getMessage());
        }
    }
}
