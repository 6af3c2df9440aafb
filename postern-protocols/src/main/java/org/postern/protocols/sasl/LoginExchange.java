package org.postern.protocols.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login, obsolete but still sent by many clients):
 * the server asks {@code Username:} then {@code Password:}; a client may give the user name as
 * the initial response. One instance per exchange; feed it the decoded responses.
 *
 * <pre>
 *   LoginExchange x = new LoginExchange(initialResponse);   // may be empty
 *   while (x.credentials().isEmpty()) { send x.challenge(); x.accept(response); }
 * </pre>
 */
public final class LoginExchange {

    /** The two challenges, as their octets (before base64). */
    public static final byte[] USERNAME_CHALLENGE = "Username:".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] PASSWORD_CHALLENGE = "Password:".getBytes(StandardCharsets.US_ASCII);

    private final int maxField;
    private String username;
    private PlainCredentials credentials;

    public LoginExchange(Optional<byte[]> initialResponse) throws SaslFormatException {
        this(initialResponse, PlainCredentials.DEFAULT_MAX_FIELD);
    }

    public LoginExchange(Optional<byte[]> initialResponse, int maxField) throws SaslFormatException {
        this.maxField = maxField;
        if (initialResponse.isPresent()) {
            accept(initialResponse.get());
        }
    }

    /** The challenge to send next; only valid while {@link #credentials()} is empty. */
    public byte[] challenge() {
        if (credentials != null) {
            throw new IllegalStateException("exchange complete");
        }
        return (username == null ? USERNAME_CHALLENGE : PASSWORD_CHALLENGE).clone();
    }

    /** Takes the next decoded response. */
    public void accept(byte[] response) throws SaslFormatException {
        if (credentials != null) {
            throw new IllegalStateException("exchange complete");
        }
        String field = username == null ? "username" : "password";
        SaslText.checkLength(response.length, maxField, field);
        for (byte b : response) {
            if (b == 0) {
                throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_MESSAGE, field + " contains NUL");
            }
        }
        if (response.length == 0) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_MESSAGE, "empty " + field);
        }
        String value = SaslText.utf8(response, 0, response.length, field);
        if (username == null) {
            username = value;
        } else {
            credentials = new PlainCredentials(Optional.empty(), username, value);
        }
    }

    /** The user name and password, once both arrived. */
    public Optional<PlainCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }
}
