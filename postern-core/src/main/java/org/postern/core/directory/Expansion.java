package org.postern.core.directory;

import java.util.List;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;

/**
 * The result of expanding addresses with a {@link RecipientExpander}: where the mail goes, and
 * what the expansion met on the way. Every list is in the order met and free of duplicates.
 *
 * @param mailboxes  the users whose mailboxes receive a copy, each once
 * @param externals  addresses outside the accepted domains, each once (compared case-insensitively)
 * @param unresolved addresses in an accepted domain that name nothing here (the categorizer's non-delivery cases)
 * @param expanded   the aliases and distribution groups expanded, each once, in order (for EXPAND events)
 * @param loops      each loop met, as the path from the repeated alias or group back to it, e.g. {@code [a, b, a]}
 * @param tooDeep    each path cut at the depth bound, ending with the address that was not expanded
 */
public record Expansion(
        List<User> mailboxes,
        List<EmailAddress> externals,
        List<EmailAddress> unresolved,
        List<Recipient> expanded,
        List<List<EmailAddress>> loops,
        List<List<EmailAddress>> tooDeep) {

    public Expansion {
        mailboxes = List.copyOf(mailboxes);
        externals = List.copyOf(externals);
        unresolved = List.copyOf(unresolved);
        expanded = List.copyOf(expanded);
        loops = loops.stream().map(List::copyOf).toList();
        tooDeep = tooDeep.stream().map(List::copyOf).toList();
    }

    /** Whether the expansion met a loop or the depth bound (worth a warning in the log). */
    public boolean hasProblems() {
        return !loops.isEmpty() || !tooDeep.isEmpty();
    }
}
