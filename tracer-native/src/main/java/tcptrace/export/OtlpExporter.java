package tcptrace.export;

import static java.util.concurrent.TimeUnit.SECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import tcptrace.correlate.Verdict;

/**
 * Sends each verdict as an OTLP log record and the counts as OTLP metrics, over HTTP with the SDK's JDK sender. The
 * SDK reads the standard {@code OTEL_*} variables (headers, timeout, compression, resource attributes, export
 * interval, ...); {@code --otlp} names the collector and wins over {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
final class OtlpExporter implements VerdictExporter {
    /** The SDK logs every failed export through java.util.logging; {@link CollectorHealth} says it once instead. */
    private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");

    static final AttributeKey<String> SOURCE_ADDRESS = AttributeKey.stringKey("source.address");
    static final AttributeKey<Long> SOURCE_PORT = AttributeKey.longKey("source.port");
    static final AttributeKey<String> DESTINATION_ADDRESS = AttributeKey.stringKey("destination.address");
    static final AttributeKey<Long> DESTINATION_PORT = AttributeKey.longKey("destination.port");
    static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");
    static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
    static final AttributeKey<String> CODE_STACKTRACE = AttributeKey.stringKey("code.stacktrace");
    static final AttributeKey<String> VERDICT = AttributeKey.stringKey("tcptrace.verdict");
    static final AttributeKey<String> PACKET = AttributeKey.stringKey("tcptrace.packet");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("tcptrace.reason");
    static final AttributeKey<String> EXIT = AttributeKey.stringKey("tcptrace.exit");
    static final AttributeKey<Double> IDLE = AttributeKey.doubleKey("tcptrace.idle");
    static final AttributeKey<String> PEER = AttributeKey.stringKey("tcptrace.peer");
    static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

    private final OpenTelemetrySdk sdk;
    private final QueuedLogProcessor logs;
    private final ExportQueue<LogRecordData> queue;
    private final Logger logger;
    private final LongCounter verdicts;
    private final VerdictLabels labels;
    private final URI endpoint;
    private final CollectorHealth health;

    private OtlpExporter(OpenTelemetrySdk sdk, QueuedLogProcessor logs, ExportQueue<LogRecordData> queue,
                         VerdictLabels labels, URI endpoint, CollectorHealth health) {
        this.sdk = sdk;
        this.logs = logs;
        this.queue = queue;
        this.logger = sdk.getSdkLoggerProvider().get("tcptrace");
        Meter meter = sdk.getMeter("tcptrace");
        this.verdicts = meter.counterBuilder("tcptrace.verdicts").setUnit("{verdict}")
                .setDescription("Verdicts on FIN and RST packets and on connection ends without one").build();
        this.labels = labels;
        this.endpoint = endpoint;
        this.health = health;
    }

    /**
     * @param endpoint   the collector's base URL ({@code /v1/logs} and {@code /v1/metrics} are appended)
     * @param queueBound log records held while the collector is slow or down
     * @throws IllegalArgumentException with a sentence for the user, when the SDK rejects its configuration
     */
    static OtlpExporter start(URI endpoint, int queueBound, VerdictLabels labels, SessionCounters counters,
                              PrintWriter err) {
        SDK_LOG.setLevel(Level.OFF);
        CollectorHealth health = new CollectorHealth("OTLP collector " + endpoint, err);
        ExportQueue<LogRecordData> queue = new ExportQueue<>(queueBound);
        AtomicReference<QueuedLogProcessor> logs = new AtomicReference<>();
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.service.name", "tcptrace",
                            "otel.traces.exporter", "none",
                            "otel.metrics.exporter", "otlp",
                            // the queue retries with back-off; a failed metric export is repeated by the next one
                            "otel.java.exporter.otlp.retry.disabled", "true"))
                    .addPropertiesCustomizer(config -> Map.of(
                            "otel.exporter.otlp.endpoint", endpoint.toString(),
                            "otel.exporter.otlp.protocol", "http/protobuf",
                            "otel.exporter.otlp.logs.protocol", "http/protobuf",
                            "otel.exporter.otlp.metrics.protocol", "http/protobuf",
                            // the log records take the queued path below, not the SDK's batch processor
                            "otel.logs.exporter", "none"))
                    .addResourceCustomizer((resource, config) ->
                            Resource.create(Attributes.of(HOST_NAME, hostName())).merge(resource))
                    .addMetricExporterCustomizer((exporter, config) -> new WatchedMetricExporter(exporter, health))
                    .addLoggerProviderCustomizer((builder, config) -> {
                        logs.set(new QueuedLogProcessor(queue, otlpLogExporter(config), health));
                        return builder.addLogRecordProcessor(logs.get());
                    })
                    .disableShutdownHook() // the capture ends the export itself, within its own deadline
                    .build().getOpenTelemetrySdk();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("OpenTelemetry configuration: " + e.getMessage(), e);
        }
        OtlpExporter exporter = new OtlpExporter(sdk, logs.get(), queue, labels, endpoint, health);
        exporter.observe(new Readings(counters, queue::dropped));
        return exporter;
    }

    private void observe(Readings readings) {
        Meter meter = sdk.getMeter("tcptrace");
        for (SessionMetric m : SessionMetric.values()) {
            if (m.monotonic) {
                meter.counterBuilder(m.otelName).setDescription(m.help)
                        .buildWithCallback(o -> o.record(readings.value(m)));
            } else {
                meter.gaugeBuilder(m.otelName).setDescription(m.help).ofLongs()
                        .buildWithCallback(o -> o.record(readings.value(m)));
            }
        }
    }

    /** The SDK's own OTLP log exporter, configured from the same properties as everything else. */
    private static LogRecordExporter otlpLogExporter(ConfigProperties config) {
        for (ConfigurableLogRecordExporterProvider p : ServiceLoader.load(ConfigurableLogRecordExporterProvider.class,
                OtlpExporter.class.getClassLoader())) {
            if (p.getName().equals("otlp")) {
                return p.createExporter(config);
            }
        }
        throw new ConfigurationException("no OTLP log exporter on the class path");
    }

    @Override
    public void verdict(Verdict v) {
        try {
            verdicts.add(1, metricAttributes(v));
            logger.logRecordBuilder()
                    .setTimestamp(v.timeNanos(), NANOSECONDS)
                    .setSeverity(Severity.INFO)
                    .setEventName("tcptrace.verdict")
                    .setBody(v.explanation())
                    .setAllAttributes(recordAttributes(v))
                    .emit();
        } catch (RuntimeException e) {
            queue.discard(); // a record the SDK would not take is a dropped one, and the capture goes on
        }
    }

    private Attributes metricAttributes(Verdict v) {
        List<String> names = labels.names();
        List<String> values = labels.values(v);
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < names.size(); i++) {
            if (!values.get(i).isEmpty()) {
                b.put(names.get(i).equals(VerdictLabels.PEER) ? PEER.getKey() : "tcptrace." + names.get(i),
                        values.get(i));
            }
        }
        return b.build();
    }

    /** The record's attributes, after the semantic conventions where they have a name. */
    static Attributes recordAttributes(Verdict v) {
        AttributesBuilder b = Attributes.builder()
                .put(SOURCE_ADDRESS, v.src().hostAddress())
                .put(SOURCE_PORT, (long) v.src().port())
                .put(DESTINATION_ADDRESS, v.dst().hostAddress())
                .put(DESTINATION_PORT, (long) v.dst().port())
                .put(VERDICT, v.verdict().name());
        putIfPresent(b, PACKET, v.packet() == null ? null : v.packet().wire());
        putIfPresent(b, REASON, v.reason() == null ? null : v.reason().wire());
        putIfPresent(b, EXIT, v.exit() == null ? null : v.exit().wire());
        putIfPresent(b, THREAD_NAME, v.thread());
        if (v.pid() != null) {
            b.put(PROCESS_PID, v.pid());
        }
        if (v.stack() != null && !v.stack().isEmpty()) {
            b.put(CODE_STACKTRACE, "at " + String.join("\nat ", v.stack()));
        }
        if (v.idle() != null) {
            b.put(IDLE, v.idle().toMillis() / 1000.0);
        }
        return b.build();
    }

    private static void putIfPresent(AttributesBuilder b, AttributeKey<String> key, String value) {
        if (value != null) {
            b.put(key, value);
        }
    }

    @Override
    public long dropped() {
        return queue.dropped();
    }

    @Override
    public void close(long deadlineNanos) {
        logs.drain(deadlineNanos);
        // the metrics' last export, as far as the deadline lets it go: the SDK's shutdown waits for its threads on
        // the caller's, so it gets a thread of its own that the capture does not wait for beyond the deadline
        Thread shutdown = new Thread(() -> sdk.shutdown().join(1, SECONDS), "tcptrace-otlp-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        if (health.isDown()) {
            return; // nothing would reach it: the capture does not wait for that
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                NANOSECONDS.timedJoin(shutdown, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String summary() {
        long undelivered = logs.undelivered();
        return queue.delivered() + " verdicts sent to OTLP " + endpoint + ", " + queue.dropped() + " dropped (queue full)"
                + (undelivered > 0 ? ", " + undelivered + " not delivered when the capture ended" : "");
    }

    /** The kernel's name for this host, which is what {@code hostname} prints; no DNS lookup. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux's procfs: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
