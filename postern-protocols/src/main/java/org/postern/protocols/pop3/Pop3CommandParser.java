package org.postern.protocols.pop3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.postern.protocols.io.LineResult;

/**
 * Parses one POP3 command line (RFC 1939 section 3, RFC 2449 section 4, RFC 5034 section 4)
 * into a {@link Pop3Request}, checking it against the verb's {@link Pop3Command.Arguments}.
 * Never throws on input: whatever a peer sends is a {@link Pop3ParseResult.Parsed} or an
 * {@link Pop3ParseResult.Invalid} with a short reason. No I/O; the limits come from
 * {@link Pop3Limits}.
 *
 * <p>Lenient where it costs nothing: the keyword is case-insensitive, runs of spaces between
 * arguments count as one, and a line ended by a bare LF is taken as a line. A CR or NUL inside
 * the line is refused. Arguments are 7-bit, except USER's and PASS's, which may be UTF-8.
 */
public final class Pop3CommandParser {

    private final Pop3Limits limits;

    public Pop3CommandParser(Pop3Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Pop3ParseResult parse(LineResult.Line line) {
        if (line.bareCr() || line.hasNul()) {
            return invalid(Optional.empty(), "Bad characters in command");
        }
        byte[] bytes = line.bytes();
        int space = indexOf(bytes, (byte) ' ');
        String keyword = new String(bytes, 0, space < 0 ? bytes.length : space, StandardCharsets.ISO_8859_1);
        Optional<Pop3Command> found = Pop3Command.lookup(keyword);
        if (found.isEmpty()) {
            return invalid(Optional.empty(), bytes.length == 0 ? "Empty command" : "Unknown command");
        }
        Pop3Command command = found.get();
        int max = command == Pop3Command.AUTH ? limits.maxAuthLine() : limits.maxCommandLine();
        if (bytes.length > max) {
            return invalid(found, "Command line too long");
        }
        String rest;
        if (space < 0) {
            rest = "";
        } else if (command == Pop3Command.USER || command == Pop3Command.PASS) {
            Optional<String> utf8 = new LineResult.Line(Arrays.copyOfRange(bytes, space + 1, bytes.length), false, false).utf8();
            if (utf8.isEmpty()) {
                return invalid(found, "Argument is not UTF-8");
            }
            rest = utf8.get();
        } else {
            if (!line.isAscii()) {
                return invalid(found, "8-bit characters in command");
            }
            rest = new String(bytes, space + 1, bytes.length - space - 1, StandardCharsets.US_ASCII);
        }
        return arguments(command, rest);
    }

    private Pop3ParseResult arguments(Pop3Command command, String rest) {
        Optional<Pop3Command> found = Optional.of(command);
        if (command.arguments() == Pop3Command.Arguments.REST_OF_LINE) {
            if (rest.isEmpty()) {
                return invalid(found, "Missing argument");
            }
            if (rest.length() > limits.maxArgument()) {
                return invalid(found, "Argument too long");
            }
            return parsed(command, List.of(rest));
        }
        List<String> words = words(rest);
        if (command != Pop3Command.AUTH) {
            for (String w : words) {
                if (w.length() > limits.maxArgument()) {
                    return invalid(found, "Argument too long");
                }
                if (!printable(w) && command != Pop3Command.USER) {
                    return invalid(found, "Bad characters in argument");
                }
            }
        }
        return switch (command.arguments()) {
            case NONE -> words.isEmpty() ? parsed(command, words) : invalid(found, "No arguments expected");
            case ANY -> parsed(command, words);
            case WORD -> words.size() == 1 ? parsed(command, words) : invalid(found, "One argument expected");
            case MESSAGE -> words.size() == 1 && isNumber(words.get(0), 1)
                    ? parsed(command, words) : invalid(found, "A message number expected");
            case OPTIONAL_MESSAGE -> words.isEmpty() || words.size() == 1 && isNumber(words.get(0), 1)
                    ? parsed(command, words) : invalid(found, "A message number expected");
            case MESSAGE_AND_LINES -> words.size() == 2 && isNumber(words.get(0), 1) && isNumber(words.get(1), 0)
                    ? parsed(command, words) : invalid(found, "A message number and a line count expected");
            case SASL -> words.size() <= 2 && words.stream().allMatch(Pop3CommandParser::printable)
                    && (words.isEmpty() || words.get(0).length() <= 20)
                    ? parsed(command, words) : invalid(found, "AUTH mechanism [initial-response] expected");
            case REST_OF_LINE -> throw new AssertionError("handled above");
        };
    }

    private static List<String> words(String rest) {
        List<String> words = new ArrayList<>();
        for (String w : rest.split(" ")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** A decimal number without sign or leading garbage, at most nine digits, at least {@code min}. */
    private static boolean isNumber(String s, int min) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Integer.parseInt(s) >= min;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static Pop3ParseResult parsed(Pop3Command command, List<String> args) {
        return new Pop3ParseResult.Parsed(new Pop3Request(command, args));
    }

    private static Pop3ParseResult invalid(Optional<Pop3Command> command, String reason) {
        return new Pop3ParseResult.Invalid(command, reason);
    }
}
