package tcptrace.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code --count} connections to a {@link HoldServer} and holds them for {@code --hold} seconds. Prints the
 * heap each open connection costs (used heap after full GCs, before and after opening), how long opening took,
 * and how many connections were still usable at the end (each must take a 1-byte write).
 */
public final class HoldConnections {
    private static final int GC_PASSES = 3;

    private HoldConnections() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int port = Integer.parseInt(options.required("port"));
        int count = options.integer("count", 1000);
        long holdMillis = (long) (options.decimal("hold", 1) * 1000);

        long heapBefore = usedHeapAfterGc();
        List<Socket> sockets = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        long heapAfter = usedHeapAfterGc();
        Thread.sleep(holdMillis);

        int usable = 0;
        for (Socket socket : sockets) {
            if (stillUsable(socket)) {
                usable++;
            }
        }
        Results.print("open_seconds", openSeconds);
        Results.print("heap_bytes_per_connection", (double) (heapAfter - heapBefore) / count);
        Results.print("held_connections", usable);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static boolean stillUsable(Socket socket) {
        try {
            socket.getOutputStream().write(1);
            return !socket.isClosed();
        } catch (IOException e) {
            return false;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < GC_PASSES; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
