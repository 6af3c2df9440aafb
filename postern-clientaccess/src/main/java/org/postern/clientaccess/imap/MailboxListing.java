package org.postern.clientaccess.imap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderPath;
import org.postern.core.store.SpecialUse;

/**
 * Which names a LIST or LSUB returns and with what attributes (RFC 5258 LIST-EXTENDED sections
 * 3 to 4, RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN), computed from the owner's folders and
 * subscriptions; no I/O.
 * <ul>
 *   <li>the names are the existing folders, and with the SUBSCRIBED selection (or LSUB) the
 *       subscribed names too, which need not exist: those are {@code \NonExistent} in LIST
 *       (section 3.4), {@code \Noselect} in LSUB (RFC 3501 section 6.3.9);</li>
 *   <li>a name is returned when it matches a pattern and meets the selection criteria
 *       (SUBSCRIBED, SPECIAL-USE); with RECURSIVEMATCH (section 3.5) also when it does not but
 *       a name below it does, and then with the {@code CHILDINFO} extended data naming the
 *       criteria — such a parent that is no folder is {@code \NonExistent};</li>
 *   <li>{@code \HasChildren}/{@code \HasNoChildren} count existing folders below the name,
 *       whatever the patterns (section 4: children need not match);</li>
 *   <li>REMOTE selects nothing here: every mailbox is local (section 3.1).</li>
 * </ul>
 */
final class MailboxListing {

    /** The selection (section 3.1) and what the response shows. */
    record Options(boolean lsub, boolean subscribedOnly, boolean specialUseOnly, boolean recursiveMatch, boolean showSubscribed) {
        /** The selection criteria, as CHILDINFO names them (section 3.5). */
        List<String> criteria() {
            List<String> out = new ArrayList<>();
            if (subscribedOnly) {
                out.add("SUBSCRIBED");
            }
            if (specialUseOnly) {
                out.add("SPECIAL-USE");
            }
            return out;
        }
    }

    /** One response line: the name's path, its folder if it exists, its attributes, its CHILDINFO criteria. */
    record Entry(FolderPath path, Optional<Folder> folder, List<String> attributes, List<String> childInfo) {
    }

    private MailboxListing() {
    }

    /**
     * @param folders       the owner's folders
     * @param subscriptions the owner's subscribed names
     * @param options       the selection and what to show
     * @param matches       whether a path's name matches one of the patterns
     */
    static List<Entry> list(List<Folder> folders, Set<FolderPath> subscriptions, Options options, Predicate<FolderPath> matches) {
        Map<FolderPath, Folder> existing = new LinkedHashMap<>();
        for (Folder f : folders) {
            existing.put(f.path(), f);
        }
        Set<FolderPath> extra = new TreeSet<>((a, b) -> a.name().compareTo(b.name()));
        if (options.subscribedOnly() || options.lsub()) {
            for (FolderPath p : subscriptions) {
                if (!existing.containsKey(p)) {
                    extra.add(p);
                }
            }
        }
        List<FolderPath> meeting = new ArrayList<>();
        for (FolderPath p : union(existing.keySet(), extra)) {
            if (meets(p, existing.get(p), subscriptions, options)) {
                meeting.add(p);
            }
        }
        if (options.recursiveMatch()) {
            for (FolderPath p : meeting) {
                for (FolderPath parent = p.parent(); parent != null; parent = parent.parent()) {
                    if (!existing.containsKey(parent)) {
                        extra.add(parent);
                    }
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (FolderPath p : union(existing.keySet(), extra)) {
            if (!matches.test(p)) {
                continue;
            }
            Folder folder = existing.get(p);
            boolean meets = meeting.contains(p);
            boolean childMeets = options.recursiveMatch() && meeting.stream().anyMatch(m -> !m.equals(p) && p.contains(m));
            if (!meets && !childMeets) {
                continue;
            }
            entries.add(new Entry(p, Optional.ofNullable(folder), attributes(p, folder, existing, subscriptions, options),
                    childMeets ? options.criteria() : List.of()));
        }
        return entries;
    }

    /** The attributes of one name (section 3.4 and RFC 3348, RFC 6154). */
    static List<String> attributes(FolderPath p, Folder folder, Map<FolderPath, Folder> existing, Set<FolderPath> subscriptions,
                                   Options options) {
        List<String> attributes = new ArrayList<>();
        if (folder == null) {
            attributes.add(options.lsub() ? "\\Noselect" : "\\NonExistent");
        }
        if (options.lsub()) {
            return attributes;
        }
        boolean children = existing.keySet().stream().anyMatch(c -> !c.equals(p) && p.contains(c));
        attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
        if (folder != null) {
            folder.specialUse().flatMap(SpecialUse::imapAttribute).ifPresent(attributes::add);
        }
        if (options.showSubscribed() && subscriptions.contains(p)) {
            attributes.add("\\Subscribed");
        }
        return attributes;
    }

    private static boolean meets(FolderPath p, Folder folder, Set<FolderPath> subscriptions, Options options) {
        if ((options.subscribedOnly() || options.lsub()) && !subscriptions.contains(p)) {
            return false;
        }
        return !options.specialUseOnly() || folder != null && folder.specialUse().flatMap(SpecialUse::imapAttribute).isPresent();
    }

    private static List<FolderPath> union(Iterable<FolderPath> first, Iterable<FolderPath> second) {
        List<FolderPath> all = new ArrayList<>();
        first.forEach(all::add);
        second.forEach(all::add);
        return all;
    }
}
