package org.postern.protocols.sasl;

import java.util.Objects;
import java.util.Optional;

/**
 * The client-first-message of SCRAM (RFC 5802 sections 5.1 and 7):
 * {@code gs2-header client-first-message-bare}, where the GS2 header (RFC 5801 section 4) is
 * {@code n,}, {@code y,} or {@code p=<cb-name>,}, then {@code [a=<authzid>]} and a comma, and
 * the bare message is {@code n=<username>,r=<c-nonce>[,<extensions>]}. User names and
 * authorization identities are {@code saslname}s: UTF-8 with {@code ,} and {@code =} written
 * {@code =2C} and {@code =3D}; here they are decoded. A mandatory extension ({@code m=}) is a
 * {@link SaslFormatException}, as the RFC asks a server that does not know it to fail.
 *
 * @param channelBinding {@code n} (client does not support channel binding), {@code y} (client
 *                       does, but thinks the server does not) or {@code p} (client requires it)
 * @param cbName         the channel binding type after {@code p=}
 * @param authzid        the authorization identity, decoded
 * @param username       the user name, decoded (not yet SASLprep'd)
 * @param nonce          the client's nonce, printable ASCII without comma
 * @param gs2Header      the header as sent, which the client-final-message's {@code c=} repeats
 * @param bare           the client-first-message-bare as sent, the start of the AuthMessage
 */
public record ScramClientFirst(char channelBinding, Optional<String> cbName, Optional<String> authzid, String username,
                               String nonce, String gs2Header, String bare) {

    public ScramClientFirst {
        Objects.requireNonNull(cbName, "cbName");
        Objects.requireNonNull(authzid, "authzid");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(gs2Header, "gs2Header");
        Objects.requireNonNull(bare, "bare");
    }

    /** Parses the message; names longer than {@code maxField} octets are refused. */
    public static ScramClientFirst parse(byte[] message, int maxField) throws SaslFormatException {
        String text = SaslText.utf8(message, 0, message.length, "SCRAM client-first-message");
        int first = text.indexOf(',');
        int second = first < 0 ? -1 : text.indexOf(',', first + 1);
        if (second < 0) {
            throw malformed("no GS2 header");
        }
        String flag = text.substring(0, first);
        char cb;
        Optional<String> cbName = Optional.empty();
        if (flag.equals("n") || flag.equals("y")) {
            cb = flag.charAt(0);
        } else if (flag.startsWith("p=") && flag.length() > 2 && flag.substring(2).chars().allMatch(ScramClientFirst::cbNameChar)) {
            cb = 'p';
            cbName = Optional.of(flag.substring(2));
        } else {
            throw malformed("bad gs2-cbind-flag");
        }
        String authzField = text.substring(first + 1, second);
        Optional<String> authzid = Optional.empty();
        if (!authzField.isEmpty()) {
            if (!authzField.startsWith("a=")) {
                throw malformed("bad authzid");
            }
            authzid = Optional.of(saslname(authzField.substring(2), maxField, "authzid"));
        }
        String gs2Header = text.substring(0, second + 1);
        String bare = text.substring(second + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes.length < 2) {
            throw malformed("client-first-message-bare needs n= and r=");
        }
        if (attributes[0].startsWith("m=")) {
            throw malformed("mandatory extension not supported");
        }
        if (!attributes[0].startsWith("n=")) {
            throw malformed("no username");
        }
        String username = saslname(attributes[0].substring(2), maxField, "username");
        if (!attributes[1].startsWith("r=") || attributes[1].length() == 2) {
            throw malformed("no nonce");
        }
        String nonce = attributes[1].substring(2);
        if (!nonce.chars().allMatch(ScramClientFirst::printable)) {
            throw malformed("nonce is not printable ASCII");
        }
        for (int i = 2; i < attributes.length; i++) {
            extension(attributes[i]);
        }
        return new ScramClientFirst(cb, cbName, authzid, username, nonce, gs2Header, bare);
    }

    /** RFC 5802 section 7: {@code printable = %x21-2B / %x2D-7E}, ASCII without comma. */
    static boolean printable(int c) {
        return c >= 0x21 && c <= 0x7E && c != ',';
    }

    /** An extension: {@code attr-val = ALPHA "=" value}, value without comma (and not empty here). */
    static void extension(String attribute) throws SaslFormatException {
        if (attribute.length() < 3 || attribute.charAt(1) != '=' || !alpha(attribute.charAt(0))) {
            throw malformed("bad attribute");
        }
    }

    static SaslFormatException malformed(String why) {
        return new SaslFormatException(SaslFormatException.Reason.MALFORMED_MESSAGE, "SCRAM: " + why);
    }

    private static boolean alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean cbNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    /** Decodes a saslname: {@code =2C} and {@code =3D} stand for comma and equals; any other {@code =} is an error. */
    private static String saslname(String value, int maxField, String field) throws SaslFormatException {
        if (value.isEmpty()) {
            throw malformed("empty " + field);
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                if (value.startsWith("=2C", i)) {
                    out.append(',');
                } else if (value.startsWith("=3D", i)) {
                    out.append('=');
                } else {
                    throw malformed(field + " has a bare '='");
                }
                i += 2;
            } else if (c == '\0') {
                throw malformed(field + " has NUL");
            } else {
                out.append(c);
            }
        }
        String decoded = out.toString();
        SaslText.checkLength(decoded.length(), maxField, field);
        return decoded;
    }
}
