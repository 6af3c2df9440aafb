package org.postern.clientaccess.imap;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.protocols.imap.ImapRequest;

/**
 * THREAD and UID THREAD (RFC 5256 section 3) with ORDEREDSUBJECT (threads of one base subject,
 * the first message the parent of the others) and REFERENCES (the message-id links of
 * References and In-Reply-To, dummy parents pruned, root threads of one base subject merged,
 * everything ordered by sent date).
 */
final class ThreadHandler implements ImapHandler.InSelected {

    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");

    static boolean charsetSupported(String charset) {
        String cs = charset.toUpperCase(Locale.ROOT);
        return cs.equals("US-ASCII") || cs.equals("UTF-8");
    }

    /** A container of the threading algorithm: a message, or a dummy standing for a missing one. */
    private static final class Node {
        MessageSearch.Candidate message;
        Node parent;
        final List<Node> children = new ArrayList<>();

        boolean isAncestorOf(Node other) {
            for (Node n = other; n != null; n = n.parent) {
                if (n == this) {
                    return true;
                }
            }
            return false;
        }

        void setParent(Node newParent) {
            if (parent != null) {
                parent.children.remove(this);
            }
            parent = newParent;
            if (newParent != null) {
                newParent.children.add(this);
            }
        }

        /** The sent date: the message's, or for a dummy its first child's (children sorted first). */
        Instant date() {
            if (message != null) {
                return SortKeys.sentDate(message.metadata);
            }
            return children.isEmpty() ? Instant.EPOCH : children.getFirst().date();
        }

        int sequence() {
            if (message != null) {
                return message.msn;
            }
            return children.isEmpty() ? 0 : children.getFirst().sequence();
        }

        MessageSearch.Candidate firstMessage() {
            return message != null ? message : children.isEmpty() ? null : children.getFirst().firstMessage();
        }
    }

    private static final Comparator<Node> BY_DATE = Comparator.comparing(Node::date).thenComparingInt(Node::sequence);

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        ImapRequest.Thread thread = (ImapRequest.Thread) request.arguments();
        if (!thread.algorithm().equals("ORDEREDSUBJECT") && !thread.algorithm().equals("REFERENCES")) {
            context.bad(request.tag(), "Unknown threading algorithm");
            return state;
        }
        if (!charsetSupported(thread.charset())) {
            context.no(request.tag(), "BADCHARSET (US-ASCII UTF-8)", "Charset not supported");
            return state;
        }
        // a scan over the folder, then the threading: off the session's carrier (ADR 0021)
        List<Node> roots = context.backend().longWork().call(() -> {
            List<MessageSearch.Candidate> matched = MessageSearch.select(context.backend().store(), state.folder(),
                    context.savedSearch(), thread.key(), true);
            return thread.algorithm().equals("REFERENCES") ? references(matched) : orderedSubject(matched);
        });
        StringBuilder sb = new StringBuilder("THREAD");
        if (!roots.isEmpty()) {
            sb.append(' ');
        }
        for (Node root : roots) {
            sb.append('(').append(format(root, request.uid())).append(')');
        }
        context.untagged(sb.toString());
        context.ok(request.tag(), "THREAD completed");
        return state;
    }

    /** ORDEREDSUBJECT: group by base subject, order by sent date, the first message parents the rest. */
    private static List<Node> orderedSubject(List<MessageSearch.Candidate> matched) {
        Map<String, Node> bySubject = new LinkedHashMap<>();
        List<MessageSearch.Candidate> sorted = new ArrayList<>(matched);
        sorted.sort(Comparator.comparing((MessageSearch.Candidate c) -> SortKeys.sentDate(c.metadata)).thenComparingInt(c -> c.msn));
        for (MessageSearch.Candidate c : sorted) {
            String subject = SortKeys.baseSubject(c.metadata.envelope().subject()).text();
            Node node = new Node();
            node.message = c;
            Node first = bySubject.get(subject);
            if (first == null) {
                bySubject.put(subject, node);
            } else {
                node.setParent(first);
            }
        }
        List<Node> roots = new ArrayList<>(bySubject.values());
        roots.sort(BY_DATE);
        return roots;
    }

    /** REFERENCES (RFC 5256 section 3, steps 1 to 6). */
    private static List<Node> references(List<MessageSearch.Candidate> matched) {
        Map<String, Node> ids = new HashMap<>();
        int unique = 0;
        for (MessageSearch.Candidate c : matched) {
            String id = firstId(c.metadata.envelope().messageId());
            if (id == null || (ids.containsKey(id) && ids.get(id).message != null)) {
                id = "\0unique-" + (unique++);
            }
            Node node = ids.computeIfAbsent(id, k -> new Node());
            node.message = c;
            List<String> refs = allIds(c.metadata.envelope().references());
            if (refs.isEmpty()) {
                String inReplyTo = firstId(c.metadata.envelope().inReplyTo());
                if (inReplyTo != null) {
                    refs = List.of(inReplyTo);
                }
            }
            Node previous = null;
            for (String ref : refs) {
                Node r = ids.computeIfAbsent(ref, k -> new Node());
                if (previous != null && r.parent == null && r != previous && !r.isAncestorOf(previous)) {
                    r.setParent(previous);
                }
                previous = r;
            }
            if (previous != null && previous != node && !node.isAncestorOf(previous)) {
                node.setParent(previous);
            } else if (previous == null) {
                node.setParent(null);
            }
        }
        List<Node> roots = new ArrayList<>();
        for (Node n : ids.values()) {
            if (n.parent == null) {
                roots.add(n);
            }
        }
        roots = prune(roots, true);
        sortTree(roots);
        roots = mergeBySubject(roots);
        sortTree(roots);
        return roots;
    }

    /** Step 3: dummies without children go; dummies with children give them to their own level (not to the root, unless one). */
    private static List<Node> prune(List<Node> level, boolean root) {
        List<Node> out = new ArrayList<>();
        for (Node n : level) {
            List<Node> kids = prune(new ArrayList<>(n.children), false);
            n.children.clear();
            for (Node k : kids) {
                k.parent = n;
                n.children.add(k);
            }
            if (n.message == null && n.children.isEmpty()) {
                continue;
            }
            if (n.message == null && (!root || n.children.size() == 1)) {
                for (Node k : n.children) {
                    k.parent = n.parent;
                    out.add(k);
                }
                continue;
            }
            out.add(n);
        }
        return out;
    }

    private static void sortTree(List<Node> level) {
        for (Node n : level) {
            sortTree(n.children);
        }
        level.sort(BY_DATE);
    }

    /** Step 5: root threads of the same base subject merged. */
    private static List<Node> mergeBySubject(List<Node> roots) {
        Map<String, Node> table = new HashMap<>();
        for (Node n : roots) {
            MessageSearch.Candidate m = n.firstMessage();
            SortKeys.BaseSubject subject = SortKeys.baseSubject(m == null ? null : m.metadata.envelope().subject());
            if (subject.text().isEmpty()) {
                continue;
            }
            Node old = table.get(subject.text());
            if (old == null || (n.message == null && old.message != null)
                    || (old.message != null && isReply(old) && n.message != null && !isReply(n))) {
                table.put(subject.text(), n);
            }
        }
        List<Node> out = new ArrayList<>();
        for (Node n : roots) {
            MessageSearch.Candidate m = n.firstMessage();
            String subject = SortKeys.baseSubject(m == null ? null : m.metadata.envelope().subject()).text();
            Node entry = subject.isEmpty() ? null : table.get(subject);
            if (entry == null || entry == n) {
                if (!out.contains(n)) {
                    out.add(n);
                }
                continue;
            }
            if (entry.message == null && n.message == null) {
                for (Node k : new ArrayList<>(n.children)) {
                    k.setParent(entry);
                }
            } else if (entry.message == null) {
                n.setParent(entry);
            } else if (n.message != null && isReply(n) && !isReply(entry)) {
                n.setParent(entry);
            } else {
                Node dummy = new Node();
                int at = out.indexOf(entry);
                entry.setParent(dummy);
                n.setParent(dummy);
                table.put(subject, dummy);
                if (at >= 0) {
                    out.set(at, dummy);
                } else {
                    out.add(dummy);
                }
                continue;
            }
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return out;
    }

    private static boolean isReply(Node n) {
        return n.message != null && SortKeys.baseSubject(n.message.metadata.envelope().subject()).reply();
    }

    private static String firstId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MSG_ID.matcher(value);
        return m.find() ? m.group() : null;
    }

    private static List<String> allIds(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MSG_ID.matcher(value);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }

    /** thread-members and thread-nested (RFC 5256 section 4): one child inline, several as lists. */
    private static String format(Node node, boolean uid) {
        StringBuilder sb = new StringBuilder();
        Node n = node;
        while (true) {
            if (n.message != null) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(uid ? n.message.uid : n.message.msn);
            }
            if (n.children.size() == 1) {
                n = n.children.getFirst();
                continue;
            }
            if (n.children.size() > 1) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                for (Node child : n.children) {
                    sb.append('(').append(format(child, uid)).append(')');
                }
            }
            return sb.toString();
        }
    }
}
