package org.postern.server;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an MPT expectation of a status response ({@code tag OK|NO|BAD|BYE|PREAUTH [code] text})
 * into one that keeps the tag, the status and the response code and takes any text.
 */
final class RespText {

    /** The tag (a regex for {@code *} or a tag), the status, and the rest. */
    private static final Pattern STATUS = Pattern.compile("^(\\\\\\*|[^ \\\\]+) (OK|NO|BAD|BYE|PREAUTH)(?: (.*))?$");

    private RespText() {
    }

    /** A continuation request ({@code + text}) takes any text too. */
    private static final Pattern CONTINUATION = Pattern.compile("^\\\\\\+( .*)?$");

    static Optional<Pattern> relax(String expected) {
        if (CONTINUATION.matcher(expected).matches()) {
            return Optional.of(Pattern.compile("\\+( .*)?"));
        }
        Matcher m = STATUS.matcher(expected);
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = m.group(3) == null ? "" : m.group(3);
        String code = "";
        if (rest.startsWith("\\[")) {
            int end = rest.indexOf("\\]");
            if (end < 0) {
                return Optional.empty();
            }
            code = " " + rest.substring(0, end + 2);
        } else if (rest.startsWith("(\\[.+\\] )?")) {
            code = " (\\[.+\\])?";
        }
        return Optional.of(Pattern.compile(m.group(1) + " " + m.group(2) + code + "( .*)?"));
    }
}
