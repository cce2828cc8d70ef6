package org.bridgeway.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * What the journal's connection and statement proxies share: calls they do not intercept go to the object they wrap,
 * its SQL failures noted by the data source on the way (H2 closing itself means the journal must be replayed).
 */
abstract class Forwarding implements InvocationHandler {
    private final JournalledDataSource source;
    private final Object target;

    Forwarding(JournalledDataSource source, Object target) {
        this.source = source;
        this.target = target;
    }

    /** Answers the proxy's identity and wrapper methods itself, and forwards everything else. */
    final Object forward(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(method, args);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(method, args);
            case "toString":
                return getClass().getSimpleName() + "[" + target + "]";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                return call(method, args);
        }
    }

    /** Calls the wrapped object. */
    final Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException sql ? source.noticed(sql) : cause;
        }
    }
}
