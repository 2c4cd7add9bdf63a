package tcptrace.lab;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Side;

/**
 * Builds the command line of a role's JVM. From the product jar a role runs as
 * {@code java [-javaagent:tcptrace.jar=journal=D] -jar tcptrace.jar demo --run-role NAME SIDE HOST:PORT}
 * (the scenarios live under the jar's hidden {@code inst/}, reachable only through its main class); from a
 * class path, as {@code tcptrace.scenario.RoleMain NAME SIDE HOST:PORT}.
 *
 * @param javaHome the JDK of the traced JVMs
 * @param agentJar tcptrace.jar for {@code -javaagent}, or null to run every role untraced
 * @param entry class path and main class (and leading arguments) that start one role
 */
public record RoleLauncher(Path javaHome, Path agentJar, List<String> entry) {

    public static RoleLauncher throughJar(Path javaHome, Path jar) {
        return new RoleLauncher(javaHome, jar,
                List.of("-jar", jar.toString(), "demo", "--run-role"));
    }

    public static RoleLauncher throughClassPath(Path javaHome, String classPath, Path agentJar) {
        return new RoleLauncher(javaHome, agentJar, List.of("-cp", classPath, "tcptrace.scenario.RoleMain"));
    }

    List<String> command(Scenario scenario, Side side, InetSocketAddress server, Path journalDir) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        // a small heap keeps System.gc() quick in the leak scenario and start-up cheap everywhere
        command.add("-Xmx64m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        if (agentJar != null && scenario.traced().contains(side)) {
            command.add("-javaagent:" + agentJar + "=journal=" + journalDir);
        }
        command.addAll(entry);
        command.add(scenario.name());
        command.add(side.label());
        command.add(server.getHostString() + ":" + server.getPort());
        return command;
    }
}
