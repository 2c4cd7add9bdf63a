package tcptrace.correlate;

/** What a peer's RST answers (PEER_RESET); {@link #wire()} is what a verdict record prints. */
public enum ResetReason {
    /** A segment for a connection the peer no longer knows (restart, state lost or timed out there). */
    NO_SOCKET("no-socket"),
    /** A SYN: nothing listens on the port. */
    REFUSED("refused"),
    /** Data the other end sent after this peer's own FIN: a pooled connection reused after the peer closed it. */
    CLOSED("closed");

    private final String wire;

    ResetReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
