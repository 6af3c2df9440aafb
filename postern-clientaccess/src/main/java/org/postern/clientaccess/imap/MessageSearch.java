package org.postern.clientaccess.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.MimeEntity;
import org.postern.protocols.imap.SearchKey;

/**
 * Evaluates a {@link SearchKey} against one message (RFC 3501 section 6.4.4): flags and
 * mod-sequence from the snapshot, dates and size from the store's metadata, headers and text
 * from the message's octets, read only when a key needs them and decoded ({@link MessageText}).
 */
final class MessageSearch {

    /**
     * Up to this many runs of UIDs, the flags of a search's candidates are read range by range
     * (a query each); beyond, in one pass over the folder.
     */
    private static final int FEW_RANGES = 128;

    private final MailboxStore store;
    private final FolderId folder;
    private final SelectedFolder selected;
    private final List<Long> saved;
    private final Map<SearchKey.Header, HeaderMatch> headerMatches = new IdentityHashMap<>();
    /** The store's answer for each header key, UIDs ascending ({@link MailboxStore#searchHeader}); null when scanning. */
    private Map<SearchKey.Header, long[]> indexed;

    MessageSearch(MailboxStore store, SelectedFolder selected, List<Long> saved) {
        this.store = store;
        this.folder = selected.folder().id();
        this.selected = selected;
        this.saved = saved;
    }

    /** One message being looked at; its content is read at most once. */
    final class Candidate {
        final long uid;
        final int msn;
        /** Flags and mod-sequence; null when the key is header fields alone, answered by the store's index. */
        final MessageFlags flags;
        /**
         * The store's metadata; null when the search read only flags and header blocks
         * ({@link MailboxStore#scanHeaders}) or flags and the header-field index.
         */
        final MessageMetadata metadata;
        private byte[] headerBlock;
        private MimeEntity entity;
        private String header;
        private String body;

        Candidate(long uid, int msn, MessageFlags flags, MessageMetadata metadata, byte[] headerBlock) {
            this.uid = uid;
            this.msn = msn;
            this.flags = flags;
            this.metadata = metadata;
            this.headerBlock = headerBlock;
        }

        MimeEntity entity() throws IOException {
            if (entity == null) {
                try (InputStream in = store.openContent(folder, metadata)) {
                    entity = MimeEntity.parse(in.readAllBytes());
                } catch (StoreException e) {
                    entity = MimeEntity.parse(new byte[0]);
                }
            }
            return entity;
        }

        /** The header block's octets as the store keeps them (empty if it cannot be read). */
        byte[] headerBlock() {
            if (headerBlock == null) {
                try {
                    headerBlock = metadata.headerBlock();
                } catch (StoreException e) {
                    headerBlock = new byte[0];
                }
            }
            return headerBlock;
        }

        /** The header block as ISO-8859-1 text: kept by the store, or the whole entity's when that is read already. */
        String header() {
            if (entity != null) {
                return entity.headerText();
            }
            if (header == null) {
                header = new String(headerBlock(), StandardCharsets.ISO_8859_1);
            }
            return header;
        }

        String body() throws IOException {
            if (body == null) {
                body = MessageText.body(entity());
            }
            return body;
        }
    }

    /**
     * The messages of the selected folder that match {@code key}, in sequence number order, each
     * with the store's metadata when {@code withMetadata} (or when a key needs it). One pass over
     * the store's rows (in UID order) beside the session's UIDs (in the same order): a row the
     * session does not know yet, or a UID whose row is gone, is left out. A key on flags and header
     * fields alone reads only those: the header fields from the store's index when it can answer
     * them all ({@link MailboxStore#searchHeader}; a key of header fields alone then reads nothing
     * else), otherwise from every message's header block ({@link MailboxStore#scanHeaders}), one
     * row at a time.
     */
    static List<Candidate> select(MailboxStore store, SelectedFolder folder, List<Long> saved, SearchKey key, boolean withMetadata)
            throws IOException {
        MessageSearch evaluator = new MessageSearch(store, folder, saved);
        List<Candidate> out = new ArrayList<>();
        int exists = folder.exists();
        if (exists == 0) {
            return out;
        }
        // the session's UIDs: a message appended since is not looked at (nor read)
        UidSet known = UidSet.of(new UidRange(folder.uidAt(1), folder.uidAt(exists)));
        Cursor cursor = new Cursor(folder);
        if (withMetadata || needsMetadata(key) || needsText(key)) {
            // the metadata (its structures decoded only if used) carries the flags too, and the
            // content hash by which a message's text is opened without a lookup per message
            for (MessageMetadata m : store.fetch(folder.folder().id(), known)) {
                evaluator.consider(cursor, key, new MessageFlags(m.uid(), m.modSeq(), m.flags(), m.keywords()), m, null, out);
            }
        } else if (needsContent(key) && evaluator.answeredByIndex(key, known.ranges().getFirst())) {
            if (headersOnly(key)) {
                // every message that matches has the first key's field: its UIDs are the candidates, nothing else is read
                long[] first = evaluator.indexed.get(firstHeader(key));
                for (long uid : first) {
                    int msn = cursor.msnOf(uid);
                    if (msn > 0) {
                        Candidate c = evaluator.new Candidate(uid, msn, null, null, null);
                        if (evaluator.matches(key, c)) {
                            out.add(c);
                        }
                    }
                }
            } else {
                // flags too: of the few messages the key's own header keys leave (UNDELETED SUBJECT x), else of all
                UidSet flagged = known;
                long[] required = evaluator.requiredUids(key);
                if (required != null) {
                    UidSet few = UidSet.of(Arrays.stream(required).boxed().toList());
                    flagged = few.ranges().size() <= FEW_RANGES ? few : known;
                }
                if (!flagged.ranges().isEmpty()) {
                    for (MessageFlags f : store.fetchFlags(folder.folder().id(), flagged)) {
                        evaluator.consider(cursor, key, f, null, null, out);
                    }
                }
            }
        } else if (needsContent(key)) {
            try {
                store.scanHeaders(folder.folder().id(), known, (flags, header) -> {
                    try {
                        evaluator.consider(cursor, key, flags, null, header, out); // a key on header fields reads no text: no I/O
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            for (MessageFlags f : store.fetchFlags(folder.folder().id(), known)) {
                evaluator.consider(cursor, key, f, null, null, out);
            }
        }
        return out;
    }

    /**
     * Asks the store's header-field index for every header key of {@code key}; true when it
     * answered them all ({@link #indexed}), false when one must be read from the header blocks
     * (a field not indexed, a folder not filled in yet).
     */
    private boolean answeredByIndex(SearchKey key, UidRange range) {
        Map<SearchKey.Header, long[]> answers = new IdentityHashMap<>();
        if (!indexAnswers(key, range, answers)) {
            return false;
        }
        indexed = answers;
        return true;
    }

    private boolean indexAnswers(SearchKey key, UidRange range, Map<SearchKey.Header, long[]> answers) {
        return switch (key) {
            case SearchKey.Header h -> {
                Optional<long[]> uids = store.searchHeader(folder, range, h.field(), h.value());
                uids.ifPresent(u -> answers.put(h, u));
                yield uids.isPresent();
            }
            case SearchKey.Not n -> indexAnswers(n.key(), range, answers);
            case SearchKey.Or o -> indexAnswers(o.left(), range, answers) && indexAnswers(o.right(), range, answers);
            case SearchKey.And a -> {
                for (SearchKey k : a.keys()) {
                    if (!indexAnswers(k, range, answers)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> true;
        };
    }

    /**
     * The UIDs a message must be among to match the key, from the index's answers to the header
     * keys the key requires (itself, or those of a top-level list); null when it requires none.
     */
    private long[] requiredUids(SearchKey key) {
        return switch (key) {
            case SearchKey.Header h -> indexed.get(h);
            case SearchKey.And a -> {
                long[] required = null;
                for (SearchKey k : a.keys()) {
                    if (k instanceof SearchKey.Header h) {
                        long[] uids = indexed.get(h);
                        required = required == null ? uids
                                : Arrays.stream(required).filter(uid -> Arrays.binarySearch(uids, uid) >= 0).toArray();
                    }
                }
                yield required;
            }
            default -> null;
        };
    }

    /** True when the key is header keys only (one, or all of a list): a message matches only if the first one does. */
    static boolean headersOnly(SearchKey key) {
        return switch (key) {
            case SearchKey.Header h -> true;
            case SearchKey.And a -> !a.keys().isEmpty() && a.keys().stream().allMatch(k -> k instanceof SearchKey.Header);
            default -> false;
        };
    }

    private static SearchKey.Header firstHeader(SearchKey key) {
        return key instanceof SearchKey.And a ? (SearchKey.Header) a.keys().getFirst() : (SearchKey.Header) key;
    }

    /** The session's sequence numbers walked beside rows coming in ascending UID order. */
    private static final class Cursor {
        private final SelectedFolder folder;
        private final int exists;
        private int msn = 1;

        Cursor(SelectedFolder folder) {
            this.folder = folder;
            this.exists = folder.exists();
        }

        /** The sequence number of {@code uid}, or 0 when the session does not know it (expunged or not yet told). */
        int msnOf(long uid) {
            while (msn <= exists && folder.uidAt(msn) < uid) {
                msn++;
            }
            return msn <= exists && folder.uidAt(msn) == uid ? msn : 0;
        }
    }

    /** Adds the message to {@code out} when the session knows it (by the cursor) and it matches the key. */
    private void consider(Cursor cursor, SearchKey key, MessageFlags flags, MessageMetadata metadata, byte[] header,
                          List<Candidate> out) throws IOException {
        int msn = cursor.msnOf(flags.uid());
        if (msn > 0) {
            Candidate c = new Candidate(flags.uid(), msn, flags, metadata, header);
            if (matches(key, c)) {
                out.add(c);
            }
        }
    }

    /** True when the key needs the message's header or text. */
    static boolean needsContent(SearchKey key) {
        return switch (key) {
            case SearchKey.Header h -> true;
            case SearchKey.Text t -> true;
            case SearchKey.Not n -> needsContent(n.key());
            case SearchKey.Or o -> needsContent(o.left()) || needsContent(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(MessageSearch::needsContent);
            default -> false;
        };
    }

    /** True when the key needs the message's text (BODY, TEXT): its content opened by the metadata's hash. */
    static boolean needsText(SearchKey key) {
        return switch (key) {
            case SearchKey.Text t -> true;
            case SearchKey.Not n -> needsText(n.key());
            case SearchKey.Or o -> needsText(o.left()) || needsText(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(MessageSearch::needsText);
            default -> false;
        };
    }

    /** True when the key needs the store's metadata (dates, size) rather than the snapshot alone. */
    static boolean needsMetadata(SearchKey key) {
        return switch (key) {
            case SearchKey.Dated d -> true;
            case SearchKey.Size s -> true;
            case SearchKey.Not n -> needsMetadata(n.key());
            case SearchKey.Or o -> needsMetadata(o.left()) || needsMetadata(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(MessageSearch::needsMetadata);
            default -> false;
        };
    }

    boolean matches(SearchKey key, Candidate c) throws IOException {
        return switch (key) {
            case SearchKey.All a -> true;
            case SearchKey.Sequence s -> s.uid()
                    ? (s.set().lastResult() ? saved.contains(c.uid) : s.set().contains(c.uid, lastUid()))
                    : (s.set().lastResult() ? saved.contains(c.uid) : s.set().contains(c.msn, selected.exists()));
            case SearchKey.Flagged f -> hasFlag(c.flags, f.flag()) == f.set();
            case SearchKey.Recent r -> selected.isRecent(c.uid) == r.recent();
            case SearchKey.Header h -> indexed != null ? Arrays.binarySearch(indexed.get(h), c.uid) >= 0
                    : headerMatch(h).matches(c.headerBlock());
            case SearchKey.Text t -> (!t.bodyOnly() && MessageText.containsIgnoreCase(MessageText.headers(c.header()), t.value()))
                    || MessageText.containsIgnoreCase(c.body(), t.value());
            case SearchKey.Dated d -> compare(d, c);
            case SearchKey.Size s -> s.larger() ? c.metadata.size() > s.octets() : c.metadata.size() < s.octets();
            case SearchKey.ModSeq m -> c.flags.modSeq() >= m.modSeq();
            case SearchKey.Not n -> !matches(n.key(), c);
            case SearchKey.Or o -> matches(o.left(), c) || matches(o.right(), c);
            case SearchKey.And a -> {
                for (SearchKey k : a.keys()) {
                    if (!matches(k, c)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /** The key made ready once for every message of this search. */
    private HeaderMatch headerMatch(SearchKey.Header key) {
        return headerMatches.computeIfAbsent(key, k -> new HeaderMatch(k.field(), k.value()));
    }

    private long lastUid() {
        return selected.exists() == 0 ? 0 : selected.uidAt(selected.exists());
    }

    private static boolean hasFlag(MessageFlags m, String flag) {
        Optional<Flag> system = Flag.fromImapName(flag);
        if (system.isPresent()) {
            return m.flags().contains(system.get());
        }
        return m.keywords().stream().anyMatch(k -> k.equalsIgnoreCase(flag));
    }

    private boolean compare(SearchKey.Dated d, Candidate c) throws IOException {
        LocalDate date;
        if (d.field() == SearchKey.DateField.INTERNAL) {
            date = c.metadata.internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
        } else {
            String sent = c.metadata.envelope().date();
            if (sent == null) {
                return false;
            }
            try {
                date = ZonedDateTime.parse(sent.replaceAll("\\s*\\(.*\\)\\s*$", "").trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return switch (d.comparison()) {
            case BEFORE -> date.isBefore(d.date());
            case ON -> date.isEqual(d.date());
            case SINCE -> !date.isBefore(d.date());
        };
    }
}
