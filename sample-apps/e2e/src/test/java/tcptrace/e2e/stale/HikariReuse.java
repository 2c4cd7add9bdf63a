package tcptrace.e2e.stale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * HikariCP with one pooled pgjdbc connection: the first query leaves it idle in the pool, the server's
 * idle_session_timeout ends the session, and the next borrow finds out.
 */
public final class HikariReuse {
    private HikariReuse() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setPoolName("orders");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ClientSteps.say("first query: " + selectOne(pool));
            ClientSteps.idleUntilGo();
            try {
                ClientSteps.say("second query: " + selectOne(pool));
            } catch (java.sql.SQLException e) {
                ClientSteps.say("second query failed: " + e.getMessage());
            }
        }
        ClientSteps.say("DONE");
    }

    private static int selectOne(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select 1")) {
            r.next();
            return r.getInt(1);
        }
    }
}
