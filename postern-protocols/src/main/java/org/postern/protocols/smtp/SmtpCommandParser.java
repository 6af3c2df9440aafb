package org.postern.protocols.smtp;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.postern.protocols.io.LineResult;

/**
 * Turns one command line into a typed {@link SmtpCommand} or a {@link CommandSyntaxError} with
 * the reply to send (RFC 5321 section 4.1.1 and 4.1.2, RFC 2033, RFC 3030, RFC 3207, RFC 4954,
 * RFC 6531). Pure: no I/O, no session; it never throws on any input.
 *
 * <p>Checks, in order: bare CR/LF ({@code 500 5.5.2}), NUL and other control characters
 * ({@code 500 5.5.2}), the verb ({@code 500 5.5.1} unknown or not in this dialect,
 * {@code 502 5.5.1} when its extension is off), the line length ({@code 500 5.5.2}; AUTH may
 * be longer, RFC 4954 section 4), 8-bit octets (only well-formed UTF-8, and only in MAIL with
 * SMTPUTF8, in RCPT of an SMTPUTF8 transaction, or in VRFY/EXPN with SMTPUTF8: else
 * {@code 500 5.5.2} or {@code 553 5.6.7}), then the verb's own syntax ({@code 501 5.5.4},
 * {@code 553 5.1.7}/{@code 553 5.1.3} for paths, {@code 555 5.5.4} for unknown parameters).
 *
 * <p>Deliberately lenient where real clients differ from the grammar and nothing is at stake:
 * verbs and keywords in any case, spaces after {@code FROM:}/{@code TO:} and between
 * parameters, trailing spaces. Strict everywhere else: paths need their angle brackets.
 */
public final class SmtpCommandParser {

    private static final Pattern SPACES = Pattern.compile(" +");

    private final SmtpDialect dialect;
    private final Set<SmtpExtension> enabled;
    private final SmtpLimits limits;
    private final PathParser paths;
    private final ParameterParser parameters;

    /**
     * @param enabled the same set given to {@link EhloCapabilities}: a parameter or verb is accepted
     *                exactly when its extension is enabled
     */
    public SmtpCommandParser(SmtpDialect dialect, Set<SmtpExtension> enabled, SmtpLimits limits) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        this.limits = Objects.requireNonNull(limits, "limits");
        this.paths = new PathParser(limits.maxPathLength());
        this.parameters = new ParameterParser(this.enabled, limits.maxParameters());
    }

    /**
     * Parses a line from {@link org.postern.protocols.io.CrlfLineReader}.
     *
     * @param utf8Transaction whether the current transaction's MAIL carried SMTPUTF8 (RCPT may then
     *                        hold UTF-8)
     */
    public CommandParseResult parse(LineResult.Line line, boolean utf8Transaction) {
        if (!line.isCanonical()) {
            return new CommandSyntaxError(SmtpReplies.BARE_LINE_ENDING_IN_COMMAND, verbOf(line.bytes()));
        }
        return parse(line.bytes(), utf8Transaction);
    }

    /** Parses a command line given without its CRLF. */
    public CommandParseResult parse(byte[] line, boolean utf8Transaction) {
        Optional<SmtpVerb> verb = verbOf(line);
        try {
            return parseChecked(line, verb, utf8Transaction);
        } catch (CommandRejected e) {
            return new CommandSyntaxError(e.reply(), verb);
        }
    }

    /** Parses text (encoded as UTF-8); for tests and for commands built in code. */
    public CommandParseResult parse(String line, boolean utf8Transaction) {
        return parse(line.getBytes(StandardCharsets.UTF_8), utf8Transaction);
    }

    private CommandParseResult parseChecked(byte[] line, Optional<SmtpVerb> verbFound, boolean utf8Transaction)
            throws CommandRejected {
        boolean eightBit = false;
        for (byte b : line) {
            if (b == '\r' || b == '\n') {
                throw new CommandRejected(SmtpReplies.BARE_LINE_ENDING_IN_COMMAND);
            }
            if ((b >= 0 && b < 0x20) || b == 0x7f) {
                throw new CommandRejected(SmtpReplies.BAD_CHARACTER);
            }
            eightBit |= b < 0;
        }
        SmtpVerb verb = verbFound.filter(v -> v.inDialect(dialect))
                .orElseThrow(() -> new CommandRejected(SmtpReplies.UNKNOWN_COMMAND));
        if (verb.extension().isPresent() && !enabled.contains(verb.extension().get())) {
            throw new CommandRejected(SmtpReplies.NOT_IMPLEMENTED);
        }
        int max = verb == SmtpVerb.AUTH ? limits.maxAuthLine() : limits.maxCommandLine();
        if (line.length > max) {
            throw new CommandRejected(verb == SmtpVerb.AUTH ? SmtpReplies.AUTH_LINE_TOO_LONG : SmtpReplies.LINE_TOO_LONG);
        }
        String text;
        if (eightBit) {
            text = new LineResult.Line(line, false, false).utf8()
                    .orElseThrow(() -> new CommandRejected(SmtpReplies.EIGHT_BIT_NOT_ALLOWED));
            boolean mayCarryUtf8 = verb == SmtpVerb.MAIL || verb == SmtpVerb.RCPT
                    || verb == SmtpVerb.VRFY || verb == SmtpVerb.EXPN;
            if (!enabled.contains(SmtpExtension.SMTPUTF8) || !mayCarryUtf8) {
                throw new CommandRejected(SmtpReplies.EIGHT_BIT_NOT_ALLOWED);
            }
        } else {
            text = new String(line, StandardCharsets.ISO_8859_1);
        }
        int verbEnd = text.indexOf(' ');
        String argument = verbEnd < 0 ? "" : text.substring(verbEnd + 1).stripTrailing();
        return switch (verb) {
            case EHLO -> new SmtpCommand.Ehlo(helloArgument(argument));
            case HELO -> new SmtpCommand.Helo(helloArgument(argument));
            case LHLO -> new SmtpCommand.Lhlo(helloArgument(argument));
            case MAIL -> mail(argument, eightBit);
            case RCPT -> rcpt(argument, eightBit, utf8Transaction);
            case DATA -> noArgument(argument, new SmtpCommand.Data());
            case BDAT -> bdat(argument);
            case RSET -> noArgument(argument, new SmtpCommand.Rset());
            case NOOP -> new SmtpCommand.Noop();
            case QUIT -> noArgument(argument, new SmtpCommand.Quit());
            case VRFY -> vrfyOrExpn(verb, argument, eightBit);
            case EXPN -> vrfyOrExpn(verb, argument, eightBit);
            case HELP -> new SmtpCommand.Help(argument.isEmpty() ? Optional.empty() : Optional.of(argument));
            case STARTTLS -> noArgument(argument, new SmtpCommand.StartTls());
            case AUTH -> auth(argument);
        };
    }

    /** The verb, if the line starts with one (case-insensitive, RFC 5321 section 2.4). */
    private static Optional<SmtpVerb> verbOf(byte[] line) {
        int end = 0;
        while (end < line.length && end <= 8 && line[end] != ' ') {
            end++;
        }
        if (end < 4 || end > 8) {
            return Optional.empty();
        }
        for (int i = 0; i < end; i++) {
            if (!SmtpSyntax.isAlpha(line[i])) {
                return Optional.empty();
            }
        }
        return SmtpVerb.lookup(new String(line, 0, end, StandardCharsets.ISO_8859_1));
    }

    private static SmtpCommand noArgument(String argument, SmtpCommand command) throws CommandRejected {
        if (!argument.isBlank()) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return command;
    }

    /** One token of printable ASCII; its domain syntax is judged by policy, not here. */
    private static String helloArgument(String argument) throws CommandRejected {
        String a = argument.strip();
        if (a.isEmpty() || a.indexOf(' ') >= 0 || a.length() > 255 + 2) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return a;
    }

    private SmtpCommand mail(String argument, boolean eightBit) throws CommandRejected {
        String rest = afterKeyword(argument, "FROM:");
        int end = pathEnd(rest, SmtpReplies.BAD_SENDER_SYNTAX);
        MailParameters params = parameters.mail(rest.substring(end), eightBit);
        boolean utf8 = params.smtpUtf8();
        if (eightBit && !utf8) {
            throw new CommandRejected(SmtpReplies.NON_ASCII_ADDRESS);
        }
        return new SmtpCommand.Mail(paths.reversePath(rest.substring(0, end), utf8), params);
    }

    private SmtpCommand rcpt(String argument, boolean eightBit, boolean utf8Transaction) throws CommandRejected {
        if (eightBit && !utf8Transaction) {
            throw new CommandRejected(SmtpReplies.NON_ASCII_ADDRESS);
        }
        String rest = afterKeyword(argument, "TO:");
        int end = pathEnd(rest, SmtpReplies.BAD_RECIPIENT_SYNTAX);
        RcptParameters params = parameters.rcpt(rest.substring(end), utf8Transaction);
        return new SmtpCommand.Rcpt(paths.forwardPath(rest.substring(0, end), utf8Transaction), params);
    }

    /** {@code FROM:} or {@code TO:} in any case, then optional spaces (lenient, as Postfix is). */
    private static String afterKeyword(String argument, String keyword) throws CommandRejected {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return argument.substring(keyword.length()).stripLeading();
    }

    /** The end of the bracketed path at the start of {@code rest}; parameters must follow a space. */
    private static int pathEnd(String rest, SmtpReply bad) throws CommandRejected {
        if (!rest.startsWith("<")) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        int end = PathParser.endOfPath(rest, 0);
        if (end < 0 || (end < rest.length() && rest.charAt(end) != ' ')) {
            throw new CommandRejected(bad);
        }
        return end;
    }

    /** RFC 3030 section 2: {@code BDAT SP chunk-size [SP "LAST"]}. */
    private static SmtpCommand bdat(String argument) throws CommandRejected {
        String[] parts = SPACES.split(argument.strip(), -1);
        if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 18) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        long size = 0;
        for (int i = 0; i < parts[0].length(); i++) {
            char c = parts[0].charAt(i);
            if (!SmtpSyntax.isDigit(c)) {
                throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
            }
            size = size * 10 + (c - '0');
        }
        boolean last = parts.length == 2;
        if (last && !parts[1].equalsIgnoreCase("LAST")) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        return new SmtpCommand.Bdat(size, last);
    }

    /** RFC 5321 section 4.1.1.6/4.1.1.7, with RFC 6531 section 3.7.4.2's SMTPUTF8 parameter. */
    private SmtpCommand vrfyOrExpn(SmtpVerb verb, String argument, boolean eightBit) throws CommandRejected {
        String a = argument.strip();
        boolean smtpUtf8 = false;
        if (enabled.contains(SmtpExtension.SMTPUTF8) && a.toUpperCase(Locale.ROOT).endsWith(" SMTPUTF8")) {
            smtpUtf8 = true;
            a = a.substring(0, a.length() - " SMTPUTF8".length()).strip();
        }
        if (a.isEmpty()) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        if (eightBit && !smtpUtf8) {
            throw new CommandRejected(SmtpReplies.EIGHT_BIT_NOT_ALLOWED);
        }
        return verb == SmtpVerb.VRFY ? new SmtpCommand.Vrfy(a, smtpUtf8) : new SmtpCommand.Expn(a, smtpUtf8);
    }

    /** RFC 4954 section 4: {@code AUTH SP mechanism [SP initial-response]}. */
    private static SmtpCommand auth(String argument) throws CommandRejected {
        String[] parts = SPACES.split(argument.strip(), -1);
        if (parts.length > 2) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (!SmtpSyntax.isSaslMechanism(mechanism)) {
            throw new CommandRejected(SmtpReplies.SYNTAX_ERROR_IN_PARAMETERS);
        }
        Optional<String> initial = parts.length == 2 ? Optional.of(parts[1]) : Optional.empty();
        return new SmtpCommand.Auth(mechanism, initial);
    }
}
