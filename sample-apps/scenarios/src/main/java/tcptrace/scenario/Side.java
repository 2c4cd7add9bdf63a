package tcptrace.scenario;

/** The two ends of a scenario's connection. The server is the end that owns the well-known port. */
public enum Side {
    CLIENT, SERVER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
