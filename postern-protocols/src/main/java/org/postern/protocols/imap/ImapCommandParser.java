package org.postern.protocols.imap;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postern.protocols.imap.ImapRequest.Arguments;

/**
 * The IMAP command grammar (RFC 3501 section 9, with RFC 4315 UID EXPUNGE, RFC 4731 SEARCH
 * RETURN, RFC 4959 SASL-IR, RFC 5161 ENABLE, RFC 5258/5819 LIST-EXTENDED and LIST-STATUS, RFC
 * 2971 ID, RFC 6851 MOVE, RFC 7162 CONDSTORE/QRESYNC parameters, RFC 7888 LITERAL+): one
 * command's octets, as {@link ImapCommandReader} framed them, to an {@link ImapRequest} or a
 * {@link ImapParseResult.Bad}. No I/O; the limits come with the constructor. Nothing but a
 * typed result leaves {@link #parse(byte[])}.
 */
public final class ImapCommandParser {

    private final ImapLimits limits;

    public ImapCommandParser(ImapLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A syntax error inside the parser; never leaves it. */
    private static final class Syntax extends RuntimeException {
        Syntax(String message) {
            super(message, null, false, false);
        }
    }

    /** ATOM-CHAR of RFC 3501 section 9: any CHAR but atom-specials. */
    static boolean isAtomChar(byte b) {
        return b > 0x20 && b < 0x7f && "(){%*\"\\]".indexOf(b) < 0;
    }

    private static boolean isAstringChar(byte b) {
        return isAtomChar(b) || b == ']';
    }

    private static boolean isListChar(byte b) {
        return isAtomChar(b) || b == '%' || b == '*' || b == ']';
    }

    /** Parses one command (its octets without the final CRLF). */
    public ImapParseResult parse(byte[] command) {
        Cursor c = new Cursor(command);
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
                throw new Syntax("Unexpected text after the command");
            }
            return new ImapParseResult.Parsed(new ImapRequest(tag, cmd, uid, args));
        } catch (Syntax e) {
            return ImapParseResult.Bad.of(tag, e.getMessage());
        }
    }

    private Arguments arguments(ImapCommand cmd, boolean uid, Cursor c) {
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
            case ID -> {
                c.sp();
                yield new ImapRequest.Id(idFields(c));
            }
            case SELECT, EXAMINE -> select(c);
            case CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE -> {
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
            case FETCH -> fetch(c);
            case STORE -> store(c);
            case COPY, MOVE -> {
                c.sp();
                SequenceSet set = c.sequenceSet();
                c.sp();
                yield new ImapRequest.Copy(set, c.astringText());
            }
        };
    }

    private Map<String, String> idFields(Cursor c) {
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
                throw new Syntax("Too many ID fields");
            }
            fields.put(key, value == null ? null : new String(value, StandardCharsets.UTF_8));
        }
        c.expect(')');
        return fields;
    }

    private Arguments select(Cursor c) {
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
                    default -> throw new Syntax("Unknown SELECT parameter");
                }
            }
            c.expect(')');
        }
        return new ImapRequest.Select(mailbox, condstore, qresync);
    }

    private Arguments list(Cursor c) {
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
                throw new Syntax("Expected RETURN");
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
    private static List<String> atomList(Cursor c) {
        c.expect('(');
        List<String> atoms = new ArrayList<>();
        while (!c.peekIs(')')) {
            if (!atoms.isEmpty()) {
                c.sp();
            }
            atoms.add(c.atom().toUpperCase(Locale.ROOT));
            if (atoms.size() > 64) {
                throw new Syntax("List too long");
            }
        }
        c.expect(')');
        return atoms;
    }

    private Arguments append(Cursor c) {
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
        if (!c.peekIs('{')) {
            throw new Syntax("Expected a literal");
        }
        return new ImapRequest.Append(mailbox, flags, date, c.literal());
    }

    private Arguments search(Cursor c, boolean uid) {
        c.sp();
        boolean extended = false;
        List<String> returns = List.of();
        if (c.tryWord("RETURN")) {
            extended = true;
            c.sp();
            returns = atomList(c);
            c.sp();
        }
        Optional<String> charset = Optional.empty();
        if (c.tryWord("CHARSET")) {
            c.sp();
            charset = Optional.of(c.astringText());
            c.sp();
        }
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(c, 0, uid));
        while (c.peekIs(' ')) {
            c.sp();
            keys.add(searchKey(c, 0, uid));
        }
        SearchKey key = keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        return new ImapRequest.Search(charset, key, extended, returns);
    }

    private SearchKey searchKey(Cursor c, int depth, boolean uid) {
        if (depth >= limits.maxNesting()) {
            throw new Syntax("Search keys nested too deeply");
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
                yield new SearchKey.Size(word.equals("LARGER"), c.number());
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
            default -> throw new Syntax("Unknown search key");
        };
    }

    private Arguments fetch(Cursor c) {
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
                    default -> throw new Syntax("Unknown FETCH modifier");
                }
            }
            c.expect(')');
        }
        if (attributes.size() > 256) {
            throw new Syntax("Too many FETCH items");
        }
        return new ImapRequest.Fetch(set, attributes, changedSince, vanished);
    }

    private static FetchAttribute simple(FetchAttribute.Item item) {
        return new FetchAttribute.Simple(item);
    }

    private List<FetchAttribute> fetchAttribute(Cursor c, boolean macroAllowed) {
        String word = c.fetchWord().toUpperCase(Locale.ROOT);
        switch (word) {
            case "ALL", "FAST", "FULL" -> {
                if (!macroAllowed) {
                    throw new Syntax("A macro cannot be in a list");
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
                        throw new Syntax("BODY.PEEK needs a section");
                    }
                    return List.of(simple(FetchAttribute.Item.BODY));
                }
                FetchAttribute.Section section = section(c);
                Optional<FetchAttribute.Partial> partial = Optional.empty();
                if (c.peekIs('<')) {
                    c.expect('<');
                    long origin = c.number();
                    c.expect('.');
                    long count = c.nzNumber();
                    c.expect('>');
                    partial = Optional.of(new FetchAttribute.Partial(origin, count));
                }
                return List.of(new FetchAttribute.BodySection(section, word.equals("BODY.PEEK"), partial));
            }
            default -> {
                for (FetchAttribute.Item item : FetchAttribute.Item.values()) {
                    if (item.wireName().equals(word)) {
                        return List.of(simple(item));
                    }
                }
                throw new Syntax("Unknown FETCH item");
            }
        }
    }

    private FetchAttribute.Section section(Cursor c) {
        c.expect('[');
        List<Integer> part = new ArrayList<>();
        FetchAttribute.Specifier specifier = FetchAttribute.Specifier.NONE;
        List<String> fields = new ArrayList<>();
        while (c.peekDigit()) {
            long n = c.nzNumber();
            if (n > 10_000 || part.size() >= limits.maxNesting()) {
                throw new Syntax("Bad section part");
            }
            part.add((int) n);
            if (c.peekIs('.')) {
                c.expect('.');
                if (c.peekDigit()) {
                    continue;
                }
                if (!c.peekLetter()) {
                    throw new Syntax("Bad section");
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
                        throw new Syntax("MIME needs a part number");
                    }
                    yield FetchAttribute.Specifier.MIME;
                }
                default -> throw new Syntax("Unknown section text");
            };
            if (specifier == FetchAttribute.Specifier.HEADER_FIELDS || specifier == FetchAttribute.Specifier.HEADER_FIELDS_NOT) {
                c.sp();
                c.expect('(');
                fields.add(c.astringText());
                while (c.peekIs(' ')) {
                    c.sp();
                    fields.add(c.astringText());
                    if (fields.size() > 256) {
                        throw new Syntax("Too many header fields");
                    }
                }
                c.expect(')');
            }
        }
        c.expect(']');
        return new FetchAttribute.Section(part, specifier, fields);
    }

    private Arguments store(Cursor c) {
        c.sp();
        SequenceSet set = c.sequenceSet();
        c.sp();
        Optional<Long> unchangedSince = Optional.empty();
        if (c.peekIs('(')) {
            c.expect('(');
            if (!c.atom().equalsIgnoreCase("UNCHANGEDSINCE")) {
                throw new Syntax("Unknown STORE modifier");
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
            throw new Syntax("Expected FLAGS");
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

    /** A position in one command's octets. */
    private static final class Cursor {
        private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

        private final byte[] b;
        private int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        boolean atEnd() {
            return pos >= b.length;
        }

        boolean peekIs(char ch) {
            return pos < b.length && b[pos] == ch;
        }

        boolean peekDigit() {
            return pos < b.length && b[pos] >= '0' && b[pos] <= '9';
        }

        boolean peekLetter() {
            return pos < b.length && ((b[pos] | 0x20) >= 'a' && (b[pos] | 0x20) <= 'z');
        }

        void expect(char ch) {
            if (!peekIs(ch)) {
                throw new Syntax(atEnd() ? "Missing argument" : "Expected '" + ch + "'");
            }
            pos++;
        }

        void sp() {
            expect(' ');
        }

        /** Reads {@code word} (case-insensitive) followed by a non-atom octet, if it is next. */
        boolean tryWord(String word) {
            int end = pos + word.length();
            if (end > b.length) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (Character.toUpperCase((char) (b[pos + i] & 0xff)) != word.charAt(i)) {
                    return false;
                }
            }
            if (end < b.length && isAtomChar(b[end])) {
                return false;
            }
            pos = end;
            return true;
        }

        String tag() {
            int start = pos;
            while (pos < b.length && isAtomChar(b[pos]) && b[pos] != '+') {
                pos++;
            }
            if (pos == start || pos - start > 64) {
                pos = start;
                throw new Syntax("Bad tag");
            }
            return ascii(start, pos);
        }

        String atom() {
            int start = pos;
            while (pos < b.length && isAtomChar(b[pos])) {
                pos++;
            }
            if (pos == start) {
                throw new Syntax(atEnd() ? "Missing argument" : "Expected an atom");
            }
            return ascii(start, pos);
        }

        /** A fetch item name: atom characters and '.' up to '[', ' ', ')' or the end. */
        String fetchWord() {
            int start = pos;
            while (pos < b.length && isAtomChar(b[pos]) && b[pos] != '[' && b[pos] != '<') {
                pos++;
            }
            if (pos == start) {
                throw new Syntax("Expected a FETCH item");
            }
            return ascii(start, pos);
        }

        String sectionWord() {
            int start = pos;
            while (pos < b.length && (peekLetter() || b[pos] == '.')) {
                pos++;
            }
            return ascii(start, pos);
        }

        String restOfLine() {
            int start = pos;
            while (pos < b.length && b[pos] != ' ' && b[pos] >= 0x21 && b[pos] < 0x7f) {
                pos++;
            }
            if (pos == start) {
                throw new Syntax("Expected an initial response");
            }
            return ascii(start, pos);
        }

        private String ascii(int from, int to) {
            return new String(b, from, to - from, StandardCharsets.US_ASCII);
        }

        long number() {
            int start = pos;
            long v = 0;
            while (peekDigit()) {
                v = v * 10 + (b[pos] - '0');
                pos++;
                if (pos - start > 10) {
                    throw new Syntax("Number too large");
                }
            }
            if (pos == start) {
                throw new Syntax("Expected a number");
            }
            if (v > 0xFFFF_FFFFL) {
                throw new Syntax("Number too large");
            }
            return v;
        }

        /** mod-sequence-value (RFC 7162): up to 63 bits. */
        long number64() {
            int start = pos;
            long v = 0;
            while (peekDigit()) {
                if (pos - start >= 18) {
                    throw new Syntax("Number too large");
                }
                v = v * 10 + (b[pos] - '0');
                pos++;
            }
            if (pos == start) {
                throw new Syntax("Expected a number");
            }
            return v;
        }

        long nzNumber() {
            long v = number();
            if (v == 0) {
                throw new Syntax("Zero is not a valid number here");
            }
            return v;
        }

        SequenceSet sequenceSet() {
            if (peekIs('$')) {
                pos++;
                return SequenceSet.saved();
            }
            List<SequenceSet.Range> ranges = new ArrayList<>();
            do {
                if (!ranges.isEmpty()) {
                    pos++; // ','
                }
                long from = seqNumber();
                long to = from;
                if (peekIs(':')) {
                    pos++;
                    to = seqNumber();
                }
                ranges.add(new SequenceSet.Range(from, to));
                if (ranges.size() > 10_000) {
                    throw new Syntax("Sequence set too long");
                }
            } while (peekIs(','));
            return new SequenceSet(ranges, false);
        }

        private long seqNumber() {
            if (peekIs('*')) {
                pos++;
                return SequenceSet.STAR;
            }
            return nzNumber();
        }

        /** astring as octets: atom (with ']'), quoted string or literal. */
        byte[] astring() {
            if (peekIs('"') || peekIs('{')) {
                return string();
            }
            int start = pos;
            while (pos < b.length && isAstringChar(b[pos])) {
                pos++;
            }
            if (pos == start) {
                throw new Syntax(atEnd() ? "Missing argument" : "Expected a string");
            }
            return java.util.Arrays.copyOfRange(b, start, pos);
        }

        String astringText() {
            return utf8(astring());
        }

        String stringText() {
            return utf8(string());
        }

        byte[] nstring() {
            if (tryWord("NIL")) {
                return null;
            }
            return string();
        }

        byte[] string() {
            if (peekIs('"')) {
                return quoted();
            }
            if (peekIs('{')) {
                return literal();
            }
            throw new Syntax("Expected a string");
        }

        byte[] quoted() {
            expect('"');
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                if (atEnd()) {
                    throw new Syntax("Unterminated quoted string");
                }
                byte x = b[pos++];
                if (x == '"') {
                    return out.toByteArray();
                }
                if (x == '\\') {
                    if (atEnd() || (b[pos] != '"' && b[pos] != '\\')) {
                        throw new Syntax("Bad escape in quoted string");
                    }
                    x = b[pos++];
                } else if (x == '\r' || x == '\n' || x == 0) {
                    throw new Syntax("Bad character in quoted string");
                }
                out.write(x);
            }
        }

        byte[] literal() {
            expect('{');
            long n = number();
            if (peekIs('+')) {
                pos++;
            }
            expect('}');
            expect('\r');
            expect('\n');
            if (n > b.length - pos) {
                throw new Syntax("Literal shorter than announced");
            }
            byte[] value = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return value;
        }

        /** list-mailbox of RFC 3501: list-chars or a string. */
        String listMailbox() {
            if (peekIs('"') || peekIs('{')) {
                return stringText();
            }
            int start = pos;
            while (pos < b.length && isListChar(b[pos])) {
                pos++;
            }
            if (pos == start) {
                throw new Syntax("Expected a mailbox pattern");
            }
            return ascii(start, pos);
        }

        /** flag: {@code \Atom} or a keyword atom. */
        String flag() {
            if (peekIs('\\')) {
                pos++;
                return "\\" + atom();
            }
            return atom();
        }

        List<String> flagList() {
            expect('(');
            List<String> flags = new ArrayList<>();
            while (!peekIs(')')) {
                if (!flags.isEmpty()) {
                    sp();
                }
                flags.add(flag());
                if (flags.size() > 100) {
                    throw new Syntax("Too many flags");
                }
            }
            expect(')');
            return flags;
        }

        /** date of RFC 3501: {@code 1-Feb-1994}, quoted or not. */
        LocalDate date() {
            boolean quoted = peekIs('"');
            if (quoted) {
                pos++;
            }
            int day = (int) number();
            expect('-');
            int month = month();
            expect('-');
            int year = (int) number();
            if (quoted) {
                expect('"');
            }
            try {
                return LocalDate.of(year, month, day);
            } catch (java.time.DateTimeException e) {
                throw new Syntax("Bad date");
            }
        }

        private int month() {
            if (pos + 3 > b.length) {
                throw new Syntax("Bad month");
            }
            String m = ascii(pos, pos + 3).toUpperCase(Locale.ROOT);
            for (int i = 0; i < 12; i++) {
                if (MONTHS[i].equals(m)) {
                    pos += 3;
                    return i + 1;
                }
            }
            throw new Syntax("Bad month");
        }

        /** date-time of RFC 3501: {@code "17-Jul-1996 02:44:25 -0700"} (day may be space-padded). */
        ZonedDateTime dateTime() {
            expect('"');
            if (peekIs(' ')) {
                pos++;
            }
            int day = (int) number();
            expect('-');
            int month = month();
            expect('-');
            int year = (int) number();
            sp();
            int hour = (int) number();
            expect(':');
            int minute = (int) number();
            expect(':');
            int second = (int) number();
            sp();
            int sign;
            if (peekIs('+')) {
                sign = 1;
            } else if (peekIs('-')) {
                sign = -1;
            } else {
                throw new Syntax("Bad zone");
            }
            pos++;
            int start = pos;
            long zone = number();
            if (pos - start != 4) {
                throw new Syntax("Bad zone");
            }
            expect('"');
            try {
                ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (int) (zone / 100), sign * (int) (zone % 100));
                return ZonedDateTime.of(year, month, day, hour, minute, second, 0, offset);
            } catch (java.time.DateTimeException e) {
                throw new Syntax("Bad date-time");
            }
        }

        private static String utf8(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
