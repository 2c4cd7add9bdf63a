package tcptrace.source;

import java.util.List;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;

/**
 * The application side of a post-mortem: the JVMs, their events, and what went wrong reading them.
 *
 * @param damages one line per damaged place, naming the file and where reading stopped or resumed
 * @param notes   other things a person should know about the evidence
 */
public record AppEvidence(List<TracedJvm> jvms, List<AppEvent> events, List<String> damages, List<String> notes) {
}
