package tcptrace.lab;

import java.net.InetSocketAddress;
import java.util.List;
import tcptrace.scenario.Side;

/** Where a scenario's two roles run and how the packets between them can be watched and cut. */
interface Network {

    InetSocketAddress serverAddress();

    /** Wraps a command so that it runs on the given side (inside its namespace, if any). */
    List<String> on(Side side, List<String> command);

    /** Interface that carries the scenario's packets, as seen from the client's side. */
    String captureInterface();

    /** BPF filter that keeps the scenario's packets apart from other traffic on the interface. */
    String captureFilter();

    /** Drops every packet in and out of the server's side: the cable is cut. */
    void cutCable();

    void restoreCable();
}
