package org.postern.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kerberos V5 login from a keytab, shared by both sides of SASL GSSAPI (RFC 4752): the JDK's
 * {@code Krb5LoginModule} (useKeyTab, storeKey, doNotPrompt, refreshKrb5Config) fills one
 * {@link Subject}, logged in again when the keytab changes on disk or the side's own test says
 * the subject is stale. {@link #callAs} runs a GSS/SASL call as that subject and gives back the
 * {@link SaslException} the JDK threw inside it.
 */
final class KeytabLogin {

    private static final Logger log = LoggerFactory.getLogger(KeytabLogin.class);

    private final Path keytab;
    private final String role;
    private final Map<String, String> options;
    private final Predicate<Subject> stale;
    private Subject subject;
    private long loggedInKeytabModified = -1;

    private KeytabLogin(Path keytab, String role, String principal, boolean initiator, Predicate<Subject> stale) {
        this.keytab = Objects.requireNonNull(keytab, "keytab");
        this.role = role;
        this.stale = stale;
        Map<String, String> o = new HashMap<>();
        o.put("useKeyTab", "true");
        o.put("keyTab", keytab.toString());
        o.put("principal", principal);
        o.put("storeKey", "true");
        o.put("isInitiator", Boolean.toString(initiator));
        o.put("doNotPrompt", "true");
        o.put("refreshKrb5Config", "true");
        this.options = Map.copyOf(o);
    }

    /**
     * The initiator's login: a ticket-granting ticket for {@code principal}.
     *
     * @param stale whether a logged-in subject must be replaced though the keytab did not change (its ticket ends soon)
     */
    static KeytabLogin initiator(Path keytab, String principal, Predicate<Subject> stale) {
        return new KeytabLogin(keytab, "initiator", Objects.requireNonNull(principal, "principal"), true, stale);
    }

    /** The acceptor's login: principal {@code *}, so every service principal the keytab holds is served. */
    static KeytabLogin acceptor(Path keytab) {
        return new KeytabLogin(keytab, "acceptor", "*", false, s -> false);
    }

    Path keytab() {
        return keytab;
    }

    /** The subject, logged in again when the keytab changed on disk or the subject is stale. */
    synchronized Subject subject() throws LoginException, IOException {
        long modified = Files.getLastModifiedTime(keytab).toMillis();
        if (subject == null || modified != loggedInKeytabModified || stale.test(subject)) {
            Configuration configuration = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
                }
            };
            Subject s = new Subject();
            new LoginContext("postern-gssapi-" + role, s, null, configuration).login();
            subject = s;
            loggedInKeytabModified = modified;
            log.info("GSSAPI {} logged in as {} from {}", role, options.get("principal"), keytab);
        }
        return subject;
    }

    /** Runs {@code action} as {@code subject}; a {@link SaslException} it throws comes out as itself, anything else wrapped in one. */
    <T> T callAs(Subject subject, Callable<T> action) throws SaslException {
        try {
            return Subject.callAs(subject, action);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException p ? p.getCause() : e.getCause();
            if (cause instanceof SaslException s) {
                throw s;
            }
            throw new SaslException("GSSAPI " + role + " failed", cause);
        }
    }
}
