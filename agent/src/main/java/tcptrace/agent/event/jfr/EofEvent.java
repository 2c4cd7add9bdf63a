package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Eof")
@Label("TCP End of Stream")
@Category("tcptrace")
@Description("A read returned end-of-stream: the peer's FIN reached the application")
@StackTrace(false)
public final class EofEvent extends TcpEvent {
}
