package tcptrace.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Re-records the tcptrace events of another JVM's recording in this one, as events of the same name and fields.
 * Appending that recording's chunks as they are would be simpler, but JFR's readers key event types by an id that
 * each JVM assigns on its own: in a file whose chunks come from two JVMs, one JVM's tcptrace.Close can share its id
 * with the other's tcptrace.Verdict, and the readers (jfr print, Mission Control) then lose one of them.
 * The copies are stamped when copied; their {@code wallClockNanos} field keeps when each happened.
 */
final class JfrEventCopier {
    private static final String PREFIX = "tcptrace.";
    private static final String JDK_ANNOTATIONS = "jdk.jfr.";

    private final Recording recording;
    private final Map<String, Copy> copies = new HashMap<>();

    /** How to copy one event type: its factory, and the names of the fields it was made with, in their order. */
    private record Copy(EventFactory factory, List<String> fields) {
    }

    /** @param recording the running recording the copies go to */
    JfrEventCopier(Recording recording) {
        this.recording = recording;
    }

    /** Copies every tcptrace event of {@code file}; returns how many. */
    long copy(Path file) throws IOException {
        long copied = 0;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                EventType type = e.getEventType();
                if (!type.getName().startsWith(PREFIX)) {
                    continue;
                }
                Copy how = copies.computeIfAbsent(type.getName(), n -> copyOf(type));
                Event copy = how.factory().newEvent();
                for (int i = 0; i < how.fields().size(); i++) {
                    copy.set(i, e.getValue(how.fields().get(i)));
                }
                copy.commit();
                copied++;
            }
        }
        return copied;
    }

    private Copy copyOf(EventType type) {
        List<AnnotationElement> annotations = new ArrayList<>();
        annotations.add(new AnnotationElement(Name.class, type.getName()));
        if (type.getLabel() != null) {
            annotations.add(new AnnotationElement(Label.class, type.getLabel()));
        }
        annotations.add(new AnnotationElement(Category.class, type.getCategoryNames().toArray(String[]::new)));
        annotations.add(new AnnotationElement(StackTrace.class, false)); // the copier's own stack says nothing
        List<ValueDescriptor> fields = new ArrayList<>();
        for (ValueDescriptor f : type.getFields()) {
            Class<?> javaType = javaType(f.getTypeName());
            if (javaType != null && !isImplicit(f.getName())) {
                List<AnnotationElement> fieldAnnotations = f.getAnnotationElements().stream()
                        .filter(a -> a.getTypeName().startsWith(JDK_ANNOTATIONS)).toList();
                fields.add(new ValueDescriptor(javaType, f.getName(), fieldAnnotations));
            }
        }
        EventFactory factory = EventFactory.create(annotations, fields);
        recording.enable(type.getName());
        return new Copy(factory, fields.stream().map(ValueDescriptor::getName).toList());
    }

    /** startTime, duration, eventThread and stackTrace belong to every event; JFR fills them in for the copy. */
    private static boolean isImplicit(String field) {
        return field.equals("startTime") || field.equals("duration") || field.equals("eventThread")
                || field.equals("stackTrace");
    }

    private static Class<?> javaType(String typeName) {
        return switch (typeName) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "java.lang.String" -> String.class;
            default -> null;
        };
    }
}
