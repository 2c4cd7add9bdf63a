package tcptrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whether this machine can host the namespace lab, and if not, exactly what is missing. */
public final class LabEnvironment {
    private static final List<String> TOOLS = List.of("ip", "nft", "tcpdump");

    private LabEnvironment() {
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Empty when namespaces can be used; otherwise one line per missing piece. */
    public static List<String> namespaceProblems() {
        List<String> problems = new ArrayList<>();
        if (!isRoot()) {
            problems.add("root (or CAP_SYS_ADMIN + CAP_NET_ADMIN + CAP_NET_RAW) to create network namespaces, "
                    + "cut cables with nftables and capture packets");
        }
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                problems.add("the `" + tool + "` command (packages: iproute2, nftables, tcpdump)");
            }
        }
        if (problems.isEmpty()) {
            String probe = "tt" + ProcessHandle.current().pid() + "-probe";
            Exec.Result add = Exec.run(List.of("ip", "netns", "add", probe));
            if (add.ok()) {
                Exec.run(List.of("ip", "netns", "del", probe));
            } else {
                problems.add("permission to create network namespaces (`ip netns add` says: "
                        + add.stderr().strip() + ")");
            }
        }
        return problems;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
