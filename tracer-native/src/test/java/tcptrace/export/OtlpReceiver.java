package tcptrace.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A collector for tests: takes OTLP/HTTP protobuf requests on {@code /v1/logs} and {@code /v1/metrics}, decodes them
 * with the protocol's own generated classes and keeps them.
 */
public final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        OtlpReceiver r = new OtlpReceiver(server);
        server.createContext("/v1/logs", x -> r.take(x, true));
        server.createContext("/v1/metrics", x -> r.take(x, false));
        server.start();
        return r;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void take(HttpExchange x, boolean isLogs) throws IOException {
        try (x) {
            if (!"POST".equals(x.getRequestMethod())
                    || !"application/x-protobuf".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                x.sendResponseHeaders(415, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equals(x.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(x.getRequestBody()) : x.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] answer;
            if (isLogs) {
                logs.add(ExportLogsServiceRequest.parseFrom(body));
                answer = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
            } else {
                metrics.add(ExportMetricsServiceRequest.parseFrom(body));
                answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            }
            x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            x.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = x.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    /** A log record with the resource it came with. */
    public record Received(Resource resource, LogRecord record) {
        public Map<String, AnyValue> attributes() {
            return OtlpReceiver.attributes(record.getAttributesList());
        }

        public Map<String, AnyValue> resourceAttributes() {
            return OtlpReceiver.attributes(resource.getAttributesList());
        }
    }

    public List<Received> logRecords() {
        List<Received> all = new ArrayList<>();
        for (ExportLogsServiceRequest req : logs) {
            req.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl ->
                    sl.getLogRecordsList().forEach(lr -> all.add(new Received(rl.getResource(), lr)))));
        }
        return all;
    }

    /** The newest data point of the sum or gauge {@code name} whose attributes include {@code attributes}. */
    public Optional<NumberDataPoint> latest(String name, Map<String, String> attributes) {
        NumberDataPoint found = null;
        for (ExportMetricsServiceRequest req : metrics) {
            for (var rm : req.getResourceMetricsList()) {
                for (var sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (!m.getName().equals(name)) {
                            continue;
                        }
                        List<NumberDataPoint> points = m.hasSum() ? m.getSum().getDataPointsList()
                                : m.getGauge().getDataPointsList();
                        for (NumberDataPoint p : points) {
                            Map<String, AnyValue> a = attributes(p.getAttributesList());
                            boolean match = attributes.entrySet().stream().allMatch(e ->
                                    a.containsKey(e.getKey()) && a.get(e.getKey()).getStringValue().equals(e.getValue()));
                            if (match && (found == null || p.getTimeUnixNano() >= found.getTimeUnixNano())) {
                                found = p;
                            }
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The resources the metrics requests came with. */
    public List<Resource> metricResources() {
        List<Resource> all = new ArrayList<>();
        metrics.forEach(req -> req.getResourceMetricsList().forEach(rm -> all.add(rm.getResource())));
        return all;
    }

    static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
        Map<String, AnyValue> m = new HashMap<>();
        kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
