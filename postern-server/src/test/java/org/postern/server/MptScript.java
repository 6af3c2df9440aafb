package org.postern.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One of Apache James's MPT protocol scripts ({@code *.test}), read as James's own runner
 * reads them: {@code C: text} is a line the client sends (CRLF added), {@code S: regex} a
 * line the server must send next (the whole line must match), {@code SUB {} … {@code }}} a
 * block of {@code S:} lines that may come in any order, {@code SESSION: n} switches the
 * connection the following lines belong to, {@code WAIT n} pauses, {@code REINIT} starts the connection anew, {@code #} and blank lines
 * are comments, and {@code LOG}, {@code TIMER} and {@code AWAIT} (James waiting for its own
 * event bus) lines do nothing on the wire. Lines before any
 * {@code SESSION:} belong to every session ({@link Step#ALL}).
 */
record MptScript(String name, List<Step> steps, int sessions) {

    /** A step of a script; {@code line} is its 1-based line in the file (for the exception list). */
    sealed interface Step {
        int ALL = -1;

        int session();

        int line();
    }

    record Client(int session, int line, String text) implements Step {
    }

    record Server(int session, int line, Pattern expected) implements Step {
    }

    record Unordered(int session, int line, List<Pattern> expected) implements Step {
    }

    record Wait(int session, int line, long millis) implements Step {
    }

    /** Closes the session's connection and opens a new one (the greeting is not read again). */
    record Reinit(int session, int line) implements Step {
    }

    static MptScript read(String name, InputStream in) throws IOException {
        List<Step> steps = new ArrayList<>();
        int session = Step.ALL;
        int max = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.startsWith("C:")) {
                    steps.add(new Client(session, n, line.length() > 3 ? line.substring(3) : ""));
                } else if (line.startsWith("S:")) {
                    steps.add(new Server(session, n, Pattern.compile(line.length() > 3 ? line.substring(3) : "")));
                } else if (line.startsWith("SUB {")) {
                    int start = n;
                    List<Pattern> block = new ArrayList<>();
                    for (line = r.readLine(), n++; line != null && !line.startsWith("}"); line = r.readLine(), n++) {
                        if (!line.startsWith("S: ")) {
                            throw new IOException(name + ":" + n + ": only S: lines may stand in a SUB block");
                        }
                        block.add(Pattern.compile(line.substring(3)));
                    }
                    steps.add(new Unordered(session, start, List.copyOf(block)));
                } else if (line.startsWith("SESSION:")) {
                    session = Integer.parseInt(line.substring("SESSION:".length()).strip());
                    max = Math.max(max, session);
                } else if (line.startsWith("WAIT ")) {
                    steps.add(new Wait(session, n, Long.parseLong(line.substring(5).strip())));
                } else if (line.startsWith("REINIT")) {
                    steps.add(new Reinit(session, n));
                } else if (line.startsWith("#") || line.isBlank() || line.startsWith("LOG ") || line.startsWith("TIMER ")
                        || line.startsWith("AWAIT")) {
                    continue;
                } else {
                    throw new IOException(name + ":" + n + ": a line MPT does not know: " + line);
                }
            }
        }
        return new MptScript(name, List.copyOf(steps), max + 1);
    }
}
