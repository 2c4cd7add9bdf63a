package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Accept")
@Label("TCP Accept")
@Category("tcptrace")
@Description("The application accepted a TCP connection")
@StackTrace(false)
public final class AcceptEvent extends TcpEvent {
}
