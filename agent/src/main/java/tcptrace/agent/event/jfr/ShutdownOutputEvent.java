package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.ShutdownOutput")
@Label("TCP Shutdown Output")
@Category("tcptrace")
@Description("The application shut down the sending side (FIN, half-close)")
@StackTrace(false)
public final class ShutdownOutputEvent extends TcpEvent {
}
