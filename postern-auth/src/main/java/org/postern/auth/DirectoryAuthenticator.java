package org.postern.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postern.auth.SaslStep.Failure;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.directory.Directory;
import org.postern.protocols.sasl.PlainCredentials;

/**
 * The {@link Authenticator} of every protocol, over a {@link Directory}: the registered SASL
 * mechanisms (by default PLAIN, RFC 4616, and LOGIN, draft-murchison-sasl-login) and the
 * protocols' own user-and-password commands (IMAP LOGIN, RFC 3501 section 6.2.3; POP3 USER/PASS,
 * RFC 1939 section 7), all through one {@link AuthThrottle}.
 *
 * <p>Nothing is offered or accepted before TLS: {@link #mechanisms} is empty, {@link #begin} is
 * empty and {@link #login} answers {@link AuthFailure#ENCRYPTION_REQUIRED}. Mechanism names are
 * matched case-insensitively. Thread-safe; one instance serves every listener.
 *
 * <pre>
 *   AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS);
 *   Authenticator auth = new DirectoryAuthenticator(directory, throttle);
 * </pre>
 */
public final class DirectoryAuthenticator implements Authenticator {

    /** RFC 4422 section 3.1: 1 to 20 characters of upper-case letters, digits, hyphens and underscores. */
    private static final Pattern MECHANISM_NAME = Pattern.compile("[A-Z0-9_-]{1,20}");

    private final Directory directory;
    private final AuthThrottle throttle;
    private final Map<String, MechanismFactory> mechanisms;
    private final List<String> names;

    /** PLAIN and LOGIN, in that order of preference. */
    public DirectoryAuthenticator(Directory directory, AuthThrottle throttle) {
        this(directory, throttle, passwordMechanisms());
    }

    /**
     * The given mechanisms, in order of preference (as offered).
     *
     * @throws IllegalArgumentException when a name is not a SASL mechanism name or comes twice
     */
    public DirectoryAuthenticator(Directory directory, AuthThrottle throttle, List<MechanismFactory> mechanisms) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        Map<String, MechanismFactory> byName = new LinkedHashMap<>();
        for (MechanismFactory factory : mechanisms) {
            String name = factory.name();
            if (!MECHANISM_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a SASL mechanism name: " + name);
            }
            if (byName.putIfAbsent(name, factory) != null) {
                throw new IllegalArgumentException("mechanism registered twice: " + name);
            }
        }
        this.mechanisms = Map.copyOf(byName);
        this.names = List.copyOf(byName.keySet());
    }

    /** The password mechanisms every server offers after TLS: PLAIN, then LOGIN. */
    public static List<MechanismFactory> passwordMechanisms() {
        return List.of(new PlainMechanism(), new LoginMechanism());
    }

    /** The throttle, for its counters. */
    public AuthThrottle throttle() {
        return throttle;
    }

    @Override
    public List<String> mechanisms(AuthContext context) {
        return context.tls() ? names : List.of();
    }

    /**
     * What it offers now and every other method the layer can be configured to offer
     * ({@link ReferenceMethods#CONFIGURABLE}: Kerberos with a realm, NTLM with NT hashes kept).
     */
    @Override
    public List<AuthMethod> supportedReferenceMethods(String protocol) {
        return ReferenceMethods.union(ReferenceMethods.CONFIGURABLE, referenceMethods(protocol));
    }

    @Override
    public Optional<SaslExchange> begin(String mechanism, AuthContext context) {
        Objects.requireNonNull(mechanism, "mechanism");
        if (!context.tls()) {
            return Optional.empty();
        }
        MechanismFactory factory = mechanisms.get(mechanism.toUpperCase(Locale.ROOT));
        if (factory == null) {
            return Optional.empty();
        }
        return Optional.of(factory.newExchange(new CredentialCheck(directory, throttle, context, factory.name())));
    }

    /**
     * Checks a login and password as PLAIN does (same throttle, same answers). An empty or
     * over-long login or password ({@link PlainCredentials#DEFAULT_MAX_FIELD} characters) is
     * {@link AuthFailure#MALFORMED}. The caller keeps ownership of {@code password} and should wipe it.
     */
    @Override
    public SaslStep login(String login, char[] password, AuthContext context) {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        if (!context.tls()) {
            return new Failure(AuthFailure.ENCRYPTION_REQUIRED);
        }
        int max = PlainCredentials.DEFAULT_MAX_FIELD;
        if (login.isEmpty() || password.length == 0 || login.length() > max || password.length > max
                || login.indexOf('\0') >= 0 || containsNul(password)) {
            return new Failure(AuthFailure.MALFORMED);
        }
        return new CredentialCheck(directory, throttle, context, "password").password(Optional.empty(), login, password);
    }

    private static boolean containsNul(char[] password) {
        for (char c : password) {
            if (c == '\0') {
                return true;
            }
        }
        return false;
    }
}
