package tcptrace.e2e.stale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The client programs' side of the test's script: each prints what it did, says IDLE once its pooled connection is
 * idle, and waits for GO, which the test sends once the server's FIN for it is on the wire.
 */
final class ClientSteps {
    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8));

    private ClientSteps() {
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void idleUntilGo() throws IOException {
        say("IDLE");
        String line;
        while ((line = IN.readLine()) != null) {
            if (line.equals("GO")) {
                return;
            }
        }
        throw new IOException("the test went away before GO");
    }
}
