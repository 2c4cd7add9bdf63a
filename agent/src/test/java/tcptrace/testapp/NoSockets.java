package tcptrace.testapp;

/** A program that never opens a socket. */
public final class NoSockets {
    private NoSockets() {
    }

    public static void main(String[] args) {
        System.out.println("no sockets");
    }
}
