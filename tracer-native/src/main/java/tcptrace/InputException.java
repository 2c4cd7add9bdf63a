package tcptrace;

/**
 * Input the tracer cannot use: corrupt pcap, torn journal, unknown interface, no capture permission. The message is
 * one line for a person; the CLI prints it and exits with 2, never with a stack trace.
 */
public class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
