package org.postern.clientaccess.imap;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderPath;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.protocols.imap.ModifiedUtf7;

/**
 * IMAP mailbox names and the store's folders (RFC 3501 sections 5.1 to 5.1.3): {@code INBOX}
 * in any case is the Inbox folder (whatever its stored name) and the root of its children;
 * {@code /} is the hierarchy delimiter; names travel in modified UTF-7 unless the client enabled
 * UTF8=ACCEPT (RFC 6855). LIST patterns with {@code *} and {@code %} (section 6.3.8).
 */
final class MailboxNames {

    static final String INBOX = "INBOX";

    private MailboxNames() {
    }

    static Optional<String> decode(String wire, boolean utf8) {
        if (utf8) {
            return Optional.of(wire);
        }
        return ModifiedUtf7.decode(wire);
    }

    static String encode(String name, boolean utf8) {
        return utf8 ? name : ModifiedUtf7.encode(name);
    }

    /** The IMAP name of a folder: the Inbox (and below it) as INBOX. */
    static String imapName(Folder folder, FolderPath inboxPath) {
        return imapName(folder.path(), inboxPath);
    }

    /** The IMAP name of a store path, which need not be a folder (a subscribed name). */
    static String imapName(FolderPath path, FolderPath inboxPath) {
        if (inboxPath != null && inboxPath.contains(path)) {
            List<String> segments = path.segments();
            StringBuilder sb = new StringBuilder(INBOX);
            for (int i = inboxPath.segments().size(); i < segments.size(); i++) {
                sb.append(FolderPath.DELIMITER).append(segments.get(i));
            }
            return sb.toString();
        }
        return path.name();
    }

    /** The store path an IMAP name (decoded) stands for; INBOX/... below the Inbox folder. */
    static FolderPath path(MailboxStore store, EmailAddress owner, String name) {
        String trimmed = name;
        if (trimmed.endsWith(String.valueOf(FolderPath.DELIMITER))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new StoreException(StoreError.INVALID, "empty mailbox name");
        }
        FolderPath path = FolderPath.parse(trimmed);
        if (path.segments().getFirst().equalsIgnoreCase(INBOX)) {
            FolderPath inbox = store.findFolder(owner, SpecialUse.INBOX).map(Folder::path).orElse(FolderPath.of("Inbox"));
            FolderPath out = inbox;
            for (String s : path.segments().subList(1, path.segments().size())) {
                out = out.child(s);
            }
            return out;
        }
        return path;
    }

    static boolean isInbox(String name) {
        return name.toUpperCase(Locale.ROOT).equals(INBOX);
    }

    /** The folder an IMAP name (decoded) names, if it exists. */
    static Optional<Folder> find(MailboxStore store, EmailAddress owner, String name) {
        if (isInbox(name)) {
            return store.findFolder(owner, SpecialUse.INBOX);
        }
        return store.findFolder(owner, path(store, owner, name));
    }

    /**
     * True when {@code name} matches the LIST pattern: {@code *} matches anything, {@code %}
     * anything but the delimiter (RFC 3501 section 6.3.8). INBOX matches case-insensitively.
     */
    static boolean matches(String pattern, String name) {
        String n = name;
        String p = pattern;
        if (n.regionMatches(true, 0, INBOX, 0, INBOX.length()) && (n.length() == INBOX.length() || n.charAt(INBOX.length()) == '/')
                && p.regionMatches(true, 0, INBOX, 0, Math.min(INBOX.length(), p.length()))) {
            int k = Math.min(INBOX.length(), p.length());
            p = INBOX.substring(0, k) + p.substring(k);
        }
        return match(p, n);
    }

    /** Wildcard match in O(pattern × name), whatever the pattern (no backtracking). */
    private static boolean match(String p, String n) {
        boolean[] row = new boolean[n.length() + 1];
        row[0] = true;
        for (int pi = 0; pi < p.length(); pi++) {
            char c = p.charAt(pi);
            boolean[] next = new boolean[n.length() + 1];
            if (c == '*' || c == '%') {
                boolean reach = false;
                for (int ni = 0; ni <= n.length(); ni++) {
                    if (row[ni]) {
                        reach = true;
                    } else if (c == '%' && ni > 0 && n.charAt(ni - 1) == FolderPath.DELIMITER) {
                        reach = false;
                    }
                    next[ni] = reach;
                }
            } else {
                for (int ni = 1; ni <= n.length(); ni++) {
                    next[ni] = row[ni - 1] && n.charAt(ni - 1) == c;
                }
            }
            row = next;
        }
        return row[n.length()];
    }

    /**
     * The folder's MAILBOXID (RFC 8474 section 4): its store identifier, which a RENAME keeps and
     * no other folder of the store ever has, as an objectid (letters, digits, {@code -} and {@code _}).
     */
    static String mailboxId(org.postern.core.store.Folder folder) {
        return "F" + folder.id().value();
    }
}
