package tcptrace.agent.instrument;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/** The advice for one JDK class. */
interface JdkClassInstrumentation {
    /** Binary names of the classes to instrument. */
    List<String> classNames();

    AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base);
}
