package org.postern.clientaccess.imap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.MimeEntity;
import org.postern.protocols.imap.SearchKey;

/**
 * Evaluates a {@link SearchKey} against one message (RFC 3501 section 6.4.4): flags and
 * mod-sequence from the snapshot, dates and size from the store's metadata, headers and text
 * from the message's octets, read only when a key needs them and decoded ({@link MessageText}).
 */
final class MessageSearch {

    private final MailboxStore store;
    private final FolderId folder;
    private final SelectedFolder selected;
    private final List<Long> saved;

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
        final MessageFlags flags;
        final MessageMetadata metadata;
        private MimeEntity entity;
        private String header;
        private String body;

        Candidate(long uid, int msn, MessageFlags flags, MessageMetadata metadata) {
            this.uid = uid;
            this.msn = msn;
            this.flags = flags;
            this.metadata = metadata;
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

        /** The header block as ISO-8859-1 text: kept by the store, or the whole entity's when that is read already. */
        String header() {
            if (entity != null) {
                return entity.headerText();
            }
            if (header == null) {
                try {
                    header = new String(metadata.headerBlock(), StandardCharsets.ISO_8859_1);
                } catch (StoreException e) {
                    header = "";
                }
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
     * with the store's metadata when {@code withMetadata} (or when a key needs it).
     */
    static List<Candidate> select(MailboxStore store, SelectedFolder folder, List<Long> saved, SearchKey key, boolean withMetadata)
            throws IOException {
        // The metadata (its structures decoded only if used) carries the flags too, and the
        // content hash by which a message's text is opened without a lookup per message.
        boolean needMetadata = withMetadata || needsMetadata(key) || needsContent(key);
        Map<Long, MessageFlags> flags = new HashMap<>();
        Map<Long, MessageMetadata> metadata = new HashMap<>();
        if (needMetadata) {
            for (MessageMetadata m : store.fetch(folder.folder().id(), UidSet.all())) {
                metadata.put(m.uid(), m);
                flags.put(m.uid(), new MessageFlags(m.uid(), m.modSeq(), m.flags(), m.keywords()));
            }
        } else {
            for (MessageFlags m : store.fetchFlags(folder.folder().id(), UidSet.all())) {
                flags.put(m.uid(), m);
            }
        }
        MessageSearch evaluator = new MessageSearch(store, folder, saved);
        List<Candidate> out = new ArrayList<>();
        for (int msn = 1; msn <= folder.exists(); msn++) {
            long uid = folder.uidAt(msn);
            MessageFlags f = flags.get(uid);
            MessageMetadata m = metadata.get(uid);
            if (f == null || (needMetadata && m == null)) {
                continue; // expunged by another session, not yet reported
            }
            Candidate c = evaluator.new Candidate(uid, msn, f, m);
            if (evaluator.matches(key, c)) {
                out.add(c);
            }
        }
        return out;
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
            case SearchKey.Header h -> {
                String value = MessageText.header(c.header(), h.field());
                yield value != null && MessageText.containsIgnoreCase(value, h.value());
            }
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
