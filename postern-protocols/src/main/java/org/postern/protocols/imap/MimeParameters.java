package org.postern.protocols.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body parameters of BODYSTRUCTURE as RFC 9051 section 7.5.2 asks (appendix E item 6):
 * parameter-value continuations of RFC 2231 section 3 ({@code name*0}, {@code name*1}, …) joined
 * in their number order into one {@code name}; when the value is extended (RFC 2231 section 4:
 * {@code name*0*=charset'language'%xx…} or {@code name*=…}) its octets are decoded from the
 * charset and the parameter is given as {@code name*} with the value in UTF-8. Anything else is
 * passed on as it came; a charset Java does not know leaves the value undecoded.
 */
public final class MimeParameters {

    /** {@code name*N} or {@code name*N*} (a continuation) or {@code name*} (one extended value). */
    private static final Pattern SECTION = Pattern.compile("(.+?)\\*(?:(\\d{1,3})(\\*?))?");

    private MimeParameters() {
    }

    /** The parameters with RFC 2231 continuations joined and extended values decoded; order kept. */
    public static Map<String, String> joined(Map<String, String> parameters) {
        boolean any = false;
        for (String name : parameters.keySet()) {
            any |= name.indexOf('*') > 0;
        }
        if (!any) {
            return parameters;
        }
        Map<String, Sections> byName = new LinkedHashMap<>(); // in the order of each name's first section
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String value = p.getValue() == null ? "" : p.getValue();
            Matcher m = SECTION.matcher(p.getKey());
            if (!m.matches()) {
                byName.computeIfAbsent(p.getKey(), n -> new Sections()).parts.putIfAbsent(-1, new Section(value, false));
                continue;
            }
            int number = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            boolean extended = m.group(2) == null || !m.group(3).isEmpty();
            byName.computeIfAbsent(m.group(1), n -> new Sections()).parts.putIfAbsent(number, new Section(value, extended));
        }
        Map<String, String> result = new LinkedHashMap<>();
        byName.forEach((name, sections) -> result.put(sections.extended() ? name + "*" : name, sections.value()));
        return result;
    }

    private record Section(String text, boolean extended) {
    }

    private static final class Sections {
        final TreeMap<Integer, Section> parts = new TreeMap<>();

        boolean extended() {
            return parts.values().stream().anyMatch(Section::extended);
        }

        /** The whole value: plain sections as they are, extended ones percent-decoded in the charset of the first. */
        String value() {
            Charset charset = StandardCharsets.US_ASCII;
            List<Section> list = new ArrayList<>(parts.values());
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                Section s = list.get(i);
                String text = s.text();
                if (!s.extended()) {
                    sb.append(text);
                    continue;
                }
                if (i == 0) {
                    int first = text.indexOf('\'');
                    int second = first < 0 ? -1 : text.indexOf('\'', first + 1);
                    if (second < 0) {
                        return joinedRaw(list);
                    }
                    String name = text.substring(0, first);
                    try {
                        charset = name.isEmpty() ? StandardCharsets.US_ASCII : Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return joinedRaw(list);
                    }
                    text = text.substring(second + 1);
                }
                String decoded = percentDecoded(text, charset);
                if (decoded == null) {
                    return joinedRaw(list);
                }
                sb.append(decoded);
            }
            return sb.toString();
        }

        private static String joinedRaw(List<Section> list) {
            StringBuilder sb = new StringBuilder();
            list.forEach(s -> sb.append(s.text()));
            return sb.toString();
        }
    }

    /** {@code %xx} escapes undone and the octets read in {@code charset}; null when an escape is broken. */
    private static String percentDecoded(String text, Charset charset) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                octets.write(hi << 4 | lo);
                i += 2;
            } else {
                octets.write(ch);
            }
        }
        return octets.toString(charset);
    }
}
