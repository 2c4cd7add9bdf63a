package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Error")
@Label("TCP Error")
@Category("tcptrace")
@Description("An I/O call failed: reset, broken pipe, timed out")
@StackTrace(false)
public final class ErrorEvent extends TcpEvent {
}
