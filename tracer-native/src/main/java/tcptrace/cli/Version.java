package tcptrace.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; a build from the source tree has none. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Tcptrace.class.getPackage().getImplementationVersion();
        return new String[] {"tcptrace " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
