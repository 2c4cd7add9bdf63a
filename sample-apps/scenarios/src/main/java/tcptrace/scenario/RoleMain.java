package tcptrace.scenario;

import java.net.InetSocketAddress;
import java.util.Locale;

/** Runs one role of one scenario in this JVM: {@code RoleMain NAME client|server HOST:PORT}. */
public final class RoleMain {
    private RoleMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: RoleMain SCENARIO client|server HOST:PORT");
            System.exit(2);
        }
        System.exit(run(args[0], args[1], args[2]));
    }

    /** Returns the exit status; a role that ends by itself exits 0, a role that failed says why on stderr. */
    public static int run(String scenarioName, String sideName, String serverAddress) throws Exception {
        Scenario scenario = Scenarios.byName(scenarioName)
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario: " + scenarioName));
        Side side = Side.valueOf(sideName.toUpperCase(Locale.ROOT));
        int colon = serverAddress.lastIndexOf(':');
        InetSocketAddress server = new InetSocketAddress(serverAddress.substring(0, colon),
                Integer.parseInt(serverAddress.substring(colon + 1)));
        Role role = new Role(server, System.in, System.out);
        if (side == Side.CLIENT) {
            scenario.client(role);
        } else {
            scenario.server(role);
        }
        return 0;
    }
}
