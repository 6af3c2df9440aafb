package org.postern.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * The header fields of one entity as read from the wire: names compared case-insensitively,
 * bodies unfolded (RFC 5322 section 2.2.3) and decoded as UTF-8 (RFC 6532), which is
 * US-ASCII for every conforming header.
 */
final class HeaderFields {

    private record Entry(String name, String body, Field field) {
    }

    /** A line break that folding inserted (followed by white space), and any other CR or LF. */
    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");
    private static final Pattern LINE_BREAK = Pattern.compile("[\r\n]");

    private final List<Entry> entries = new ArrayList<>();

    void add(Field field) {
        String name = field.getName();
        String body;
        ByteSequence raw = field.getRaw();
        if (raw != null) {
            String text = new String(raw.toByteArray(), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            body = colon < 0 ? "" : text.substring(colon + 1);
        } else {
            body = field.getBody() == null ? "" : field.getBody();
        }
        if (body.indexOf('\r') >= 0 || body.indexOf('\n') >= 0) { // for every field of every delivery: no compiling here
            body = LINE_BREAK.matcher(FOLD.matcher(body).replaceAll("")).replaceAll("");
        }
        body = body.strip();
        entries.add(new Entry(name.toLowerCase(Locale.ROOT), body, field));
    }

    /** The first field of that name's unfolded body, or null. */
    String first(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (e.name.equals(key)) {
                return e.body;
            }
        }
        return null;
    }

    /** Every field of that name's unfolded body, in order. */
    List<String> all(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return entries.stream().filter(e -> e.name.equals(key)).map(Entry::body).toList();
    }

    /** The first raw field of that name, for mime4j's structured parsers, or null. */
    Field firstField(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            if (e.name.equals(key)) {
                return e.field;
            }
        }
        return null;
    }
}
