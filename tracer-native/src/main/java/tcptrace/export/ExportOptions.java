package tcptrace.export;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import tcptrace.InputException;
import tcptrace.agent.event.Endpoint;
import tcptrace.report.Report;

/** The options of {@code capture} that send its verdicts to fleet engines (a picocli mixin). */
public final class ExportOptions {
    static final int DEFAULT_QUEUE = 10_000;

    @Option(names = "--prometheus", paramLabel = "[HOST:]PORT", converter = ListenAddressConverter.class,
            description = "Serve /metrics for Prometheus here; a bare PORT listens on 127.0.0.1 only.")
    InetSocketAddress prometheus;

    @Option(names = "--otlp", paramLabel = "URL", converter = HttpUrlConverter.class,
            description = "Send each verdict as a log record, and the counts as metrics, to this OTLP/HTTP "
                    + "collector (e.g. http://collector:4318). The OTEL_* environment variables apply.")
    URI otlp;

    @Option(names = "--metrics-peer",
            description = "Also count verdicts by the peer endpoint (label peer): one series per peer, so only "
                    + "where the peers are few.")
    boolean peerLabel;

    @Option(names = "--otlp-queue", paramLabel = "N", defaultValue = "" + DEFAULT_QUEUE,
            description = "Log records held while the collector is slow or down; more are dropped and counted. "
                    + "Default: ${DEFAULT-VALUE}.")
    int otlpQueue;

    /**
     * Starts what was asked for, reading the session's counts through {@code counters}; a report that does nothing
     * when nothing was.
     *
     * @param localHost whether an endpoint is this host's (the peer is the other end)
     * @param out       where the capture's summary goes: the exports' line follows it
     * @param err       where a collector that cannot be reached is named
     */
    public Report start(SessionCounters counters, Predicate<Endpoint> localHost, PrintWriter out, PrintWriter err)
            throws InputException {
        if (otlpQueue < 1) {
            throw new InputException("--otlp-queue " + otlpQueue + ": must be at least 1");
        }
        VerdictLabels labels = new VerdictLabels(peerLabel, localHost);
        List<VerdictExporter> exporters = new ArrayList<>();
        OtlpExporter otlpExporter = null;
        if (otlp != null) {
            try {
                otlpExporter = OtlpExporter.start(otlp, otlpQueue, labels, counters, err);
            } catch (IllegalArgumentException e) {
                throw new InputException("--otlp " + otlp + ": " + e.getMessage(), e);
            }
            exporters.add(otlpExporter);
            err.println("tcptrace: sending verdicts to the OTLP collector " + otlp);
        }
        if (prometheus != null) {
            OtlpExporter queued = otlpExporter;
            Readings readings = new Readings(counters, () -> queued == null ? 0 : queued.dropped());
            try {
                PrometheusExporter p = PrometheusExporter.start(prometheus, labels, readings);
                exporters.add(p);
                err.println("tcptrace: serving metrics on " + p.url());
            } catch (IOException | RuntimeException e) {
                exporters.forEach(x -> x.close(System.nanoTime()));
                throw new InputException("--prometheus " + ListenAddress.format(prometheus.getAddress(),
                        prometheus.getPort()) + ": cannot listen (" + e.getMessage() + ")", e);
            }
        }
        err.flush();
        return new ExportReport(exporters, out);
    }

    /** {@code [HOST:]PORT} for picocli. */
    static final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return ListenAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An absolute http or https URL for picocli. */
    static final class HttpUrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new TypeConversionException("'" + value + "' is not an http:// or https:// URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL (" + e.getReason() + ")");
            }
        }
    }
}
