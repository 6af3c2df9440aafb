package org.postern.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps SQLite's prepared statements across uses of a pooled connection. The SQLite driver
 * compiles every {@code prepareStatement} afresh and reads its column names, and the pool
 * closes what was prepared through it; a delivery prepares some twenty statements, so this
 * was about a tenth of the server's CPU under load (docs/adr/0009-benchmarks.md).
 *
 * <p>{@link #wrap} hands the work a connection whose {@code prepareStatement(String)} returns
 * the statement compiled on the physical connection the first time that text was seen there;
 * closing it only clears its parameters (SQLite resets a statement when its result set is
 * closed or an update has run, so it holds no read snapshot). Everything else goes to the
 * pooled connection as before. A physical connection is used by one thread at a time (the
 * pool's contract), so its statements are too. PostgreSQL's driver keeps server-side
 * statements by itself and is not wrapped.
 */
final class StatementCache {

    /** Statement texts kept per connection; more (dynamically built searches) are prepared and closed as usual. */
    static final int MAX_PER_CONNECTION = 256;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The connection to give the work: statements it prepares are kept for the next time. */
    Connection wrap(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            byConnection.keySet().removeIf(StatementCache::isClosed); // the pool retired connections since
            statements = new ConcurrentHashMap<>();
            byConnection.put(physical, statements);
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Pooled(pooled, physical, statements));
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The connection the work sees. */
    private record Pooled(Connection pooled, Connection physical, Map<String, PreparedStatement> statements)
            implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1 && args[0] instanceof String sql) {
                return prepare(sql);
            }
            return call(pooled, method, args);
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement kept = statements.get(sql);
            if (kept == null || kept.isClosed()) {
                if (statements.size() >= MAX_PER_CONNECTION) {
                    return pooled.prepareStatement(sql);
                }
                kept = physical.prepareStatement(sql);
                statements.put(sql, kept);
            }
            PreparedStatement statement = kept;
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (p, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            statement.clearParameters();
                            yield null;
                        }
                        case "getConnection" -> pooled;
                        default -> call(statement, method, args);
                    });
        }
    }
}
