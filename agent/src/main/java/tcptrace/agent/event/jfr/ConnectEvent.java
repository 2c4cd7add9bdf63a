package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Connect")
@Label("TCP Connect")
@Category("tcptrace")
@Description("The application connected a TCP socket")
@StackTrace(false)
public final class ConnectEvent extends TcpEvent {
}
