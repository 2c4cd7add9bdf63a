package tcptrace.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Asks the application's class loader for every class stored in a jar (argument 1), whatever folder or nested jar
 * it sits in ({@code x.class} at the root, {@code folder/x.classdata}, the entries of a nested {@code .jar}), and
 * prints {@code tried <n>}, then {@code visible <class name>} for each it can load. With {@code --wait} first, it
 * prints {@code ready <pid>} and waits for a line on stdin before it looks (an agent is attached meanwhile).
 */
public final class JarClassVisibility {
    private JarClassVisibility() {
    }

    public static void main(String[] args) throws Exception {
        int at = 0;
        if (args[0].equals("--wait")) {
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            if (System.in.read() < 0) {
                throw new IllegalStateException("stdin closed before the attach was done");
            }
            at = 1;
        }
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(args[at])) {
            for (JarEntry e : Collections.list(jar.entries())) {
                addClassName(e.getName(), names);
                if (e.getName().endsWith(".jar")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        nestedClassNames(in, names);
                    }
                }
            }
        }
        System.out.println("tried " + names.size());
        ClassLoader application = JarClassVisibility.class.getClassLoader();
        for (String name : names) {
            try {
                Class.forName(name, false, application);
                System.out.println("visible " + name);
            } catch (ClassNotFoundException | LinkageError hidden) {
                // what the sealed jar is for
            }
        }
    }

    private static void nestedClassNames(InputStream in, List<String> names) throws IOException {
        try (JarInputStream nested = new JarInputStream(in)) {
            for (JarEntry e = nested.getNextJarEntry(); e != null; e = nested.getNextJarEntry()) {
                addClassName(e.getName(), names);
            }
        }
    }

    /** {@code a/B.class} is a.B; {@code folder/a/B.classdata} is a.B as well (the folder is the loader's). */
    private static void addClassName(String entry, List<String> names) {
        String path;
        if (entry.endsWith(".class")) {
            path = entry.substring(0, entry.length() - ".class".length());
        } else if (entry.endsWith(".classdata")) {
            path = entry.substring(entry.indexOf('/') + 1, entry.length() - ".classdata".length());
        } else {
            return;
        }
        if (!path.endsWith("module-info") && !path.endsWith("package-info")) {
            names.add(path.replace('/', '.'));
        }
    }
}
