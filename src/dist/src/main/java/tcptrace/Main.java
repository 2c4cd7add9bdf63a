package tcptrace;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * {@code java -jar tcptrace.jar}: starts the tracer CLI inside a class loader of its own, so that the tracer's
 * libraries stay out of sight of any application that loads this jar as its agent.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        Path jar;
        try {
            jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            System.err.println("tcptrace: cannot locate tcptrace.jar (" + e + ")");
            System.exit(2);
            return;
        }
        InstClassLoader loader = new InstClassLoader(jar, Main.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName("tcptrace.cli.Tcptrace", true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
