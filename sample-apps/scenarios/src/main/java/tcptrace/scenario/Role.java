package tcptrace.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What a scenario role sees in its own JVM: the server's address, a line protocol to the lab (signals out on stdout,
 * commands in on stdin), and a way to stay alive until the lab has finished observing.
 */
public final class Role {
    /** Lines the lab reads as signals start with this; anything else on stdout is ordinary output. */
    public static final String SIGNAL_PREFIX = "@@ ";

    private final InetSocketAddress server;
    private final BufferedReader commands;
    private final PrintStream out;

    public Role(InetSocketAddress server, InputStream commands, PrintStream out) {
        this.server = server;
        this.commands = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
        this.out = out;
    }

    /** The server's listening address: the server binds it, the client connects to it. */
    public InetSocketAddress server() {
        return server;
    }

    /** Tells the lab that this role reached a point of its script. */
    public void signal(String name) {
        out.println(SIGNAL_PREFIX + name);
        out.flush();
    }

    /** Blocks until the lab sends the named command. */
    public void awaitCommand(String name) {
        try {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals(name)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the lab went away before sending " + name);
    }

    /**
     * Keeps the JVM (and whatever sockets the scenario left open) alive until the lab closes stdin or kills the
     * process: a role that exited by itself would add a process exit that the scenario did not ask for.
     */
    public void park() {
        try {
            while (commands.readLine() != null) {
                // only end-of-input releases a parked role
            }
        } catch (IOException e) {
            // stdin gone: same as end of input
        }
    }
}
