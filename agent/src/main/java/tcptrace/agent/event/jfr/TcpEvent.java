package tcptrace.agent.event.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * The fields every tcptrace JFR event has, under the same names, so that a reader handles all kinds alike. The
 * concrete classes only name the kind.
 */
abstract class TcpEvent extends Event {
    @Label("Wall Clock")
    @Description("Epoch nanoseconds of the call, the clock of pcap's kernel timestamps")
    public long wallClockNanos;

    @Label("Connection Id")
    @Description("Per-JVM sequence number of the connection; 0 when unknown")
    public long connectionId;

    @Label("Connection Start")
    @Description("Epoch nanoseconds of the connect or accept; 0 when unknown (opened before the agent attached)")
    public long connectionStartNanos;

    @Label("API")
    @Description("SOCKET, SERVER_SOCKET, SOCKET_CHANNEL, SERVER_SOCKET_CHANNEL or UNKNOWN")
    public String api;

    @Label("Local Address")
    public String localAddress;

    @Label("Local Port")
    public int localPort;

    @Label("Remote Address")
    public String remoteAddress;

    @Label("Remote Port")
    public int remotePort;

    @Label("Thread Name")
    public String threadName;

    @Label("Thread Id")
    public long threadId;

    @Label("Virtual Thread")
    public boolean virtualThread;

    @Label("Close Actor")
    @Description("Who closed the socket: APP, CLEANER, INTERRUPT; NONE for other kinds")
    public String actor;

    @Label("Bytes Read")
    @DataAmount
    public long bytesRead;

    @Label("Bytes Written")
    @DataAmount
    public long bytesWritten;

    @Label("SO_KEEPALIVE")
    @Description("1 on, 0 off, -1 unknown")
    public int keepAlive;

    @Label("TCP_KEEPIDLE")
    @Description("Seconds; -1 when never set (the sysctl applies)")
    public int keepIdle;

    @Label("TCP_KEEPINTERVAL")
    @Description("Seconds; -1 when never set")
    public int keepInterval;

    @Label("TCP_KEEPCOUNT")
    @Description("Probes; -1 when never set")
    public int keepCount;

    @Label("SO_LINGER")
    @Description("Seconds; -1 when off, 0 makes close send RST")
    public int linger;

    @Label("SO_TIMEOUT")
    @Description("Milliseconds; 0 for none, -1 unknown")
    public int soTimeout;

    @Label("Message")
    @Description("Exception message of a failed connect or an I/O error")
    public String message;

    @Label("Stack")
    @Description("Frames of the calling thread, innermost first, one per line, without tcptrace's own")
    public String stack;
}
