package tcptrace.bench;

import java.io.IOException;

/**
 * The JVM that the attach benchmark attaches to: prints {@code READY pid} and idles until its standard input
 * closes.
 */
public final class IdleTarget {
    private IdleTarget() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // idle until the runner closes our stdin
        }
    }
}
