package tcptrace.export;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tcptrace.correlate.Verdict;

/** Serves {@code /metrics} for Prometheus to scrape: verdicts counted by kind, and the session's counts. */
final class PrometheusExporter implements VerdictExporter {
    private final HTTPServer server;
    private final ExecutorService handler;
    private final Counter verdicts;
    private final VerdictLabels labels;
    private final String url;

    private PrometheusExporter(HTTPServer server, ExecutorService handler, Counter verdicts, VerdictLabels labels,
                               String url) {
        this.server = server;
        this.handler = handler;
        this.verdicts = verdicts;
        this.labels = labels;
        this.url = url;
    }

    /** Registers the metrics in a registry of its own (nothing of the JVM's) and starts listening at {@code at}. */
    static PrometheusExporter start(InetSocketAddress at, VerdictLabels labels, Readings readings)
            throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter verdicts = Counter.builder().name("tcptrace_verdicts")
                .help("Verdicts on FIN and RST packets and on connection ends without one")
                .labelNames(labels.names().toArray(String[]::new)).withoutExemplars().register(registry);
        for (SessionMetric m : SessionMetric.values()) {
            if (m.monotonic) {
                CounterWithCallback.builder().name(m.prometheusName).help(m.help)
                        .callback(c -> c.call(readings.value(m))).register(registry);
            } else {
                GaugeWithCallback.builder().name(m.prometheusName).help(m.help)
                        .callback(g -> g.call(readings.value(m))).register(registry);
            }
        }
        // one thread: a scrape every few seconds, and the capture keeps the cores
        ExecutorService handler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tcptrace-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer server = HTTPServer.builder().inetAddress(at.getAddress()).port(at.getPort())
                    .registry(registry).executorService(handler).buildAndStart();
            String url = "http://" + ListenAddress.format(at.getAddress(), server.getPort()) + "/metrics";
            return new PrometheusExporter(server, handler, verdicts, labels, url);
        } catch (IOException | RuntimeException e) {
            handler.shutdownNow();
            throw e;
        }
    }

    String url() {
        return url;
    }

    @Override
    public void verdict(Verdict v) {
        verdicts.labelValues(labels.values(v).toArray(String[]::new)).inc();
    }

    @Override
    public long dropped() {
        return 0; // a counter has no queue to overflow
    }

    @Override
    public void close(long deadlineNanos) {
        server.close();
        handler.shutdownNow();
    }

    @Override
    public String summary() {
        return "metrics served on " + url;
    }
}
