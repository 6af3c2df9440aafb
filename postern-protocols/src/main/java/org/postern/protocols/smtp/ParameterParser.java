package org.postern.protocols.smtp;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MAIL and RCPT parameters (RFC 5321 section 4.1.2 esmtp-param): syntax, the limit on their
 * number, no duplicates, and each known parameter's value. A parameter whose extension is not
 * enabled is unknown ({@code 555 5.5.4}, RFC 5321 section 4.1.1.11).
 */
final class ParameterParser {

    /** RFC 3461 section 4.4. */
    static final int MAX_ENVID = 100;
    /** RFC 3461 section 4.2. */
    static final int MAX_ORCPT = 500;

    private static final Pattern SPACES = Pattern.compile(" +");

    private final Set<SmtpExtension> enabled;
    private final int maxParameters;

    ParameterParser(Set<SmtpExtension> enabled, int maxParameters) {
        this.enabled = enabled;
        this.maxParameters = maxParameters;
    }

    /** Splits {@code " A=1 B"} into keyword/value pairs, checking syntax, count and duplicates. */
    private String[][] split(String text, boolean utf8) throws CommandRejected {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new String[0][];
        }
        String[] tokens = SPACES.split(trimmed, maxParameters + 1);
        if (tokens.length > maxParameters) {
            throw new CommandRejected(SmtpReplies.TOO_MANY_PARAMETERS);
        }
        String[][] pairs = new String[tokens.length][];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            int eq = token.indexOf('=');
            String keyword = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (!SmtpSyntax.isEsmtpKeyword(keyword) || (value != null && !SmtpSyntax.isEsmtpValue(value, utf8))) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            }
            if (!seen.add(keyword)) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS.withText("Duplicate parameter " + keyword));
            }
            pairs[i] = new String[] {keyword, value};
        }
        return pairs;
    }

    MailParameters mail(String text, boolean utf8) throws CommandRejected {
        OptionalLong size = OptionalLong.empty();
        Optional<BodyType> body = Optional.empty();
        boolean smtpUtf8 = false;
        Optional<DsnReturn> ret = Optional.empty();
        Optional<String> envId = Optional.empty();
        Optional<String> auth = Optional.empty();
        for (String[] p : split(text, utf8)) {
            String value = p[1];
            switch (p[0]) {
                case "SIZE" -> {
                    require(SmtpExtension.SIZE);
                    size = OptionalLong.of(sizeValue(value));
                }
                case "BODY" -> body = Optional.of(body(value));
                case "SMTPUTF8" -> {
                    require(SmtpExtension.SMTPUTF8);
                    noValue(value);
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    require(SmtpExtension.DSN);
                    ret = Optional.of(ret(value));
                }
                case "ENVID" -> {
                    require(SmtpExtension.DSN);
                    envId = Optional.of(envId(value));
                }
                case "AUTH" -> {
                    require(SmtpExtension.AUTH);
                    auth = Optional.of(auth(value));
                }
                default -> throw new CommandRejected(SmtpReplies.UNKNOWN_PARAMETER);
            }
        }
        return new MailParameters(size, body, smtpUtf8, ret, envId, auth);
    }

    RcptParameters rcpt(String text, boolean utf8) throws CommandRejected {
        Set<DsnNotify> notify = Set.of();
        Optional<Orcpt> orcpt = Optional.empty();
        for (String[] p : split(text, utf8)) {
            switch (p[0]) {
                case "NOTIFY" -> {
                    require(SmtpExtension.DSN);
                    notify = notify(p[1]);
                }
                case "ORCPT" -> {
                    require(SmtpExtension.DSN);
                    orcpt = Optional.of(orcpt(p[1]));
                }
                default -> throw new CommandRejected(SmtpReplies.UNKNOWN_PARAMETER);
            }
        }
        return new RcptParameters(notify, orcpt);
    }

    private void require(SmtpExtension extension) throws CommandRejected {
        if (!enabled.contains(extension)) {
            throw new CommandRejected(SmtpReplies.UNKNOWN_PARAMETER);
        }
    }

    private static void noValue(String value) throws CommandRejected {
        if (value != null) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
    }

    private static String value(String value) throws CommandRejected {
        if (value == null) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return value;
    }

    /** RFC 1870 section 3: {@code 1*20DIGIT}; a value beyond a long is simply too big. */
    private static long sizeValue(String value) throws CommandRejected {
        String v = value(value);
        if (v.length() > 20) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!SmtpSyntax.isDigit(c)) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }

    /** RFC 6152 section 2, RFC 3030 section 3: the value must name an enabled body type. */
    private BodyType body(String value) throws CommandRejected {
        boolean eightBit = enabled.contains(SmtpExtension.EIGHTBITMIME);
        boolean binary = enabled.contains(SmtpExtension.BINARYMIME) && enabled.contains(SmtpExtension.CHUNKING);
        if (!eightBit && !binary) {
            throw new CommandRejected(SmtpReplies.UNKNOWN_PARAMETER);
        }
        BodyType type = BodyType.of(value(value))
                .orElseThrow(() -> new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS));
        if ((type == BodyType.EIGHT_BIT_MIME && !eightBit) || (type == BodyType.BINARY_MIME && !binary)) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS.withText("Unsupported BODY type"));
        }
        return type;
    }

    private static DsnReturn ret(String value) throws CommandRejected {
        return switch (value(value).toUpperCase(Locale.ROOT)) {
            case "FULL" -> DsnReturn.FULL;
            case "HDRS" -> DsnReturn.HDRS;
            default -> throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        };
    }

    /** RFC 3461 section 4.4: xtext of printable ASCII, 100 characters at most. */
    private static String envId(String value) throws CommandRejected {
        String v = value(value);
        if (v.length() > MAX_ENVID) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        String decoded = Xtext.decode(v).orElseThrow(() -> new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS));
        if (!isPrintableAscii(decoded)) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return decoded;
    }

    /** RFC 4954 section 5: {@code <>} or an xtext addr-spec. */
    private static String auth(String value) throws CommandRejected {
        String v = value(value);
        if (v.equals("<>")) {
            return v;
        }
        String decoded = Xtext.decode(v).orElseThrow(() -> new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS));
        if (decoded.isEmpty() || decoded.length() > 256 || !isPrintableAscii(decoded) || decoded.indexOf('@') < 0) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return decoded;
    }

    /** RFC 3461 section 4.1: NEVER, or a list of SUCCESS, FAILURE, DELAY. */
    private static Set<DsnNotify> notify(String value) throws CommandRejected {
        Set<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
        for (String item : value(value).split(",", -1)) {
            DsnNotify n = switch (item.toUpperCase(Locale.ROOT)) {
                case "NEVER" -> DsnNotify.NEVER;
                case "SUCCESS" -> DsnNotify.SUCCESS;
                case "FAILURE" -> DsnNotify.FAILURE;
                case "DELAY" -> DsnNotify.DELAY;
                default -> throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            };
            if (!set.add(n)) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            }
        }
        if (set.contains(DsnNotify.NEVER) && set.size() > 1) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return set;
    }

    /** RFC 3461 section 4.2: {@code addr-type ";" xtext}, 500 characters at most. */
    private static Orcpt orcpt(String value) throws CommandRejected {
        String v = value(value);
        int semi = v.indexOf(';');
        if (v.length() > MAX_ORCPT || semi <= 0) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        String type = v.substring(0, semi);
        for (int i = 0; i < type.length(); i++) {
            if (!SmtpSyntax.isAtext(type.charAt(i), false)) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            }
        }
        String address = Xtext.decode(v.substring(semi + 1))
                .orElseThrow(() -> new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS));
        if (address.isEmpty() || !isPrintableAscii(address)) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return new Orcpt(type, address);
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 32 || c > 126) {
                return false;
            }
        }
        return true;
    }
}
