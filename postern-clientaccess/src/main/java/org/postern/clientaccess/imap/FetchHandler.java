package org.postern.clientaccess.imap;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.FolderId;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.FetchAttribute;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.ImapResponseWriter;
import org.postern.protocols.imap.MimeEntity;
import org.postern.protocols.imap.SequenceSet;

/**
 * FETCH and UID FETCH (RFC 3501 section 6.4.5): FLAGS, UID, INTERNALDATE, RFC822.SIZE,
 * ENVELOPE, BODYSTRUCTURE and BODY from the store's parsed records; BODY[section]&lt;partial&gt;,
 * BODY.PEEK, RFC822, RFC822.HEADER and RFC822.TEXT from the message's octets, byte for byte.
 * The non-PEEK forms set \Seen (unless EXAMINEd) and report the new FLAGS. CHANGEDSINCE,
 * MODSEQ (RFC 7162 section 3.1.4) and VANISHED (section 3.2.6) for synchronizing clients.
 * BINARY[part]&lt;partial&gt;, BINARY.PEEK and BINARY.SIZE (RFC 3516) through {@link BinaryContent}.
 */
final class FetchHandler implements ImapHandler.InSelected {

    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    /** ENVELOPEs as sent, for every session (the handler is shared): 8 MiB, some 20,000 messages. */
    private final RenderedEnvelopes envelopes = new RenderedEnvelopes(8L << 20);

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        SelectedFolder folder = state.folder();
        ImapRequest.Fetch fetch = (ImapRequest.Fetch) request.arguments();
        if (!request.uid() && folder.outOfRange(fetch.set())) {
            context.bad(request.tag(), "Message sequence number out of range");
            return state;
        }
        if (fetch.vanished() && (!request.uid() || fetch.changedSince().isEmpty() || !context.qresync())) {
            context.bad(request.tag(), "VANISHED needs UID FETCH, CHANGEDSINCE and QRESYNC");
            return state;
        }
        List<FetchAttribute> attributes = new ArrayList<>(fetch.attributes());
        boolean wantsModSeq = fetch.changedSince().isPresent() || attributes.contains(new FetchAttribute.Simple(FetchAttribute.Item.MODSEQ));
        if (wantsModSeq) {
            context.enable(ImapExtension.CONDSTORE);
        }
        var store = context.backend().store();
        FolderId id = folder.folder().id();
        List<Long> uids = folder.resolve(fetch.set(), request.uid(), context.savedSearch());
        if (fetch.vanished()) {
            List<Long> vanished = store.changesSince(id, fetch.changedSince().get()).expunged().stream()
                    .filter(u -> fetch.set().contains(u, Long.MAX_VALUE)).sorted().toList();
            if (!vanished.isEmpty()) {
                context.untagged("VANISHED (EARLIER) " + SequenceSet.compact(vanished));
            }
        }
        if (uids.isEmpty()) {
            context.ok(request.tag(), "FETCH completed");
            return state;
        }
        boolean needsMetadata = attributes.stream().anyMatch(a -> switch (a) {
            case FetchAttribute.Simple s -> switch (s.item()) {
                case ENVELOPE, BODYSTRUCTURE, BODY, INTERNALDATE, RFC822_SIZE, RFC822 -> true;
                default -> false;
            };
            case FetchAttribute.BodySection b -> true; // the content hash, to open the message without a lookup per UID
            case FetchAttribute.Binary b -> true;
            case FetchAttribute.BinarySize b -> true;
        }) || needsParsedContent(attributes);
        boolean setsSeen = !folder.readOnly() && attributes.stream().anyMatch(a -> switch (a) {
            case FetchAttribute.BodySection b -> !b.peek();
            case FetchAttribute.Binary b -> !b.peek();
            case FetchAttribute.BinarySize b -> false;
            case FetchAttribute.Simple s -> s.item() == FetchAttribute.Item.RFC822 || s.item() == FetchAttribute.Item.RFC822_TEXT;
        });
        Map<Long, MessageFlags> flags = new HashMap<>();
        Map<Long, MessageMetadata> metadata = new HashMap<>();
        if (needsMetadata) {
            // one query: the metadata rows carry the flags (their structures are decoded only if written)
            for (MessageMetadata m : store.fetch(id, UidSet.of(uids))) {
                metadata.put(m.uid(), m);
                flags.put(m.uid(), new MessageFlags(m.uid(), m.modSeq(), m.flags(), m.keywords()));
            }
        } else {
            for (MessageFlags m : store.fetchFlags(id, UidSet.of(uids))) {
                flags.put(m.uid(), m);
            }
        }
        if (setsSeen) {
            List<Long> unseen = flags.values().stream().filter(m -> !m.flags().contains(Flag.SEEN)).map(MessageFlags::uid).sorted().toList();
            if (!unseen.isEmpty()) {
                for (MessageFlags m : store.storeFlags(id, UidSet.of(unseen), FlagUpdate.add(Flag.SEEN), Optional.empty()).updated()) {
                    flags.put(m.uid(), m);
                    if (!attributes.contains(new FetchAttribute.Simple(FetchAttribute.Item.FLAGS))) {
                        attributes.add(0, new FetchAttribute.Simple(FetchAttribute.Item.FLAGS)); // first, as most servers put it
                    }
                }
            }
        }
        if (request.uid() && !attributes.contains(new FetchAttribute.Simple(FetchAttribute.Item.UID))) {
            attributes.addFirst(new FetchAttribute.Simple(FetchAttribute.Item.UID));
        }
        if (wantsModSeq && !attributes.contains(new FetchAttribute.Simple(FetchAttribute.Item.MODSEQ))) {
            attributes.add(new FetchAttribute.Simple(FetchAttribute.Item.MODSEQ));
        }
        ImapResponseWriter out = context.out();
        boolean parsedContent = needsParsedContent(attributes);
        boolean headerOnly = headerOnly(attributes);
        boolean wholeMessage = needsWhole(attributes);
        boolean writesFlags = attributes.contains(new FetchAttribute.Simple(FetchAttribute.Item.FLAGS));
        for (long uid : uids) {
            MessageFlags f = flags.get(uid);
            if (f == null || (needsMetadata && !metadata.containsKey(uid))) {
                continue; // expunged by another session meanwhile
            }
            if (fetch.changedSince().isPresent() && f.modSeq() <= fetch.changedSince().get()) {
                continue;
            }
            byte[] content = parsedContent ? content(context, id, metadata.get(uid), headerOnly) : null;
            if (parsedContent && content == null) {
                continue;
            }
            Map<List<Integer>, byte[]> binaries = new HashMap<>();
            if (!decodeBinaries(attributes, content, binaries)) {
                context.no(request.tag(), "UNKNOWN-CTE", "A part's Content-Transfer-Encoding cannot be undone");
                return state;
            }
            Whole whole = new Whole(context, id, metadata.get(uid));
            if (wholeMessage && !whole.open()) {
                continue;
            }
            try {
                out.raw("* " + folder.msnOf(uid) + " FETCH (");
                boolean first = true;
                for (FetchAttribute a : attributes) {
                    if (!first) {
                        out.sp();
                    }
                    first = false;
                    write(out, a, uid, folder.flagList(f), f, metadata.get(uid), content, whole, binaries);
                }
                out.close().crlf();
            } finally {
                whole.close();
            }
            if (writesFlags) {
                folder.update(f);
            }
        }
        context.ok(request.tag(), "FETCH completed");
        return state;
    }

    /** {@code 1.2}: a section-part as written in BINARY[…]. */
    private static String partWire(List<Integer> part) {
        return part.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("."));
    }

    /** BODY[] or BODY.PEEK[] without a partial range: the whole message, streamed from the store. */
    private static boolean isWhole(FetchAttribute.BodySection b) {
        return b.section().part().isEmpty() && b.section().specifier() == FetchAttribute.Specifier.NONE && b.partial().isEmpty();
    }

    /** Items that need the message's octets in memory (a section, a range, the header or text). */
    private static boolean needsParsedContent(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> switch (a) {
            case FetchAttribute.BodySection b -> !isWhole(b);
            case FetchAttribute.Binary b -> true;
            case FetchAttribute.BinarySize b -> true;
            case FetchAttribute.Simple s -> s.item() == FetchAttribute.Item.RFC822_HEADER || s.item() == FetchAttribute.Item.RFC822_TEXT;
        });
    }

    /** True when every item needing the octets needs only the top-level header block (BODY[HEADER…], RFC822.HEADER). */
    private static boolean headerOnly(List<FetchAttribute> attributes) {
        return attributes.stream().allMatch(a -> switch (a) {
            case FetchAttribute.BodySection b -> isWhole(b) || b.section().part().isEmpty()
                    && (b.section().specifier() == FetchAttribute.Specifier.HEADER
                        || b.section().specifier() == FetchAttribute.Specifier.HEADER_FIELDS
                        || b.section().specifier() == FetchAttribute.Specifier.HEADER_FIELDS_NOT);
            case FetchAttribute.Binary b -> false;
            case FetchAttribute.BinarySize b -> false;
            case FetchAttribute.Simple s -> s.item() != FetchAttribute.Item.RFC822_TEXT;
        });
    }

    /** Items that send the whole message as it is stored, streamed without holding it in memory. */
    private static boolean needsWhole(List<FetchAttribute> attributes) {
        return attributes.stream().anyMatch(a -> switch (a) {
            case FetchAttribute.BodySection b -> isWhole(b);
            case FetchAttribute.Binary b -> false;
            case FetchAttribute.BinarySize b -> false;
            case FetchAttribute.Simple s -> s.item() == FetchAttribute.Item.RFC822;
        });
    }

    /**
     * The whole message of one FETCH response: opened before the response starts (so a message
     * expunged meanwhile is left out rather than cut off), streamed as a literal of its stored
     * size, reopened if the response asks for it twice.
     */
    private static final class Whole implements AutoCloseable {
        private final ImapContext context;
        private final FolderId folder;
        private final MessageMetadata metadata;
        private InputStream in;

        Whole(ImapContext context, FolderId folder, MessageMetadata metadata) {
            this.context = context;
            this.folder = folder;
            this.metadata = metadata;
        }

        boolean open() {
            try {
                in = context.backend().store().openContent(folder, metadata);
                return true;
            } catch (StoreException e) {
                if (e.error() == StoreError.EXPUNGED || e.error() == StoreError.NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        }

        void write(ImapResponseWriter out) throws IOException {
            if (in == null) {
                open();
            }
            try (InputStream stream = in) {
                in = null;
                out.literal(stream, metadata.size());
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** The message's octets, or only its header block when that is all the response needs. */
    private static byte[] content(ImapContext context, FolderId id, MessageMetadata message, boolean headerOnly) throws IOException {
        if (headerOnly) {
            try {
                return message.headerBlock(); // kept by the store: no need to open the message
            } catch (StoreException e) {
                if (e.error() == StoreError.EXPUNGED || e.error() == StoreError.NOT_FOUND) {
                    return null;
                }
                throw e;
            }
        }
        try (InputStream in = context.backend().store().openContent(id, message)) {
            return in.readAllBytes();
        } catch (StoreException e) {
            if (e.error() == StoreError.EXPUNGED || e.error() == StoreError.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The decoded parts the BINARY items name (RFC 3516); false when one's encoding cannot be undone. */
    private static boolean decodeBinaries(List<FetchAttribute> attributes, byte[] content, Map<List<Integer>, byte[]> binaries) {
        for (FetchAttribute a : attributes) {
            List<Integer> part = switch (a) {
                case FetchAttribute.Binary b -> b.part();
                case FetchAttribute.BinarySize b -> b.part();
                default -> null;
            };
            if (part != null && !binaries.containsKey(part)) {
                Optional<byte[]> decoded = BinaryContent.of(content, part);
                if (decoded.isEmpty()) {
                    return false;
                }
                binaries.put(part, decoded.get());
            }
        }
        return true;
    }

    private void write(ImapResponseWriter out, FetchAttribute a, long uid, String flagList, MessageFlags f, MessageMetadata m,
                              byte[] content, Whole whole, Map<List<Integer>, byte[]> binaries) throws IOException {
        switch (a) {
            case FetchAttribute.Simple s -> {
                switch (s.item()) {
                    case FLAGS -> out.raw("FLAGS " + flagList);
                    case UID -> out.raw("UID " + uid);
                    case MODSEQ -> out.raw("MODSEQ (" + f.modSeq() + ")");
                    case INTERNALDATE -> out.raw("INTERNALDATE \"" + INTERNALDATE.format(m.internalDate().atOffset(ZoneOffset.UTC)) + "\"");
                    case RFC822_SIZE -> out.raw("RFC822.SIZE " + m.size());
                    case ENVELOPE -> out.raw("ENVELOPE ").octets(envelopes.of(m, out.utf8()));
                    case BODYSTRUCTURE -> out.raw("BODYSTRUCTURE ").bodyStructure(m.bodyStructure(), true);
                    case BODY -> out.raw("BODY ").bodyStructure(m.bodyStructure(), false);
                    case RFC822 -> {
                        out.raw("RFC822 ");
                        whole.write(out);
                    }
                    case RFC822_HEADER -> out.raw("RFC822.HEADER ").literal(MimeEntity.parse(content).header());
                    case RFC822_TEXT -> out.raw("RFC822.TEXT ").literal(MimeEntity.parse(content).body());
                }
            }
            case FetchAttribute.BinarySize b -> out.raw("BINARY.SIZE[" + partWire(b.part()) + "] " + binaries.get(b.part()).length);
            case FetchAttribute.Binary b -> {
                byte[] octets = binaries.get(b.part());
                out.raw("BINARY[" + partWire(b.part()) + "]");
                if (b.partial().isPresent()) {
                    long origin = b.partial().get().origin();
                    out.raw("<" + origin + ">");
                    int from = (int) Math.min(origin, octets.length);
                    int to = (int) Math.min(octets.length, from + Math.min(b.partial().get().count(), Integer.MAX_VALUE));
                    octets = java.util.Arrays.copyOfRange(octets, from, to);
                }
                out.sp();
                if (BinaryContent.needsLiteral8(octets)) {
                    out.literal8(octets);
                } else {
                    out.literal(octets);
                }
            }
            case FetchAttribute.BodySection b when isWhole(b) -> {
                out.raw("BODY[] ");
                whole.write(out);
            }
            case FetchAttribute.BodySection b -> {
                byte[] section = b.section().specifier() == FetchAttribute.Specifier.NONE && b.section().part().isEmpty()
                        ? content : MimeEntity.section(content, b.section());
                out.raw("BODY[" + b.section().wire() + "]");
                if (b.partial().isPresent()) {
                    long origin = b.partial().get().origin();
                    out.raw("<" + origin + ">");
                    int from = (int) Math.min(origin, section.length);
                    int to = (int) Math.min(section.length, from + Math.min(b.partial().get().count(), Integer.MAX_VALUE));
                    section = java.util.Arrays.copyOfRange(section, from, to);
                }
                out.sp().literal(section);
            }
        }
    }
}
