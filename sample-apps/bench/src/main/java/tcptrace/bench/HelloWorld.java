package tcptrace.bench;

/** The start-up workload: the smallest program that a JVM runs to its end. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
