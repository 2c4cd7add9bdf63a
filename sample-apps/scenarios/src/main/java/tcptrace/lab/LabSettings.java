package tcptrace.lab;

import java.nio.file.Path;

/**
 * How the lab runs.
 *
 * @param launcher how role JVMs start (and with which JDK)
 * @param tcptraceJar the jar whose {@code capture} gives the verdicts; null to check only the ground truth
 * @param captureJava the {@code java} that runs {@code capture}
 * @param namespaces true for network namespaces, false for the loopback subset
 * @param workDir where each scenario keeps its pcap, journals, verdicts and logs
 * @param parallelism how many scenarios run at once
 */
public record LabSettings(RoleLauncher launcher, Path tcptraceJar, Path captureJava, boolean namespaces, Path workDir,
        int parallelism) {
}
