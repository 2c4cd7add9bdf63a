package tcptrace.bench;

import com.sun.tools.attach.VirtualMachine;

/**
 * Times the attach API's own steps against a running JVM: {@code VirtualMachine.attach(pid)} and
 * {@code loadAgent(jar, options)}, which returns once the agent's {@code agentmain} has returned.
 */
public final class AttachTimer {
    private AttachTimer() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String pid = options.required("pid");
        String jar = options.required("jar");
        String agentOptions = options.string("options", "");

        long start = System.nanoTime();
        VirtualMachine vm = VirtualMachine.attach(pid);
        long attached = System.nanoTime();
        try {
            vm.loadAgent(jar, agentOptions);
        } finally {
            vm.detach();
        }
        long loaded = System.nanoTime();
        Results.print("attach_ms", (attached - start) / 1e6);
        Results.print("load_agent_ms", (loaded - attached) / 1e6);
    }
}
