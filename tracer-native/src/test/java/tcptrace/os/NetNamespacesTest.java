package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tcptrace.testing.Await;

class NetNamespacesTest {
    @Test
    void sysctlsOfThisProcessAreThisNamespaces() throws Exception {
        TcpSysctls s = NetNamespaces.sysctlsOf(ProcessHandle.current().pid());
        assertThat(s.retries2()).isEqualTo(Integer.parseInt(
                Files.readString(Path.of("/proc/sys/net/ipv4/tcp_retries2")).trim()));
        assertThat(s.source()).contains("which is this one");
    }

    @Test
    void sysctlsOfAProcessInAnotherNamespaceAreItsOwn() throws Exception {
        Await.requireRoot("it creates a network namespace");
        String ns = "tcptrace-test-" + UUID.randomUUID().toString().substring(0, 8);
        run("ip", "netns", "add", ns);
        Process inside = null;
        try {
            run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.tcp_retries2=5");
            int here = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/tcp_retries2")).trim());
            inside = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "60").start();
            Process p = inside;
            // ip netns exec execs sleep in place: the pid is sleep's once its namespace differs from ours
            String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            Await.until("the process to enter the namespace", Duration.ofSeconds(10), () -> !ours.equals(link(p.pid())));

            TcpSysctls s = NetNamespaces.sysctlsOf(inside.pid());

            assertThat(s.retries2()).isEqualTo(5).isNotEqualTo(here);
            assertThat(s.source()).contains("network namespace of pid " + inside.pid());
        } finally {
            if (inside != null) {
                inside.destroyForcibly().waitFor();
            }
            run("ip", "netns", "delete", ns);
        }
    }

    private static String link(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
