package tcptrace.agent.event.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("tcptrace.Options")
@Label("TCP Options")
@Category("tcptrace")
@Description("The application changed a socket option that decides how a dead peer is noticed")
@StackTrace(false)
public final class OptionsEvent extends TcpEvent {
}
