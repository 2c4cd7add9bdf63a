package tcptrace.correlate;

import java.util.Optional;

/** One verdict's test: it answers only when its evidence is all there. Rules are tried in a fixed order. */
interface Rule {
    Optional<Verdict> decide(EndContext c);
}
