package tcptrace.journal;

import java.io.IOException;

/** A journal that cannot be used as asked; the message is one line meant for a person. */
public final class JournalException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
