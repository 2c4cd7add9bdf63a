package tcptrace.report;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * A verdict as a JFR event. JFR stamps an event with the time it is committed and the committing thread's stack,
 * and offers no way to set either from outside; so the verdict's own time is in {@code time}, and the closing
 * call's frames are in {@code stack} (the recorded stack would be the report writer's and is left out).
 */
@Name("tcptrace.Verdict")
@Label("TCP Verdict")
@Category("tcptrace")
@Description("Who ended a TCP connection, and why")
@StackTrace(false)
final class VerdictEvent extends jdk.jfr.Event {
    @Label("Time")
    @Description("When the FIN or RST was captured (or the end was seen)")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long time;

    @Label("Wall Clock Nanos")
    long wallClockNanos;

    @Label("Source")
    String src;

    @Label("Destination")
    String dst;

    @Label("Verdict")
    String verdict;

    @Label("Packet")
    String packet;

    @Label("Reason")
    String reason;

    @Label("Exit")
    String exit;

    @Label("Pid")
    long pid;

    @Label("Thread")
    String thread;

    @Label("Explanation")
    String explanation;

    @Label("Idle")
    @Description("How long the connection had carried no data before this end; N/A when unknown")
    @Timespan(Timespan.MILLISECONDS)
    long idle;

    @Label("Stack")
    @Description("Frames of the closing call, innermost first, one per line")
    String stack;
}
