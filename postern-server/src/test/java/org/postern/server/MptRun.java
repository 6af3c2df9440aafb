package org.postern.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs one {@link MptScript} over as many {@link MptSession}s as it names, with the setup of
 * its James suite before it and the clean-up after it.
 */
final class MptRun {

    private final MptScript script;
    private final MptExceptions exceptions;
    private final Pattern loginLine;
    private final String loginReplacement;
    private final List<MptSession> sessions = new ArrayList<>();
    private int excused;
    private int reworded;
    private int port;

    MptRun(MptScript script, MptExceptions exceptions, Pattern loginLine, String loginReplacement) {
        this.script = script;
        this.exceptions = exceptions;
        this.loginLine = loginLine;
        this.loginReplacement = loginReplacement;
    }

    /** How many excepted lines the run passed over. */
    int excused() {
        return excused;
    }

    /** How many status responses matched in all but their human-readable text. */
    int reworded() {
        return reworded;
    }

    void execute(int port, MptScript before, MptScript after, MptComplianceTest.Setup setup) throws Exception {
        this.port = port;
        try {
            for (int i = 0; i < script.sessions(); i++) {
                sessions.add(MptSession.open(port));
            }
            for (MptSession s : sessions) {
                if (setup != MptComplianceTest.Setup.NONE) {
                    s.readLine();
                }
                if (setup.compareTo(MptComplianceTest.Setup.AUTHENTICATED) >= 0) {
                    command(s, "a001", "LOGIN " + MptComplianceTest.USER + " " + MptComplianceTest.PASSWORD, "a001 OK .*");
                }
                if (setup == MptComplianceTest.Setup.SELECTED_INBOX) {
                    command(s, "abcd", "SELECT inbox", "abcd OK \\[READ-WRITE\\] .*");
                }
            }
            if (before != null) {
                steps(before, false);
            }
            steps(script, true);
            if (after != null) {
                steps(after, false);
            }
            if (setup == MptComplianceTest.Setup.SELECTED_INBOX) {
                for (MptSession s : sessions) {
                    try {
                        s.writeLine("a CLOSE");
                        s.readLine();
                    } catch (IOException e) {
                        // the script logged out: nothing to close (James reads any line here)
                    }
                }
            }
        } finally {
            for (MptSession s : sessions) {
                s.close();
            }
        }
    }

    /** Sends a command of the harness and reads to its tagged reply, which must match. */
    private static void command(MptSession s, String tag, String command, String expected) throws IOException {
        s.writeLine(tag + " " + command);
        for (String line = s.readLine(); ; line = s.readLine()) {
            if (line.startsWith(tag + " ")) {
                if (!line.matches(expected)) {
                    throw new AssertionError("setup: " + command + " answered " + line);
                }
                return;
            }
        }
    }

    private List<MptSession> of(MptScript.Step step) {
        return step.session() == MptScript.Step.ALL ? sessions : List.of(sessions.get(step.session()));
    }

    private void steps(MptScript s, boolean excusable) throws Exception {
        String lastClient = "";
        for (MptScript.Step step : s.steps()) {
            boolean excepted = excusable && exceptions.excepts(s.name(), step.line());
            switch (step) {
                case MptScript.Client c -> {
                    String text = loginLine.matcher(c.text()).replaceFirst(loginReplacement);
                    lastClient = text;
                    for (MptSession session : of(c)) {
                        session.writeLine(text);
                    }
                }
                case MptScript.Server e -> {
                    for (MptSession session : of(e)) {
                        String actual = session.readLine();
                        if (excepted) {
                            excused++;
                        } else if (!e.expected().matcher(actual).matches() && !reworded(e.expected(), actual)) {
                            throw new AssertionError(s.name() + ":" + e.line() + " after C: " + lastClient
                                    + "\n  expected: " + e.expected() + "\n  actual:   " + actual);
                        }
                    }
                }
                case MptScript.Unordered u -> {
                    for (MptSession session : of(u)) {
                        List<Pattern> open = new ArrayList<>(u.expected());
                        while (!open.isEmpty()) {
                            String actual = session.readLine();
                            if (excepted) {
                                open.removeFirst();
                                excused++;
                                continue;
                            }
                            if (!removeFirstMatch(open, actual) && !removeFirstReworded(open, actual)) {
                                throw new AssertionError(s.name() + ":" + u.line() + " after C: " + lastClient
                                        + "\n  expected one of: " + open + "\n  actual:   " + actual);
                            }
                        }
                    }
                }
                case MptScript.Wait w -> Thread.sleep(w.millis());
                case MptScript.Reinit r -> {
                    int i = Math.max(r.session(), 0);
                    sessions.get(i).close();
                    sessions.set(i, MptSession.reopen(port));
                }
            }
        }
    }

    private static boolean removeFirstMatch(List<Pattern> open, String actual) {
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).matcher(actual).matches()) {
                open.remove(i);
                return true;
            }
        }
        return false;
    }

    private boolean removeFirstReworded(List<Pattern> open, String actual) {
        for (int i = 0; i < open.size(); i++) {
            if (reworded(open.get(i), actual)) {
                open.remove(i);
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code actual} is the status response {@code expected} asks for (same tag, same
     * status, same response code) in other human-readable words (RFC 3501 section 7.1, RFC 9051
     * section 7.1: resp-text is for people, and clients do not depend on it), when the exception
     * list allows that ({@code resp-text}).
     */
    private boolean reworded(Pattern expected, String actual) {
        String pattern = expected.pattern();
        if (!exceptions.respTextFree()) {
            return false;
        }
        Optional<Pattern> relaxed = RespText.relax(pattern);
        if (relaxed.isPresent() && relaxed.get().matcher(actual).matches()) {
            reworded++;
            return true;
        }
        return false;
    }
}
