package tcptrace.capture;

import tcptrace.InputException;

/** Opens a live capture in a child JVM and prints the outcome on one line: "opened", or the error message. */
public final class LiveCaptureProbe {
    private LiveCaptureProbe() {
    }

    public static void main(String[] args) {
        try (LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of(args[0]))) {
            System.out.println("opened link type " + source.linkType());
        } catch (InputException e) {
            System.out.println(e.getMessage());
            System.exit(2);
        }
    }
}
