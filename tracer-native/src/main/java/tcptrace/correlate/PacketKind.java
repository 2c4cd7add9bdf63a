package tcptrace.correlate;

/** The packet that ended a connection; {@link #wire()} is what a verdict record prints. */
public enum PacketKind {
    FIN("FIN"),
    RST("RST");

    private final String wire;

    PacketKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
