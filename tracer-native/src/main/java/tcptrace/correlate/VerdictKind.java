package tcptrace.correlate;

/** The cause of a connection end at its {@code src}; the names are part of the JSON contract. */
public enum VerdictKind {
    APP_CLOSE,
    APP_SHUTDOWN_OUTPUT,
    APP_ABORT,
    GC_CLEANER_CLOSE,
    PROCESS_EXIT,
    PEER_CLOSE,
    PEER_RESET,
    RETRANSMISSION_TIMEOUT,
    KEEPALIVE_TIMEOUT,
    HALF_OPEN_RISK,
    UNATTRIBUTED
}
