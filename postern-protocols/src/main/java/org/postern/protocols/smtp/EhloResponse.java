package org.postern.protocols.smtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server's EHLO/LHLO reply as Postern's SMTP client reads it (RFC 5321 section 4.1.1.1):
 * the server's name and its extensions, each keyword (upper case) with its parameters.
 *
 * @param serverName the first word of the first line
 * @param extensions keyword to parameters, in the order the server gave them
 */
public record EhloResponse(String serverName, Map<String, List<String>> extensions) {

    public EhloResponse {
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Reads a 250 reply; empty for any other code or an empty first line. */
    public static Optional<EhloResponse> parse(SmtpReply reply) {
        if (reply.code().value() != 250) {
            return Optional.empty();
        }
        List<String> lines = reply.lines();
        String first = lines.get(0).strip();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String serverName = first.split(" ", 2)[0];
        Map<String, List<String>> extensions = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.strip().split(" +");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (SmtpSyntax.isEsmtpKeyword(keyword)) {
                extensions.putIfAbsent(keyword, List.copyOf(Arrays.asList(words).subList(1, words.length)));
            }
        }
        return Optional.of(new EhloResponse(serverName, extensions));
    }

    public boolean supports(SmtpExtension extension) {
        return extensions.containsKey(extension.keyword());
    }

    /** The SIZE limit (RFC 1870 section 4): empty if not offered, or offered without a number; 0 means none. */
    public OptionalLong maxSize() {
        List<String> p = extensions.get(SmtpExtension.SIZE.keyword());
        if (p == null || p.isEmpty() || !p.get(0).matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(p.get(0)));
    }

    /** The SASL mechanisms offered with AUTH (RFC 4954 section 3), upper case. */
    public List<String> authMechanisms() {
        List<String> out = new ArrayList<>();
        for (String m : extensions.getOrDefault(SmtpExtension.AUTH.keyword(), List.of())) {
            out.add(m.toUpperCase(Locale.ROOT));
        }
        return out;
    }
}
