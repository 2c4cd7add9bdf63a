package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import tcptrace.testing.Await;

/** Bad export options end with one line and exit 2, before or instead of capturing. */
class ExportOptionsTest {
    @Test
    void aPrometheusAddressThatIsNoPortIsAUsageError() {
        Cli.Result r = Cli.run("capture", "--prometheus", "metrics");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'metrics' is not a port number").doesNotContain("\tat ");
    }

    @Test
    void anOtlpUrlThatIsNotHttpIsAUsageError() {
        Cli.Result r = Cli.run("capture", "--otlp", "ftp://collector:4318");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'ftp://collector:4318' is not an http:// or https:// URL");
    }

    @Test
    void aPortInUseIsOneLineAndExit2() throws Exception {
        Await.requireRoot("it opens a capture on lo");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("capture", "-i", "lo", "-f", "tcp port 9", "--duration", "5s", "--prometheus",
                    Integer.toString(taken.getLocalPort()));

            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.errLines()).anyMatch(l -> l.contains("--prometheus 127.0.0.1:" + taken.getLocalPort()
                    + ": cannot listen"));
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }
}
