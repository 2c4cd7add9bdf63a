package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.ShutdownInput")
@Label("TCP Shutdown Input")
@Category("tcptrace")
@Description("The application shut down the receiving side")
@StackTrace(false)
public final class ShutdownInputEvent extends TcpEvent {
}
