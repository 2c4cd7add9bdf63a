package tcptrace.report;

import tcptrace.agent.event.Endpoint;

/**
 * An endpoint as {@link Endpoint#toString} writes it, without the two InetAddress objects that costs for an IPv4
 * end: a report prints two per verdict, by the million.
 */
final class EndpointText {
    private EndpointText() {
    }

    static String of(Endpoint e) {
        return append(new StringBuilder(21), e).toString();
    }

    /** Appends the text to {@code b}: a JSON line is written without a String per endpoint. */
    static StringBuilder append(StringBuilder b, Endpoint e) {
        byte[] a = e.address();
        if (a.length != 4) {
            return b.append(e);
        }
        for (int i = 0; i < 4; i++) {
            b.append(a[i] & 0xFF).append(i < 3 ? '.' : ':');
        }
        return b.append(e.port());
    }
}
