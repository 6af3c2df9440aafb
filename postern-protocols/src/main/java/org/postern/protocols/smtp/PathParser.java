package org.postern.protocols.smtp;

import java.nio.charset.StandardCharsets;

/**
 * RFC 5321 section 4.1.2 paths: {@code "<" [ A-d-l ":" ] Mailbox ">"}, the null reverse-path
 * {@code <>}, and {@code <Postmaster>}. Quoted local parts (quoted-pairSMTP), source routes
 * (checked, then dropped as section 4.1.2 and appendix C say), address literals, and UTF-8
 * (RFC 6531 section 3.3) when the caller allows it.
 */
final class PathParser {

    private final int maxPathLength;

    PathParser(int maxPathLength) {
        this.maxPathLength = maxPathLength;
    }

    /** Where a path that starts at {@code from} (at '<') ends: the index after '>', or -1. */
    static int endOfPath(String s, int from) {
        boolean quoted = false;
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses a bracketed reverse-path. */
    ReversePath reversePath(String path, boolean utf8) throws CommandRejected {
        String inner = inner(path, SmtpReplies.BAD_SENDER_SYNTAX);
        if (inner.isEmpty()) {
            return ReversePath.NULL;
        }
        return mailbox(stripSourceRoute(inner, SmtpReplies.BAD_SENDER_SYNTAX, utf8), SmtpReplies.BAD_SENDER_SYNTAX, utf8);
    }

    /** Parses a bracketed forward-path. */
    ForwardPath forwardPath(String path, boolean utf8) throws CommandRejected {
        String inner = inner(path, SmtpReplies.BAD_RECIPIENT_SYNTAX);
        if (inner.equalsIgnoreCase("postmaster")) {
            return ForwardPath.POSTMASTER;
        }
        return mailbox(stripSourceRoute(inner, SmtpReplies.BAD_RECIPIENT_SYNTAX, utf8), SmtpReplies.BAD_RECIPIENT_SYNTAX, utf8);
    }

    private String inner(String path, SmtpReply bad) throws CommandRejected {
        if (path.getBytes(StandardCharsets.UTF_8).length > maxPathLength) {
            throw new CommandRejected(bad.withText("Path too long"));
        }
        if (path.length() < 2 || path.charAt(0) != '<' || path.charAt(path.length() - 1) != '>') {
            throw new CommandRejected(bad);
        }
        return path.substring(1, path.length() - 1);
    }

    /** Drops {@code @a,@b:} after checking each At-domain. */
    private String stripSourceRoute(String inner, SmtpReply bad, boolean utf8) throws CommandRejected {
        if (!inner.startsWith("@")) {
            return inner;
        }
        int colon = inner.indexOf(':');
        if (colon < 0) {
            throw new CommandRejected(bad);
        }
        for (String atDomain : inner.substring(0, colon).split(",", -1)) {
            if (!atDomain.startsWith("@") || !SmtpSyntax.isDomain(atDomain.substring(1), utf8)) {
                throw new CommandRejected(bad);
            }
        }
        return inner.substring(colon + 1);
    }

    /** {@code Local-part "@" ( Domain / address-literal )}. */
    private Mailbox mailbox(String s, SmtpReply bad, boolean utf8) throws CommandRejected {
        String localPart;
        int at;
        if (s.startsWith("\"")) {
            StringBuilder b = new StringBuilder();
            int i = 1;
            while (true) {
                if (i >= s.length()) {
                    throw new CommandRejected(bad);
                }
                char c = s.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i + 1 >= s.length()) {
                        throw new CommandRejected(bad);
                    }
                    char q = s.charAt(i + 1);
                    if (q < 32 || q > 126) {
                        throw new CommandRejected(bad);
                    }
                    b.append(q);
                    i += 2;
                    continue;
                }
                int cp = s.codePointAt(i);
                if (!SmtpSyntax.isQtext(cp, utf8)) {
                    throw new CommandRejected(bad);
                }
                b.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            at = i + 1;
            if (at >= s.length() || s.charAt(at) != '@') {
                throw new CommandRejected(bad);
            }
            localPart = b.toString();
        } else {
            at = s.indexOf('@');
            if (at <= 0) {
                throw new CommandRejected(bad);
            }
            localPart = s.substring(0, at);
            if (!SmtpSyntax.isDotString(localPart, utf8)) {
                throw new CommandRejected(bad);
            }
        }
        if (localPart.isEmpty()) {
            throw new CommandRejected(bad);
        }
        if (localPart.getBytes(StandardCharsets.UTF_8).length > 64) { // RFC 5321 section 4.5.3.1.1
            throw new CommandRejected(bad.withText("Local part too long"));
        }
        String domain = s.substring(at + 1);
        boolean ok = domain.startsWith("[") ? SmtpSyntax.isAddressLiteral(domain) : SmtpSyntax.isDomain(domain, utf8);
        if (!ok) {
            throw new CommandRejected(bad);
        }
        return new Mailbox(localPart, domain);
    }
}
