package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Wire-byte tests of the command grammar (RFC 3501 section 9 and the extensions). */
class ImapCommandParserTest {

    private final ImapCommandParser parser = new ImapCommandParser(ImapLimits.DEFAULTS);

    private ImapRequest ok(String command) {
        ImapParseResult r = parser.parse(command.getBytes(StandardCharsets.UTF_8));
        assertThat(r).as(command).isInstanceOf(ImapParseResult.Parsed.class);
        return ((ImapParseResult.Parsed) r).request();
    }

    private ImapParseResult.Bad bad(String command) {
        ImapParseResult r = parser.parse(command.getBytes(StandardCharsets.UTF_8));
        assertThat(r).as(command).isInstanceOf(ImapParseResult.Bad.class);
        return (ImapParseResult.Bad) r;
    }

    @Test
    void simpleCommandsAndTags() {
        ImapRequest r = ok("a001 capability");
        assertThat(r.tag()).isEqualTo("a001");
        assertThat(r.command()).isEqualTo(ImapCommand.CAPABILITY);
        assertThat(ok("x.y-z NOOP").tag()).isEqualTo("x.y-z");
        assertThat(bad("a1 NOOP extra").tag()).isEqualTo("a1");
        assertThat(bad("a1 FROB").text()).isEqualTo("Unknown command");
        assertThat(bad("a1 UID LOGIN a b").tag()).isEqualTo("a1");
        assertThat(bad("+a NOOP").tag()).isEqualTo("*");
        assertThat(bad("").tag()).isEqualTo("*");
        assertThat(bad("a1").tag()).isEqualTo("a1");
    }

    @Test
    void quotaCommandsOfRfc9208() {
        assertThat(ok("a GETQUOTAROOT INBOX").arguments()).isEqualTo(new ImapRequest.Mailbox("INBOX"));
        assertThat(ok("a getquotaroot \"Sent Items\"").command()).isEqualTo(ImapCommand.GETQUOTAROOT);
        assertThat(ok("a GETQUOTA \"\"").arguments()).isEqualTo(new ImapRequest.QuotaRoot(""));
        assertThat(ok("a SETQUOTA \"\" (storage 512 MESSAGE 1000)").arguments()).isEqualTo(new ImapRequest.SetQuota("",
                List.of(new ImapRequest.QuotaLimit("STORAGE", 512), new ImapRequest.QuotaLimit("MESSAGE", 1000))));
        assertThat(ok("a SETQUOTA \"\" ()").arguments()).isEqualTo(new ImapRequest.SetQuota("", List.of()));
        bad("a GETQUOTA");
        bad("a GETQUOTAROOT");
        bad("a SETQUOTA \"\" (STORAGE)");
        bad("a SETQUOTA \"\" (STORAGE -1)");
        bad("a SETQUOTA \"\" STORAGE 512");
    }

    @Test
    void loginWithQuotedAndLiteralStrings() {
        ImapRequest r = ok("a LOGIN \"al\\\"ice\" {5}\r\npa ss");
        ImapRequest.Login login = (ImapRequest.Login) r.arguments();
        assertThat(login.user()).isEqualTo("al\"ice");
        assertThat(new String(login.password(), StandardCharsets.UTF_8)).isEqualTo("pa ss");
        assertThat(ok("a LOGIN bob {3+}\r\nxyz").arguments()).isInstanceOf(ImapRequest.Login.class);
        bad("a LOGIN bob {9}\r\nxyz");
        bad("a LOGIN \"unterminated");
        bad("a LOGIN \"bad\\escape\" x");
    }

    @Test
    void authenticateWithInitialResponse() {
        ImapRequest.Authenticate a = (ImapRequest.Authenticate) ok("a AUTHENTICATE plain AGJvYgBwdw==").arguments();
        assertThat(a.mechanism()).isEqualTo("PLAIN");
        assertThat(a.initialResponse()).contains("AGJvYgBwdw==");
        assertThat(((ImapRequest.Authenticate) ok("a AUTHENTICATE PLAIN").arguments()).initialResponse()).isEmpty();
    }

    @Test
    void selectWithCondstoreAndQresync() {
        ImapRequest.Select s = (ImapRequest.Select) ok("a SELECT INBOX (CONDSTORE)").arguments();
        assertThat(s.mailbox()).isEqualTo("INBOX");
        assertThat(s.condstore()).isTrue();
        s = (ImapRequest.Select) ok("a EXAMINE \"Sent Items\" (QRESYNC (67890007 20050715194045000 41,43:211,214:541))").arguments();
        assertThat(s.mailbox()).isEqualTo("Sent Items");
        assertThat(s.qresync()).hasValueSatisfying(q -> {
            assertThat(q.uidValidity()).isEqualTo(67890007L);
            assertThat(q.modSeq()).isEqualTo(20050715194045000L);
            assertThat(q.knownUids().orElseThrow().toString()).isEqualTo("41,43:211,214:541");
        });
        bad("a SELECT INBOX (FROB)");
    }

    @Test
    void listForms() {
        ImapRequest.ListMailboxes l = (ImapRequest.ListMailboxes) ok("a LIST \"\" *").arguments();
        assertThat(l.reference()).isEmpty();
        assertThat(l.patterns()).containsExactly("*");
        l = (ImapRequest.ListMailboxes) ok("a LIST (SUBSCRIBED) \"\" (INBOX \"Sent Items\" %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))").arguments();
        assertThat(l.selection()).containsExactly("SUBSCRIBED");
        assertThat(l.patterns()).containsExactly("INBOX", "Sent Items", "%");
        assertThat(l.returns()).containsExactly("CHILDREN", "STATUS");
        assertThat(l.statusItems()).containsExactly("MESSAGES", "UNSEEN");
        l = (ImapRequest.ListMailboxes) ok("a LSUB \"\" Foo/%").arguments();
        assertThat(l.selection()).containsExactly("SUBSCRIBED");
        assertThat(l.patterns()).containsExactly("Foo/%");
    }

    @Test
    void appendWithFlagsDateAndLiteral() {
        ImapRequest.Append a = (ImapRequest.Append) ok(
                "A003 APPEND saved-messages (\\Seen $Junk) \" 7-Feb-1994 21:52:25 -0800\" {11}\r\nHello World").arguments();
        assertThat(a.mailbox()).isEqualTo("saved-messages");
        assertThat(a.flags()).containsExactly("\\Seen", "$Junk");
        assertThat(a.internalDate()).hasValueSatisfying(d -> assertThat(d.toInstant().toString()).isEqualTo("1994-02-08T05:52:25Z"));
        assertThat(new String(a.message(), StandardCharsets.US_ASCII)).isEqualTo("Hello World");
        bad("a APPEND INBOX \"Hello\"");
        bad("a APPEND INBOX \"31-Feb-1994 21:52:25 -0800\" {1}\r\nx");
    }

    @Test
    void sequenceSets() {
        ImapRequest.Fetch f = (ImapRequest.Fetch) ok("a FETCH 1:3,5,7:* FLAGS").arguments();
        assertThat(f.set().toString()).isEqualTo("1:3,5,7:*");
        assertThat(f.set().contains(6, 10)).isFalse();
        assertThat(f.set().contains(9, 10)).isTrue();
        assertThat(f.set().contains(4, 10)).isFalse();
        bad("a FETCH 0 FLAGS");
        bad("a FETCH 1: FLAGS");
        bad("a FETCH 99999999999 FLAGS");
        assertThat(((ImapRequest.Copy) ok("a UID MOVE $ Trash").arguments()).set().lastResult()).isTrue();
    }

    @Test
    void fetchAttributesAndSections() {
        ImapRequest r = ok("a UID FETCH 1:* (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> BODY[] RFC822.SIZE BODY[2.MIME] BODY[TEXT])");
        assertThat(r.uid()).isTrue();
        ImapRequest.Fetch f = (ImapRequest.Fetch) r.arguments();
        assertThat(f.attributes()).hasSize(6);
        FetchAttribute.BodySection s = (FetchAttribute.BodySection) f.attributes().get(1);
        assertThat(s.peek()).isTrue();
        assertThat(s.section().part()).containsExactly(1, 2);
        assertThat(s.section().specifier()).isEqualTo(FetchAttribute.Specifier.HEADER_FIELDS);
        assertThat(s.section().fields()).containsExactly("From", "To");
        assertThat(s.section().wire()).isEqualTo("1.2.HEADER.FIELDS (From To)");
        assertThat(s.partial()).contains(new FetchAttribute.Partial(0, 100));
        assertThat(((FetchAttribute.BodySection) f.attributes().get(2)).section()).isEqualTo(FetchAttribute.Section.whole());
        assertThat(((ImapRequest.Fetch) ok("a FETCH 1 FULL").arguments()).attributes()).hasSize(5);
        assertThat(((ImapRequest.Fetch) ok("a FETCH 1 fast").arguments()).attributes()).hasSize(3);
        ImapRequest.Fetch changed = (ImapRequest.Fetch) ok("a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345 VANISHED)").arguments();
        assertThat(changed.changedSince()).contains(12345L);
        assertThat(changed.vanished()).isTrue();
        bad("a FETCH 1 (FLAGS ALL)");
        bad("a FETCH 1 BODY[MIME]");
        bad("a FETCH 1 BODY.PEEK");
        bad("a FETCH 1 BODY[HEADER.FIELDS]");
        bad("a FETCH 1 BODY[1.FOO]");
    }

    @Test
    void storeForms() {
        ImapRequest.Store s = (ImapRequest.Store) ok("a STORE 2:4 +FLAGS.SILENT (\\Deleted \\Seen)").arguments();
        assertThat(s.mode()).isEqualTo(ImapRequest.StoreMode.ADD);
        assertThat(s.silent()).isTrue();
        assertThat(s.flags()).containsExactly("\\Deleted", "\\Seen");
        s = (ImapRequest.Store) ok("a UID STORE 1 (UNCHANGEDSINCE 5) -FLAGS \\Flagged $Work").arguments();
        assertThat(s.mode()).isEqualTo(ImapRequest.StoreMode.REMOVE);
        assertThat(s.unchangedSince()).contains(5L);
        assertThat(s.flags()).containsExactly("\\Flagged", "$Work");
        bad("a STORE 1 FLOGS (\\Seen)");
    }

    @Test
    void searchGrammar() {
        ImapRequest.Search s = (ImapRequest.Search) ok(
                "a SEARCH CHARSET UTF-8 FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\" OR (LARGER 100 UID 5:*) HEADER X-Foo \"\" 1:4").arguments();
        assertThat(s.charset()).contains("UTF-8");
        SearchKey.And and = (SearchKey.And) s.key();
        assertThat(and.keys()).hasSize(5);
        assertThat(and.keys().get(0)).isEqualTo(new SearchKey.Flagged("\\Flagged", true));
        assertThat(and.keys().get(1)).isEqualTo(new SearchKey.Dated(SearchKey.DateField.INTERNAL, SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1)));
        assertThat(and.keys().get(2)).isEqualTo(new SearchKey.Not(new SearchKey.Header("From", "Smith")));
        assertThat(((SearchKey.Or) and.keys().get(3)).right()).isEqualTo(new SearchKey.Header("X-Foo", ""));
        assertThat(and.keys().get(4)).isInstanceOf(SearchKey.Sequence.class);
        ImapRequest.Search e = (ImapRequest.Search) ok("a UID SEARCH RETURN (MIN COUNT) SENTBEFORE \"5-Mar-2020\" KEYWORD $Junk MODSEQ 7").arguments();
        assertThat(e.extended()).isTrue();
        assertThat(e.returnOptions()).containsExactly("MIN", "COUNT");
        bad("a SEARCH");
        bad("a SEARCH FROB");
        bad("a SEARCH SINCE 30-Feb-2020");
        bad("a SEARCH OR SEEN");
    }

    @Test
    void imap4rev2HasNoRecentNewOrOldSearchKey() {
        ImapCommandParser rev2 = new ImapCommandParser(ImapLimits.DEFAULTS, ImapRevision.IMAP4REV2);
        for (String command : List.of("a SEARCH RECENT", "a SEARCH new", "a UID SEARCH RETURN (COUNT) NOT OLD",
                "a SORT (ARRIVAL) UTF-8 OR RECENT ALL", "a THREAD REFERENCES UTF-8 (SEEN NEW)")) {
            assertThat(rev2.parse(command.getBytes(StandardCharsets.US_ASCII))).as(command).isInstanceOf(ImapParseResult.Bad.class);
            ok(command); // IMAP4rev1 keeps them (RFC 3501 section 6.4.4)
        }
        assertThat(rev2.parse("a SEARCH UNSEEN".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(ImapParseResult.Parsed.class);
        // RFC 9051 appendix E item 1: LARGER and SMALLER take a number64
        assertThat(((ImapRequest.Search) ok("a SEARCH LARGER 5000000000").arguments()).key()).isEqualTo(new SearchKey.Size(true, 5_000_000_000L));
    }

    @Test
    void nestingIsBounded() {
        String deep = "a SEARCH " + "(".repeat(40) + "ALL" + ")".repeat(40);
        assertThat(bad(deep).text()).contains("nested");
        assertThat(bad("a SEARCH " + "NOT ".repeat(100) + "ALL").text()).contains("nested");
        ok("a SEARCH " + "(".repeat(10) + "ALL" + ")".repeat(10));
    }

    @Test
    void otherCommands() {
        assertThat(((ImapRequest.Rename) ok("a RENAME Foo \"Bar Baz\"").arguments()).to()).isEqualTo("Bar Baz");
        assertThat(((ImapRequest.Status) ok("a STATUS INBOX (messages UIDNEXT)").arguments()).items()).containsExactly("MESSAGES", "UIDNEXT");
        assertThat(((ImapRequest.Enable) ok("a ENABLE CONDSTORE UTF8=ACCEPT").arguments()).capabilities()).containsExactly("CONDSTORE", "UTF8=ACCEPT");
        assertThat(((ImapRequest.Id) ok("a ID (\"name\" \"mutt\" \"version\" NIL)").arguments()).fields()).containsEntry("name", "mutt").containsEntry("version", null);
        assertThat(((ImapRequest.Id) ok("a ID NIL").arguments()).fields()).isEmpty();
        assertThat(((ImapRequest.Expunge) ok("a UID EXPUNGE 3:5").arguments()).uids()).isPresent();
        assertThat(((ImapRequest.Expunge) ok("a EXPUNGE").arguments()).uids()).isEqualTo(Optional.empty());
        assertThat(((ImapRequest.Copy) ok("a COPY 1:2 &AMk-t&AOk-").arguments()).mailbox()).isEqualTo("&AMk-t&AOk-");
        assertThat(((ImapRequest.Mailbox) ok("a CREATE \"Caf\u00e9\"").arguments()).name()).isEqualTo("Caf\u00e9");
        assertThat(List.of(ok("a IDLE").command(), ok("a UNSELECT").command())).containsExactly(ImapCommand.IDLE, ImapCommand.UNSELECT);
    }

    @Test
    void sortAndThread() {
        ImapRequest r = ok("a UID SORT (REVERSE DATE SUBJECT) UTF-8 UNSEEN SINCE 1-Jan-2024");
        assertThat(r.uid()).isTrue();
        ImapRequest.Sort sort = (ImapRequest.Sort) r.arguments();
        assertThat(sort.criteria()).containsExactly(new ImapRequest.SortCriterion(ImapRequest.SortKey.DATE, true),
                new ImapRequest.SortCriterion(ImapRequest.SortKey.SUBJECT, false));
        assertThat(sort.charset()).isEqualTo("UTF-8");
        assertThat(sort.key()).isInstanceOf(SearchKey.And.class);
        ImapRequest.Thread thread = (ImapRequest.Thread) ok("a THREAD references US-ASCII ALL").arguments();
        assertThat(thread.algorithm()).isEqualTo("REFERENCES");
        assertThat(thread.key()).isEqualTo(new SearchKey.All());
        bad("a SORT (BOGUS) UTF-8 ALL");
        bad("a SORT () UTF-8 ALL");
        bad("a SORT (DATE) UTF-8");
        bad("a THREAD REFERENCES");
    }

    @Test
    void binaryFetchItemsOfRfc3516() {
        ImapRequest.Fetch f = (ImapRequest.Fetch) ok("a UID FETCH 1:* (BINARY[1.2]<0.10> BINARY.PEEK[] binary.size[3])").arguments();
        assertThat(f.attributes()).containsExactly(
                new FetchAttribute.Binary(List.of(1, 2), false, Optional.of(new FetchAttribute.Partial(0, 10))),
                new FetchAttribute.Binary(List.of(), true, Optional.empty()),
                new FetchAttribute.BinarySize(List.of(3)));
        bad("a FETCH 1 BINARY[1.HEADER]");
        bad("a FETCH 1 BINARY[TEXT]");
        bad("a FETCH 1 BINARY");
        bad("a FETCH 1 BINARY.SIZE");
        bad("a FETCH 1 BINARY[1.]");
        bad("a FETCH 1 BINARY.SIZE[1]<0.5>");
    }

    @Test
    void appendOfALiteral8WithNul() {
        byte[] command = "a APPEND INBOX (\\Seen) ~{5}\r\nab\0cd".getBytes(StandardCharsets.ISO_8859_1);
        ImapParseResult r = parser.parse(command);
        assertThat(r).isInstanceOf(ImapParseResult.Parsed.class);
        ImapRequest.Append a = (ImapRequest.Append) ((ImapParseResult.Parsed) r).request().arguments();
        assertThat(a.message()).containsExactly('a', 'b', 0, 'c', 'd');
        assertThat(((ImapRequest.Append) ok("a APPEND INBOX ~{2+}\r\nhi").arguments()).message()).containsExactly('h', 'i');
        bad("a APPEND INBOX ~\"hi\"");
        bad("a APPEND INBOX ~{5}\r\nab");
    }

    @Test
    void savedResultAndReturnSave() {
        ImapRequest.Search search = (ImapRequest.Search) ok("a UID SEARCH RETURN (SAVE MIN) UNSEEN $").arguments();
        assertThat(search.extended()).isTrue();
        assertThat(search.returnOptions()).containsExactly("SAVE", "MIN");
        assertThat(search.key()).isEqualTo(new SearchKey.And(List.of(new SearchKey.Flagged("\\Seen", false),
                new SearchKey.Sequence(SequenceSet.saved(), false))));
        assertThat(((ImapRequest.Fetch) ok("a FETCH $ FLAGS").arguments()).set().lastResult()).isTrue();
        assertThat(((ImapRequest.Store) ok("a UID STORE $ +FLAGS (\\Seen)").arguments()).set().lastResult()).isTrue();
        ImapRequest.ListMailboxes list = (ImapRequest.ListMailboxes) ok(
                "a LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) \"\" (% Fruit/*) RETURN (CHILDREN)").arguments();
        assertThat(list.selection()).containsExactly("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH");
        assertThat(list.patterns()).containsExactly("%", "Fruit/*");
    }
}
