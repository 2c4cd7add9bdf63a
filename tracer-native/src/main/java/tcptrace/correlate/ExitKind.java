package tcptrace.correlate;

/** How the JVM behind a PROCESS_EXIT ended; {@link #wire()} is what a verdict record prints. */
public enum ExitKind {
    /** The journal has the EXIT record of a shutdown hook. */
    ORDERLY("orderly"),
    /** No EXIT record: kill -9, a crash, or the kernel's OOM killer. */
    KILLED("killed");

    private final String wire;

    ExitKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
