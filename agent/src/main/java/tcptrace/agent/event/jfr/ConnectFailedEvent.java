package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.ConnectFailed")
@Label("TCP Connect Failed")
@Category("tcptrace")
@Description("A TCP connect of the application failed")
@StackTrace(false)
public final class ConnectFailedEvent extends TcpEvent {
}
