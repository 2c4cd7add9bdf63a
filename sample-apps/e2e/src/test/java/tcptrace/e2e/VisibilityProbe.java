package tcptrace.e2e;

/** Runs with tcptrace.jar as its agent and prints, per class name, whether the application can load it. */
public final class VisibilityProbe {
    private VisibilityProbe() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            String seen;
            try {
                Class.forName(name, false, VisibilityProbe.class.getClassLoader());
                seen = "visible";
            } catch (ClassNotFoundException e) {
                seen = "hidden";
            }
            System.out.println(name + " " + seen);
        }
    }
}
