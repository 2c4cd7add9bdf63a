package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Close")
@Label("TCP Close")
@Category("tcptrace")
@Description("A TCP socket was closed: by the application, the JDK's Cleaner or an interrupt")
@StackTrace(false)
public final class CloseEvent extends TcpEvent {
}
