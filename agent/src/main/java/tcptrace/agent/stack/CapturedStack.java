package tcptrace.agent.stack;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A stack as the journal, JFR and the verdicts show it: its frames innermost first, without tcptrace's own, each like
 * {@code StackTraceElement.toString()} without module prefixes. It is the list of its frames, so that what reads
 * frames reads it as it is; equal to any list of the same frames.
 *
 * <p>The agent makes one per distinct stack ({@link StackCapture}) and hands that same object to every event from the
 * place: what a sink makes of a stack (a journal id, the JFR text) is made once per stack, found by identity.
 */
public final class CapturedStack extends AbstractList<String> implements RandomAccess {
    /** No frames: the event kind carries none, or none were kept. */
    public static final CapturedStack EMPTY = new CapturedStack(List.of(), false);

    private final List<String> frames;
    private final boolean closedByInterrupt;
    /** The frames as one text, made on first use: JFR events carry a stack as one field. */
    private volatile String text;

    CapturedStack(List<String> frames, boolean closedByInterrupt) {
        this.frames = frames;
        this.closedByInterrupt = closedByInterrupt;
    }

    /** Frames read back (a journal, a recording): {@code frames} itself when it is one already. */
    public static CapturedStack of(List<String> frames) {
        if (frames == null || frames.isEmpty()) {
            return EMPTY;
        }
        return frames instanceof CapturedStack c ? c : new CapturedStack(List.copyOf(frames), false);
    }

    /**
     * Whether the JDK's interruptor ran this close (a thread blocked in the channel was interrupted); seen in the
     * frames as the VM recorded them, also beyond the depth kept. Not carried by the journal: the close's actor says
     * it there.
     */
    public boolean closedByInterrupt() {
        return closedByInterrupt;
    }

    /** The frames joined by newlines, made once per stack. */
    public String text() {
        String t = text;
        if (t == null) {
            t = String.join("\n", frames);
            text = t;
        }
        return t;
    }

    /** The immutable list behind this stack: shared by every stack made from it, so it names them by identity. */
    List<String> frames() {
        return frames;
    }

    @Override
    public String get(int index) {
        return frames.get(index);
    }

    @Override
    public int size() {
        return frames.size();
    }
}
