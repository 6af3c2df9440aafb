package org.postern.protocols.smtp;

import java.util.Locale;
import org.postern.core.address.DomainName;
import org.postern.core.address.InvalidAddressException;

/**
 * Character classes and small grammars of RFC 5321 section 4.1.2 and 4.1.3, RFC 4422 section
 * 3.1 and RFC 1869. Package-private: the public face is the parser and the records.
 */
final class SmtpSyntax {

    private SmtpSyntax() {
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 5322 atext, widened to UTF-8 (RFC 6531 section 3.3) when {@code utf8}. */
    static boolean isAtext(int c, boolean utf8) {
        if (c >= 0x80) {
            return utf8 && !Character.isISOControl(c) && !Character.isWhitespace(c) && c != 0xFFFD;
        }
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /** RFC 5321 qtextSMTP (widened by RFC 6531). */
    static boolean isQtext(int c, boolean utf8) {
        if (c >= 0x80) {
            return utf8 && !Character.isISOControl(c) && c != 0xFFFD;
        }
        return c == ' ' || c == '!' || (c >= 35 && c <= 91) || (c >= 93 && c <= 126);
    }

    /** Whether {@code s} is an RFC 5321 Dot-string (so a local part needs no quotes). */
    static boolean isDotString(String s, boolean utf8) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c != '.' && !isAtext(c, utf8)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /**
     * RFC 5321 Domain: sub-domains of letters, digits and inner hyphens, 63 octets at most
     * each, 255 in all. With {@code utf8} a label may also hold non-ASCII letters (U-labels,
     * RFC 6531 section 3.3); they are checked by IDNA when the address is used.
     */
    static boolean isDomain(String s, boolean utf8) {
        if (s.isEmpty() || s.length() > 255) {
            return false;
        }
        if (!isAscii(s)) {
            if (!utf8) {
                return false;
            }
            try {
                DomainName.normalize(s);
                return true;
            } catch (InvalidAddressException e) {
                return false;
            }
        }
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (!isLabel(s, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    private static boolean isLabel(String s, int from, int to) {
        if (to == from || to - from > 63) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c)) && !(c == '-' && i != from && i != to - 1)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 address-literal: {@code [IPv4]} or {@code [IPv6:...]}. General literals are refused. */
    static boolean isAddressLiteral(String s) {
        if (s.length() < 3 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return false;
        }
        String inner = s.substring(1, s.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return isIpv6(inner.substring(5));
        }
        return isIpv4(inner);
    }

    /** Lower-cases the domain; an address literal keeps its form with the tag as {@code IPv6:}. */
    static String normalizeDomain(String s) {
        if (s.startsWith("[")) {
            return s.regionMatches(true, 1, "IPv6:", 0, 5) ? "[IPv6:" + s.substring(6).toLowerCase(Locale.ROOT) : s;
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** RFC 5321 IPv4-address-literal: four decimal octets 0..255, at most three digits each. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            int n = 0;
            for (int i = 0; i < p.length(); i++) {
                if (!isDigit(p.charAt(i))) {
                    return false;
                }
                n = n * 10 + p.charAt(i) - '0';
            }
            if (n > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 IPv6-addr: full, compressed ({@code ::}) or with an IPv4 tail. */
    static boolean isIpv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        int extra = 0;
        String hex = s;
        String tail = s.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!isIpv4(tail)) {
                return false;
            }
            extra = 2;
            hex = s.substring(0, lastColon + 1);
            if (!hex.endsWith("::")) {
                hex = hex.substring(0, hex.length() - 1);
            }
            if (hex.isEmpty()) {
                return false;
            }
        }
        int dc = hex.indexOf("::");
        if (dc >= 0) {
            if (hex.indexOf("::", dc + 1) >= 0) {
                return false;
            }
            int l = countGroups(hex.substring(0, dc));
            int r = countGroups(hex.substring(dc + 2));
            return l >= 0 && r >= 0 && l + r + extra <= 7;
        }
        int n = countGroups(hex);
        return n > 0 && n + extra == 8;
    }

    private static int countGroups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        for (String p : parts) {
            if (!isHexGroup(p)) {
                return -1;
            }
        }
        return parts.length;
    }

    private static boolean isHexGroup(String p) {
        if (p.isEmpty() || p.length() > 4) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.digit(p.charAt(i), 16) < 0 || p.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** RFC 4422 section 3.1 sasl-mech: 1 to 20 of upper-case letters, digits, '-' and '_'. */
    static boolean isSaslMechanism(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || isDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 esmtp-keyword: (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
    static boolean isEsmtpKeyword(String s) {
        if (s.isEmpty() || !(isAlpha(s.charAt(0)) || isDigit(s.charAt(0)))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 esmtp-value: 1*(%d33-60 / %d62-126), plus UTF-8 under RFC 6531. */
    static boolean isEsmtpValue(String s, boolean utf8) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 0x80 ? utf8 : (c >= 33 && c <= 126 && c != '=');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether every char is 7-bit. */
    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 section 4.1.1.1: a Domain or an address-literal, ASCII only (RFC 6531 section 3.7.1). */
    static boolean isValidHelloArgument(String arg) {
        return isAddressLiteral(arg) || isDomain(arg, false);
    }
}
