package tcptrace.os;

/**
 * The process that holds a socket, as the kernel says (a descriptor of it links to the socket's inode).
 *
 * @param command its command name (/proc/&lt;pid&gt;/comm), e.g. "nginx", "java"
 */
public record SocketOwner(long pid, String command) {
    /** "pid 812 (nginx)". */
    public String describe() {
        return "pid " + pid + " (" + command + ")";
    }
}
