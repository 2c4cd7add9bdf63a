package tcptrace.postmortem;

/**
 * What a report needs of a post-mortem run besides the verdicts, so that the run keeps nothing more.
 *
 * @param evidence each verdict's packets and events (shown in the report); without, they are dropped on the way
 * @param packets  every segment of the capture (a timeline draws them all)
 * @param wholeSet all verdicts before it writes anything (a file written at the end); without, each verdict is
 *                 passed on once no earlier one can follow
 */
public record ReportNeeds(boolean evidence, boolean packets, boolean wholeSet) {
}
