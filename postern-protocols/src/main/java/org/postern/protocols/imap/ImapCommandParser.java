package org.postern.protocols.imap;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.postern.protocols.imap.ImapRequest.Arguments;

/**
 * The IMAP command grammar (RFC 3501 section 9, with RFC 4315 UID EXPUNGE, RFC 4731 SEARCH
 * RETURN, RFC 4959 SASL-IR, RFC 5161 ENABLE, RFC 5258/5819 LIST-EXTENDED and LIST-STATUS, RFC
 * 2971 ID, RFC 4978 COMPRESS, RFC 6851 MOVE, RFC 7162 CONDSTORE/QRESYNC parameters, RFC 7888 LITERAL+,
 * RFC 3516 BINARY fetch items and the literal8 of APPEND, RFC 5182 {@code $} and RETURN (SAVE)): one
 * command's octets, as {@link ImapCommandReader} framed them, to an {@link ImapRequest} or a
 * {@link ImapParseResult.Bad}. No I/O; the limits and the session's {@link ImapRevision} come
 * with the constructor (an IMAP4rev2 session has no RECENT, NEW or OLD search key: RFC 9051
 * section 9). Nothing but a typed result leaves {@link #parse(byte[])}.
 */
public final class ImapCommandParser {

    /** The search keys of RFC 3501 that RFC 9051 left out of {@code search-key} with \Recent. */
    private static final Set<String> REV1_ONLY_SEARCH_KEYS = Set.of("NEW", "OLD", "RECENT");

    private final ImapLimits limits;
    private final ImapRevision revision;

    /** An IMAP4rev1 parser (every session starts as one). */
    public ImapCommandParser(ImapLimits limits) {
        this(limits, ImapRevision.IMAP4REV1);
    }

    public ImapCommandParser(ImapLimits limits, ImapRevision revision) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.revision = Objects.requireNonNull(revision, "revision");
    }


    /** ATOM-CHAR of RFC 3501 section 9: any CHAR but atom-specials. */
    static boolean isAtomChar(byte b) {
        return b > 0x20 && b < 0x7f && "(){%*\"\\]".indexOf(b) < 0;
    }

    static boolean isAstringChar(byte b) {
        return isAtomChar(b) || b == ']';
    }

    static boolean isListChar(byte b) {
        return isAtomChar(b) || b == '%' || b == '*' || b == ']';
    }

    /** Parses one command (its octets without the final CRLF). */
    public ImapParseResult parse(byte[] command) {
        ImapCursor c = new ImapCursor(command);
        String tag = "*";
        try {
            tag = c.tag();
            c.sp();
            String name = c.atom().toUpperCase(Locale.ROOT);
            boolean uid = false;
            if (name.equals("UID")) {
                uid = true;
                c.sp();
                name = c.atom().toUpperCase(Locale.ROOT);
            }
            Optional<ImapCommand> command0 = ImapCommand.named(name);
            if (command0.isEmpty()) {
                return ImapParseResult.Bad.of(tag, "Unknown command");
            }
            ImapCommand cmd = command0.get();
            if (uid && !cmd.uidVariant()) {
                return ImapParseResult.Bad.of(tag, "No UID form of " + cmd);
            }
            Arguments args = arguments(cmd, uid, c);
            if (!c.atEnd()) {
                throw new ImapSyntaxException("Unexpected text after the command");
            }
            return new ImapParseResult.Parsed(new ImapRequest(tag, cmd, uid, args));
        } catch (ImapSyntaxException e) {
            return ImapParseResult.Bad.of(tag, e.getMessage());
        }
    }

    private Arguments arguments(ImapCommand cmd, boolean uid, ImapCursor c) {
        return switch (cmd) {
            case CAPABILITY, NOOP, LOGOUT, STARTTLS, NAMESPACE, IDLE, CHECK, CLOSE, UNSELECT -> new ImapRequest.None();
            case EXPUNGE -> {
                if (uid) {
                    c.sp();
                    yield new ImapRequest.Expunge(Optional.of(c.sequenceSet()));
                }
                yield new ImapRequest.Expunge(Optional.empty());
            }
            case LOGIN -> {
                c.sp();
                String user = c.astringText();
                c.sp();
                byte[] password = c.astring();
                yield new ImapRequest.Login(user, password);
            }
            case AUTHENTICATE -> {
                c.sp();
                String mechanism = c.atom().toUpperCase(Locale.ROOT);
                Optional<String> initial = Optional.empty();
                if (c.peekIs(' ')) {
                    c.sp();
                    initial = Optional.of(c.restOfLine());
                }
                yield new ImapRequest.Authenticate(mechanism, initial);
            }
            case ENABLE -> {
                List<String> caps = new ArrayList<>();
                do {
                    c.sp();
                    caps.add(c.atom());
                } while (!c.atEnd());
                yield new ImapRequest.Enable(caps);
            }
            case COMPRESS -> {
                c.sp();
                yield new ImapRequest.Compress(c.atom().toUpperCase(Locale.ROOT));
            }
            case ID -> {
                c.sp();
                yield new ImapRequest.Id(idFields(c));
            }
            case SELECT, EXAMINE -> select(c);
            case CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTAROOT -> {
                c.sp();
                yield new ImapRequest.Mailbox(c.astringText());
            }
            case RENAME -> {
                c.sp();
                String from = c.astringText();
                c.sp();
                yield new ImapRequest.Rename(from, c.astringText());
            }
            case LIST -> list(c);
            case LSUB -> {
                c.sp();
                String reference = c.astringText();
                c.sp();
                yield new ImapRequest.ListMailboxes(reference, List.of(c.listMailbox()), List.of("SUBSCRIBED"), List.of(), List.of());
            }
            case STATUS -> {
                c.sp();
                String mailbox = c.astringText();
                c.sp();
                yield new ImapRequest.Status(mailbox, atomList(c));
            }
            case APPEND -> append(c);
            case SEARCH -> search(c, uid);
            case SORT -> sort(c, uid);
            case THREAD -> {
                c.sp();
                String algorithm = c.atom().toUpperCase(Locale.ROOT);
                c.sp();
                String charset = c.astringText();
                yield new ImapRequest.Thread(algorithm, charset, searchKeys(c, uid));
            }
            case FETCH -> fetch(c);
            case STORE -> store(c);
            case COPY, MOVE -> {
                c.sp();
                SequenceSet set = c.sequenceSet();
                c.sp();
                yield new ImapRequest.Copy(set, c.astringText());
            }
            case GETQUOTA -> {
                c.sp();
                yield new ImapRequest.QuotaRoot(c.astringText());
            }
            case SETQUOTA -> setQuota(c);
        };
    }

    /**
     * RFC 9208 section 9: {@code setquota = "SETQUOTA" SP quota-root-name SP setquota-list},
     * {@code setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"},
     * {@code setquota-resource = resource-name SP resource-limit} (an atom and a number64).
     */
    private Arguments setQuota(ImapCursor c) {
        c.sp();
        String root = c.astringText();
        c.sp();
        c.expect('(');
        List<ImapRequest.QuotaLimit> limits = new ArrayList<>();
        while (!c.peekIs(')')) {
            if (!limits.isEmpty()) {
                c.sp();
            }
            String resource = c.atom().toUpperCase(Locale.ROOT);
            c.sp();
            limits.add(new ImapRequest.QuotaLimit(resource, c.number64()));
            if (limits.size() > 20) {
                throw new ImapSyntaxException("Too many quota resources");
            }
        }
        c.expect(')');
        return new ImapRequest.SetQuota(root, limits);
    }

    private Map<String, String> idFields(ImapCursor c) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (c.tryWord("NIL")) {
            return fields;
        }
        c.expect('(');
        while (!c.peekIs(')')) {
            if (!fields.isEmpty()) {
                c.sp();
            }
            String key = c.stringText();
            c.sp();
            byte[] value = c.nstring();
            if (fields.size() >= 30) {
                throw new ImapSyntaxException("Too many ID fields");
            }
            fields.put(key, value == null ? null : new String(value, StandardCharsets.UTF_8));
        }
        c.expect(')');
        return fields;
    }

    private Arguments select(ImapCursor c) {
        c.sp();
        String mailbox = c.astringText();
        boolean condstore = false;
        Optional<ImapRequest.Qresync> qresync = Optional.empty();
        if (c.peekIs(' ')) {
            c.sp();
            c.expect('(');
            boolean first = true;
            while (!c.peekIs(')')) {
                if (!first) {
                    c.sp();
                }
                first = false;
                String param = c.atom().toUpperCase(Locale.ROOT);
                switch (param) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        c.sp();
                        c.expect('(');
                        long uidValidity = c.nzNumber();
                        c.sp();
                        long modSeq = c.number64();
                        Optional<SequenceSet> known = Optional.empty();
                        if (c.peekIs(' ')) {
                            c.sp();
                            if (!c.peekIs('(')) {
                                known = Optional.of(c.sequenceSet());
                            }
                            if (c.peekIs(' ')) {
                                c.sp();
                            }
                            if (c.peekIs('(')) {
                                c.expect('(');
                                c.sequenceSet();
                                c.sp();
                                c.sequenceSet();
                                c.expect(')');
                            }
                        }
                        c.expect(')');
                        qresync = Optional.of(new ImapRequest.Qresync(uidValidity, modSeq, known));
                    }
                    default -> throw new ImapSyntaxException("Unknown SELECT parameter");
                }
            }
            c.expect(')');
        }
        return new ImapRequest.Select(mailbox, condstore, qresync);
    }

    private Arguments list(ImapCursor c) {
        c.sp();
        List<String> selection = new ArrayList<>();
        if (c.peekIs('(')) {
            selection = atomList(c);
            c.sp();
        }
        String reference = c.astringText();
        c.sp();
        List<String> patterns = new ArrayList<>();
        if (c.peekIs('(')) {
            c.expect('(');
            patterns.add(c.listMailbox());
            while (c.peekIs(' ')) {
                c.sp();
                patterns.add(c.listMailbox());
            }
            c.expect(')');
        } else {
            patterns.add(c.listMailbox());
        }
        List<String> returns = new ArrayList<>();
        List<String> statusItems = new ArrayList<>();
        if (c.peekIs(' ')) {
            c.sp();
            if (!c.atom().equalsIgnoreCase("RETURN")) {
                throw new ImapSyntaxException("Expected RETURN");
            }
            c.sp();
            c.expect('(');
            while (!c.peekIs(')')) {
                if (!returns.isEmpty()) {
                    c.sp();
                }
                String option = c.atom().toUpperCase(Locale.ROOT);
                returns.add(option);
                if (option.equals("STATUS")) {
                    c.sp();
                    statusItems.addAll(atomList(c));
                }
            }
            c.expect(')');
        }
        return new ImapRequest.ListMailboxes(reference, patterns, selection, returns, statusItems);
    }

    /** {@code (ATOM ATOM …)} in upper case; may be empty. */
    private static List<String> atomList(ImapCursor c) {
        c.expect('(');
        List<String> atoms = new ArrayList<>();
        while (!c.peekIs(')')) {
            if (!atoms.isEmpty()) {
                c.sp();
            }
            atoms.add(c.atom().toUpperCase(Locale.ROOT));
            if (atoms.size() > 64) {
                throw new ImapSyntaxException("List too long");
            }
        }
        c.expect(')');
        return atoms;
    }

    private Arguments append(ImapCursor c) {
        c.sp();
        String mailbox = c.astringText();
        c.sp();
        List<String> flags = List.of();
        if (c.peekIs('(')) {
            flags = c.flagList();
            c.sp();
        }
        Optional<ZonedDateTime> date = Optional.empty();
        if (c.peekIs('"')) {
            date = Optional.of(c.dateTime());
            c.sp();
        }
        if (c.peekIs('~')) {
            return new ImapRequest.Append(mailbox, flags, date, c.literal8());
        }
        if (!c.peekIs('{')) {
            throw new ImapSyntaxException("Expected a literal");
        }
        return new ImapRequest.Append(mailbox, flags, date, c.literal());
    }

    /**
     * {@code RETURN (options) SP}, the search-return-opts of RFC 4731 section 3.1 (ESEARCH) and
     * RFC 5267 section 3 (ESORT); empty when the command has none (a plain SEARCH or SORT).
     */
    private Optional<List<String>> returnOptions(ImapCursor c) {
        if (!c.tryWord("RETURN")) {
            return Optional.empty();
        }
        c.sp();
        List<String> options = atomList(c);
        c.sp();
        return Optional.of(options);
    }

    private Arguments search(ImapCursor c, boolean uid) {
        c.sp();
        Optional<List<String>> returns = returnOptions(c);
        Optional<String> charset = Optional.empty();
        if (c.tryWord("CHARSET")) {
            c.sp();
            charset = Optional.of(c.astringText());
            c.sp();
        }
        return new ImapRequest.Search(charset, keyList(c, uid), returns.isPresent(), returns.orElse(List.of()));
    }

    /**
     * {@code SORT [RETURN (options)] (criteria) charset keys}: RFC 5256 section 3, and the
     * search-return-opts of RFC 5267 section 3 (ESORT).
     */
    private Arguments sort(ImapCursor c, boolean uid) {
        c.sp();
        Optional<List<String>> returns = returnOptions(c);
        c.expect('(');
        List<ImapRequest.SortCriterion> criteria = new ArrayList<>();
        do {
            if (!criteria.isEmpty()) {
                c.sp();
            }
            String word = c.atom().toUpperCase(Locale.ROOT);
            boolean reverse = word.equals("REVERSE");
            if (reverse) {
                c.sp();
                word = c.atom().toUpperCase(Locale.ROOT);
            }
            try {
                criteria.add(new ImapRequest.SortCriterion(ImapRequest.SortKey.valueOf(word), reverse));
            } catch (IllegalArgumentException e) {
                throw new ImapSyntaxException("Unknown sort key");
            }
            if (criteria.size() > 16) {
                throw new ImapSyntaxException("Too many sort keys");
            }
        } while (!c.peekIs(')'));
        c.expect(')');
        c.sp();
        String charset = c.astringText();
        return new ImapRequest.Sort(criteria, charset, searchKeys(c, uid), returns.isPresent(), returns.orElse(List.of()));
    }

    /** 1*(SP search-key), after the charset of SORT and THREAD. */
    private SearchKey searchKeys(ImapCursor c, boolean uid) {
        c.sp();
        return keyList(c, uid);
    }

    /** search-key *(SP search-key), as one key (an AND of several). */
    private SearchKey keyList(ImapCursor c, boolean uid) {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(c, 0, uid));
        while (c.peekIs(' ')) {
            c.sp();
            keys.add(searchKey(c, 0, uid));
        }
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private SearchKey searchKey(ImapCursor c, int depth, boolean uid) {
        if (depth >= limits.maxNesting()) {
            throw new ImapSyntaxException("Search keys nested too deeply");
        }
        if (c.peekIs('(')) {
            c.expect('(');
            List<SearchKey> keys = new ArrayList<>();
            keys.add(searchKey(c, depth + 1, uid));
            while (c.peekIs(' ')) {
                c.sp();
                keys.add(searchKey(c, depth + 1, uid));
            }
            c.expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if (c.peekIs('*') || c.peekIs('$') || c.peekDigit()) {
            return new SearchKey.Sequence(c.sequenceSet(), false);
        }
        String word = c.atom().toUpperCase(Locale.ROOT);
        if (revision == ImapRevision.IMAP4REV2 && REV1_ONLY_SEARCH_KEYS.contains(word)) {
            throw new ImapSyntaxException("No search key " + word + " in IMAP4rev2: there is no \\Recent (RFC 9051)");
        }
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.Flagged("\\Answered", true);
            case "DELETED" -> new SearchKey.Flagged("\\Deleted", true);
            case "DRAFT" -> new SearchKey.Flagged("\\Draft", true);
            case "FLAGGED" -> new SearchKey.Flagged("\\Flagged", true);
            case "SEEN" -> new SearchKey.Flagged("\\Seen", true);
            case "UNANSWERED" -> new SearchKey.Flagged("\\Answered", false);
            case "UNDELETED" -> new SearchKey.Flagged("\\Deleted", false);
            case "UNDRAFT" -> new SearchKey.Flagged("\\Draft", false);
            case "UNFLAGGED" -> new SearchKey.Flagged("\\Flagged", false);
            case "UNSEEN" -> new SearchKey.Flagged("\\Seen", false);
            case "KEYWORD", "UNKEYWORD" -> {
                c.sp();
                yield new SearchKey.Flagged(c.atom(), word.equals("KEYWORD"));
            }
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(true), new SearchKey.Flagged("\\Seen", false)));
            case "OLD" -> new SearchKey.Recent(false);
            case "RECENT" -> new SearchKey.Recent(true);
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> {
                c.sp();
                String field = word.equals("SUBJECT") ? "Subject" : word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
                yield new SearchKey.Header(field, c.astringText());
            }
            case "HEADER" -> {
                c.sp();
                String field = c.astringText();
                c.sp();
                yield new SearchKey.Header(field, c.astringText());
            }
            case "BODY" -> {
                c.sp();
                yield new SearchKey.Text(c.astringText(), true);
            }
            case "TEXT" -> {
                c.sp();
                yield new SearchKey.Text(c.astringText(), false);
            }
            case "BEFORE", "ON", "SINCE" -> {
                c.sp();
                yield new SearchKey.Dated(SearchKey.DateField.INTERNAL, SearchKey.Comparison.valueOf(word), c.date());
            }
            case "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                c.sp();
                yield new SearchKey.Dated(SearchKey.DateField.SENT, SearchKey.Comparison.valueOf(word.substring(4)), c.date());
            }
            case "LARGER", "SMALLER" -> {
                c.sp();
                yield new SearchKey.Size(word.equals("LARGER"), c.number64()); // number64: RFC 9051 section 9
            }
            case "UID" -> {
                c.sp();
                yield new SearchKey.Sequence(c.sequenceSet(), true);
            }
            case "NOT" -> {
                c.sp();
                yield new SearchKey.Not(searchKey(c, depth + 1, uid));
            }
            case "OR" -> {
                c.sp();
                SearchKey left = searchKey(c, depth + 1, uid);
                c.sp();
                yield new SearchKey.Or(left, searchKey(c, depth + 1, uid));
            }
            case "MODSEQ" -> {
                c.sp();
                if (c.peekIs('"')) {
                    c.stringText();
                    c.sp();
                    c.atom();
                    c.sp();
                }
                yield new SearchKey.ModSeq(c.number64());
            }
            default -> throw new ImapSyntaxException("Unknown search key");
        };
    }

    private Arguments fetch(ImapCursor c) {
        c.sp();
        SequenceSet set = c.sequenceSet();
        c.sp();
        List<FetchAttribute> attributes = new ArrayList<>();
        if (c.peekIs('(')) {
            c.expect('(');
            attributes.addAll(fetchAttribute(c, true));
            while (c.peekIs(' ')) {
                c.sp();
                attributes.addAll(fetchAttribute(c, false));
            }
            c.expect(')');
        } else {
            attributes.addAll(fetchAttribute(c, true));
        }
        Optional<Long> changedSince = Optional.empty();
        boolean vanished = false;
        if (c.peekIs(' ')) {
            c.sp();
            c.expect('(');
            boolean first = true;
            while (!c.peekIs(')')) {
                if (!first) {
                    c.sp();
                }
                first = false;
                String modifier = c.atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        c.sp();
                        changedSince = Optional.of(c.number64());
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw new ImapSyntaxException("Unknown FETCH modifier");
                }
            }
            c.expect(')');
        }
        if (attributes.size() > 256) {
            throw new ImapSyntaxException("Too many FETCH items");
        }
        return new ImapRequest.Fetch(set, attributes, changedSince, vanished);
    }

    private static FetchAttribute simple(FetchAttribute.Item item) {
        return new FetchAttribute.Simple(item);
    }

    private List<FetchAttribute> fetchAttribute(ImapCursor c, boolean macroAllowed) {
        String word = c.fetchWord().toUpperCase(Locale.ROOT);
        switch (word) {
            case "ALL", "FAST", "FULL" -> {
                if (!macroAllowed) {
                    throw new ImapSyntaxException("A macro cannot be in a list");
                }
                List<FetchAttribute> items = new ArrayList<>(List.of(simple(FetchAttribute.Item.FLAGS),
                        simple(FetchAttribute.Item.INTERNALDATE), simple(FetchAttribute.Item.RFC822_SIZE)));
                if (!word.equals("FAST")) {
                    items.add(simple(FetchAttribute.Item.ENVELOPE));
                }
                if (word.equals("FULL")) {
                    items.add(simple(FetchAttribute.Item.BODY));
                }
                return items;
            }
            case "BODY", "BODY.PEEK" -> {
                if (!c.peekIs('[')) {
                    if (word.equals("BODY.PEEK")) {
                        throw new ImapSyntaxException("BODY.PEEK needs a section");
                    }
                    return List.of(simple(FetchAttribute.Item.BODY));
                }
                FetchAttribute.Section section = section(c);
                Optional<FetchAttribute.Partial> partial = c.peekIs('<') ? Optional.of(partial(c)) : Optional.empty();
                return List.of(new FetchAttribute.BodySection(section, word.equals("BODY.PEEK"), partial));
            }
            case "BINARY", "BINARY.PEEK" -> {
                List<Integer> part = sectionBinary(c);
                Optional<FetchAttribute.Partial> partial = c.peekIs('<') ? Optional.of(partial(c)) : Optional.empty();
                return List.of(new FetchAttribute.Binary(part, word.equals("BINARY.PEEK"), partial));
            }
            case "BINARY.SIZE" -> {
                return List.of(new FetchAttribute.BinarySize(sectionBinary(c)));
            }
            default -> {
                for (FetchAttribute.Item item : FetchAttribute.Item.values()) {
                    if (item.wireName().equals(word)) {
                        return List.of(simple(item));
                    }
                }
                throw new ImapSyntaxException("Unknown FETCH item");
            }
        }
    }

    /** {@code <origin.count>}. */
    private static FetchAttribute.Partial partial(ImapCursor c) {
        c.expect('<');
        long origin = c.number();
        c.expect('.');
        long count = c.nzNumber();
        c.expect('>');
        return new FetchAttribute.Partial(origin, count);
    }

    /** section-binary of RFC 3516 section 4.1: {@code [} [section-part] {@code ]}, part numbers only. */
    private List<Integer> sectionBinary(ImapCursor c) {
        c.expect('[');
        List<Integer> part = new ArrayList<>();
        while (c.peekDigit()) {
            long n = c.nzNumber();
            if (n > 10_000 || part.size() >= limits.maxNesting()) {
                throw new ImapSyntaxException("Bad section part");
            }
            part.add((int) n);
            if (!c.peekIs('.')) {
                break;
            }
            c.expect('.');
            if (!c.peekDigit()) {
                throw new ImapSyntaxException("Bad section part");
            }
        }
        c.expect(']');
        return part;
    }

    private FetchAttribute.Section section(ImapCursor c) {
        c.expect('[');
        List<Integer> part = new ArrayList<>();
        FetchAttribute.Specifier specifier = FetchAttribute.Specifier.NONE;
        List<String> fields = new ArrayList<>();
        while (c.peekDigit()) {
            long n = c.nzNumber();
            if (n > 10_000 || part.size() >= limits.maxNesting()) {
                throw new ImapSyntaxException("Bad section part");
            }
            part.add((int) n);
            if (c.peekIs('.')) {
                c.expect('.');
                if (c.peekDigit()) {
                    continue;
                }
                if (!c.peekLetter()) {
                    throw new ImapSyntaxException("Bad section");
                }
            }
            break;
        }
        if (c.peekLetter()) {
            String text = c.sectionWord().toUpperCase(Locale.ROOT);
            specifier = switch (text) {
                case "HEADER" -> FetchAttribute.Specifier.HEADER;
                case "HEADER.FIELDS" -> FetchAttribute.Specifier.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> FetchAttribute.Specifier.HEADER_FIELDS_NOT;
                case "TEXT" -> FetchAttribute.Specifier.TEXT;
                case "MIME" -> {
                    if (part.isEmpty()) {
                        throw new ImapSyntaxException("MIME needs a part number");
                    }
                    yield FetchAttribute.Specifier.MIME;
                }
                default -> throw new ImapSyntaxException("Unknown section text");
            };
            if (specifier == FetchAttribute.Specifier.HEADER_FIELDS || specifier == FetchAttribute.Specifier.HEADER_FIELDS_NOT) {
                c.sp();
                c.expect('(');
                fields.add(c.astringText());
                while (c.peekIs(' ')) {
                    c.sp();
                    fields.add(c.astringText());
                    if (fields.size() > 256) {
                        throw new ImapSyntaxException("Too many header fields");
                    }
                }
                c.expect(')');
            }
        }
        c.expect(']');
        return new FetchAttribute.Section(part, specifier, fields);
    }

    private Arguments store(ImapCursor c) {
        c.sp();
        SequenceSet set = c.sequenceSet();
        c.sp();
        Optional<Long> unchangedSince = Optional.empty();
        if (c.peekIs('(')) {
            c.expect('(');
            if (!c.atom().equalsIgnoreCase("UNCHANGEDSINCE")) {
                throw new ImapSyntaxException("Unknown STORE modifier");
            }
            c.sp();
            unchangedSince = Optional.of(c.number64());
            c.expect(')');
            c.sp();
        }
        String item = c.atom().toUpperCase(Locale.ROOT);
        ImapRequest.StoreMode mode = ImapRequest.StoreMode.REPLACE;
        if (item.startsWith("+")) {
            mode = ImapRequest.StoreMode.ADD;
            item = item.substring(1);
        } else if (item.startsWith("-")) {
            mode = ImapRequest.StoreMode.REMOVE;
            item = item.substring(1);
        }
        boolean silent = item.equals("FLAGS.SILENT");
        if (!silent && !item.equals("FLAGS")) {
            throw new ImapSyntaxException("Expected FLAGS");
        }
        c.sp();
        List<String> flags;
        if (c.peekIs('(')) {
            flags = c.flagList();
        } else {
            flags = new ArrayList<>();
            flags.add(c.flag());
            while (c.peekIs(' ')) {
                c.sp();
                flags.add(c.flag());
            }
        }
        return new ImapRequest.Store(set, mode, silent, flags, unchangedSince);
    }

}
