package tcptrace.testapp;

/**
 * Stacks down two classes whose methods are alike (same method ids, same bytecode), along paths that share prefixes
 * and suffixes: for tests of stack capture, outside tcptrace.agent so that the frames are not tcptrace's own.
 */
public final class StackPaths {
    private StackPaths() {
    }

    public static final class P {
        private P() {
        }

        public static Throwable go(int levels, int path) {
            if (levels == 0) {
                return new Throwable();
            }
            return ((path >> (levels % 4)) & 1) == 0 ? P.go(levels - 1, path) : Q.go(levels - 1, path);
        }
    }

    public static final class Q {
        private Q() {
        }

        public static Throwable go(int levels, int path) {
            if (levels == 0) {
                return new Throwable();
            }
            return ((path >> (levels % 4)) & 1) == 0 ? P.go(levels - 1, path) : Q.go(levels - 1, path);
        }
    }
}
