package tcptrace.export;

/**
 * The session's counts as metrics, named once for both engines: Prometheus ({@code snake_case}, a counter gets
 * {@code _total} on the wire) and OpenTelemetry (dotted).
 */
enum SessionMetric {
    PACKETS("tcptrace_packets", "tcptrace.packets", true,
            "TCP segments correlated", (s, exported) -> s.packets()),
    CONNECTIONS("tcptrace_connections", "tcptrace.connections", true,
            "TCP connections seen on the wire", (s, exported) -> s.connections()),
    CAPTURE_DROPS("tcptrace_capture_dropped_packets", "tcptrace.capture.dropped_packets", true,
            "Packets the kernel or the interface dropped before the capture read them", (s, x) -> s.captureDrops()),
    JOURNAL_DAMAGE("tcptrace_journal_damage", "tcptrace.journal.damage", true,
            "Damaged places stepped over in the journals (torn or corrupt records)", (s, x) -> s.journalDamage()),
    JOURNAL_DROPS("tcptrace_journal_dropped_records", "tcptrace.journal.dropped_records", true,
            "Records the agents dropped because their journal had no room", (s, x) -> s.journalDroppedRecords()),
    EXPORT_DROPS("tcptrace_export_dropped_records", "tcptrace.export.dropped_records", true,
            "Verdict records the OTLP export dropped because its queue was full", (s, exportDropped) -> exportDropped),
    OPEN("tcptrace_open_connections", "tcptrace.connections.open", false,
            "Connections the traced JVMs hold open", (s, x) -> s.open()),
    AT_RISK("tcptrace_at_risk_connections", "tcptrace.connections.at_risk", false,
            "Open connections with keepalive off: a vanished peer would go unnoticed while they idle",
            (s, x) -> s.atRisk());

    /** Reads one value from the session's snapshot and the export's own drop count. */
    interface Reading {
        long of(SessionCounts session, long exportDropped);
    }

    final String prometheusName;
    final String otelName;
    final boolean monotonic;
    final String help;
    private final Reading reading;

    SessionMetric(String prometheusName, String otelName, boolean monotonic, String help, Reading reading) {
        this.prometheusName = prometheusName;
        this.otelName = otelName;
        this.monotonic = monotonic;
        this.help = help;
        this.reading = reading;
    }

    long read(SessionCounts session, long exportDropped) {
        return reading.of(session, exportDropped);
    }
}
