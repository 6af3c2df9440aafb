package org.postern.core.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/**
 * Expands recipient addresses to their final recipients — mailbox users and external
 * addresses — following aliases and distribution groups, as the Hub Transport's categorizer
 * does (the reference's "resolver" stage). Works on any {@link Directory}.
 *
 * <p>Each alias and group is expanded once per expansion, however many paths lead to it;
 * final recipients appear once. A path that comes back to an alias or group it is already
 * expanding is a loop: it is stopped there and reported. Nesting deeper than the depth bound
 * is stopped and reported too. Neither stops the rest of the expansion.
 */
public final class RecipientExpander {

    /** Default bound on nested aliases and groups, far above what real directories use. */
    public static final int DEFAULT_MAX_DEPTH = 20;

    private final Directory directory;
    private final int maxDepth;

    /** An expander with the {@linkplain #DEFAULT_MAX_DEPTH default depth bound}. */
    public RecipientExpander(Directory directory) {
        this(directory, DEFAULT_MAX_DEPTH);
    }

    /**
     * @param directory where addresses are resolved
     * @param maxDepth  how many aliases and groups may be nested in one path (at least 1)
     */
    public RecipientExpander(Directory directory, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.directory = directory;
        this.maxDepth = maxDepth;
    }

    /** Expands one address. */
    public Expansion expand(EmailAddress address) {
        return expand(List.of(address));
    }

    /** Expands several addresses (a message's recipients) together: duplicates across them are removed too. */
    public Expansion expand(List<EmailAddress> addresses) {
        Walk walk = new Walk();
        for (EmailAddress address : addresses) {
            walk.visit(address, new ArrayList<>());
        }
        return walk.result();
    }

    /** The state of one expansion. */
    private final class Walk {
        private final Map<UUID, User> mailboxes = new LinkedHashMap<>();
        private final Map<String, EmailAddress> externals = new LinkedHashMap<>();
        private final Map<String, EmailAddress> unresolved = new LinkedHashMap<>();
        private final List<Recipient> expanded = new ArrayList<>();
        private final Set<String> expandedKeys = new HashSet<>();
        private final List<List<EmailAddress>> loops = new ArrayList<>();
        private final List<List<EmailAddress>> tooDeep = new ArrayList<>();

        /** Visits an address reached through {@code path}, the aliases and groups being expanded. */
        void visit(EmailAddress address, List<EmailAddress> path) {
            String key = address.canonical();
            int start = indexOf(path, key);
            if (start >= 0) {
                List<EmailAddress> loop = new ArrayList<>(path.subList(start, path.size()));
                loop.add(address);
                loops.add(loop);
                return;
            }
            if (expandedKeys.contains(key) || externals.containsKey(key) || unresolved.containsKey(key)) {
                return;
            }
            if (!directory.isAcceptedDomain(address.domain())) {
                externals.put(key, address);
                return;
            }
            Optional<Recipient> found = directory.resolve(address);
            if (found.isEmpty()) {
                unresolved.put(key, address);
                return;
            }
            switch (found.get()) {
                case User user -> mailboxes.putIfAbsent(user.id(), user);
                case Alias alias -> descend(alias, List.of(alias.target()), path);
                case DistributionGroup group -> descend(group, group.members(), path);
            }
        }

        private void descend(Recipient recipient, List<EmailAddress> next, List<EmailAddress> path) {
            if (path.size() >= maxDepth) {
                List<EmailAddress> cut = new ArrayList<>(path);
                cut.add(recipient.address());
                tooDeep.add(cut);
                return;
            }
            expandedKeys.add(recipient.address().canonical());
            expanded.add(recipient);
            path.add(recipient.address());
            for (EmailAddress member : next) {
                visit(member, path);
            }
            path.remove(path.size() - 1);
        }

        private static int indexOf(List<EmailAddress> path, String key) {
            for (int i = 0; i < path.size(); i++) {
                if (path.get(i).canonical().equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        Expansion result() {
            return new Expansion(List.copyOf(mailboxes.values()), List.copyOf(externals.values()),
                    List.copyOf(unresolved.values()), expanded, loops, tooDeep);
        }
    }
}
