package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The server handles its connection on a virtual thread (Java 21+), where blocking socket calls park the virtual
 * thread instead of its carrier. The client closes; the server's virtual thread reads EOF and closes.
 */
public final class VirtualThreadServer implements Scenario {

    @Override
    public String name() {
        return "virtual-thread-server";
    }

    @Override
    public String summary() {
        return "the server works on a virtual thread; the client closes, the virtual thread closes after EOF";
    }

    @Override
    public int minimumJava() {
        return 21;
    }

    @Override
    public void server(Role role) throws Exception {
        ExecutorService threads = newVirtualThreadPerTask();
        try (ServerSocket listener = Sockets.listen(role)) {
            Socket accepted = listener.accept();
            threads.submit(() -> {
                try (Socket socket = accepted) {
                    Sockets.readUntilEof(socket.getInputStream());
                }
                return null;
            }).get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdown();
        }
        role.signal("DONE");
        role.park();
    }

    /** Reflective, so that the scenarios still compile for Java 17. */
    private static ExecutorService newVirtualThreadPerTask() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    @Override
    public void client(Role role) throws Exception {
        Sockets.helloAndClose(role);
    }

    /** The server's virtual thread of a per-task executor has no name: "", as Thread.getName() says. */
    @Override
    public String closingThread(Side side) {
        return side == Side.SERVER ? "" : "main";
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
