package tcptrace.export;

import tcptrace.correlate.Verdict;

/** Values of a verdict that the exporters publish and that a verdict may not carry. */
final class VerdictFields {
    private VerdictFields() {
    }

    /**
     * Seconds the connection had carried no data before this FIN or RST, or null when unknown. The verdicts of this
     * build do not measure idleness yet: this is the one place that reads it once they do.
     */
    static Double idleSeconds(Verdict v) {
        return null;
    }
}
