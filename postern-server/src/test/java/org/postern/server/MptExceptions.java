package org.postern.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewed exception list of the MPT suite: one line each, {@code Script reason} excepts a
 * whole script, {@code Script:LINE reason} one {@code S:} line of it (the line accepts whatever
 * single line the server sends, or as many lines as a {@code SUB} block holds). The rule
 * {@code resp-text reason} lets status responses differ in their human-readable text only.
 * {@code #} starts a comment.
 */
final class MptExceptions {

    private final Map<String, String> scripts = new HashMap<>();
    private final Map<String, String> lines = new HashMap<>();

    static MptExceptions load(String resource) throws IOException {
        MptExceptions e = new MptExceptions();
        try (InputStream in = MptExceptions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int space = l.indexOf(' ');
                if (space < 0) {
                    throw new IOException(resource + ": an exception without a reason: " + l);
                }
                String key = l.substring(0, space);
                String reason = l.substring(space + 1).strip();
                (key.contains(":") ? e.lines : e.scripts).put(key, reason);
            }
        }
        return e;
    }

    /** Whether the list has the rule {@code resp-text}: a status response's text may differ. */
    boolean respTextFree() {
        return scripts.containsKey("resp-text");
    }

    Optional<String> script(String name) {
        return Optional.ofNullable(scripts.get(name));
    }

    boolean excepts(String name, int line) {
        return lines.containsKey(name + ":" + line);
    }
}
