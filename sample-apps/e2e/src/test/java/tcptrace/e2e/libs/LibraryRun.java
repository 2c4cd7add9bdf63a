package tcptrace.e2e.libs;

/** One library's exchange and close over loopback, server on the given port. */
interface LibraryRun {
    String HOST = "127.0.0.1";

    void run(int port) throws Exception;
}
