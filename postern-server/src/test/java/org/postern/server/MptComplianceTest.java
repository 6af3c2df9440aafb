package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;

/**
 * Apache James's MPT IMAP protocol scripts (Maven Central
 * {@code org.apache.james:apache-james-mpt-imapmailbox-core}, read from the jar on the test
 * class path) run as a compliance suite against a real {@code postern run}, each script in the
 * state James's suite classes put it in ({@link Setup}), on a mailbox made afresh for it.
 *
 * <p>The harness differs from James's in-process host only where Postern must: connections
 * are secured with STARTTLS on 143 before the script begins ({@link MptSession}), and the
 * scripts' user {@code imapuser} signs in as the address {@value #USER} (Postern's logins are
 * addresses): {@code LOGIN imapuser} in a script's client lines is sent as {@code LOGIN
 * imapuser@mpt.test}.
 *
 * <p>{@code imap/mpt-exceptions.txt} lists, with a reason each, the scripts (or single
 * {@code S:} lines) that check James's own wording or an extension Postern does not offer;
 * an excepted line accepts whatever single line the server sends there. Every other script must
 * pass, and an excepted script that passes fails the suite, so the list cannot go stale.
 */
class MptComplianceTest {

    static final String USER = "imapuser@mpt.test";
    static final String PASSWORD = "password";
    static final String SCRIPTS = "/org/apache/james/imap/scripts/";

    /** What James's suite class does before and after a script (BasicImapCommands). */
    enum Setup {
        /** Nothing: the script reads the greeting itself (Security). */
        NONE,
        /** The greeting only. */
        WELCOME,
        /** The greeting, then LOGIN. */
        AUTHENTICATED,
        /** Signed in, INBOX selected; CLOSE after. */
        SELECTED_INBOX,
        /** Signed in, SelectedStateSetup before and SelectedStateCleanup after. */
        PREPARED
    }

    /** James 3.8.1's suite classes: their setup and their scripts. */
    static final Map<String, Suite> SUITES = new LinkedHashMap<>();

    record Suite(Setup setup, List<String> scripts) {
    }

    static {
        suite("NonAuthenticatedState", Setup.WELCOME, "Authenticate Capability Login Logout Noop ValidAuthenticated ValidSelected");
        suite("AuthenticatePlain", Setup.WELCOME, "AuthenticatePlain");
        suite("Security", Setup.NONE, "BadTag BogusCommand IllegalTag JustTag LoginThreeStrikes NoCommand NoTag SharedMailbox");
        suite("AuthenticatedState", Setup.AUTHENTICATED, "Append AppendExamineInbox AppendExpunge AppendSelectInbox Capability Create "
                + "Delete ExamineEmpty Id ListMailboxes ListNamespace ListSubscribed Logout Namespace Noop Rights SelectAppend "
                + "SelectEmpty Status StringArgs Subscribe ValidNonAuthenticated");
        suite("SelectedInbox", Setup.SELECTED_INBOX, "Append Capability Create Delete ExamineEmpty ListMailboxes ListNamespace "
                + "ListSubscribed Logout Noop SelectEmpty Status StringArgs Subscribe ValidNonAuthenticated");
        suite("SelectedState", Setup.PREPARED, "Check Copy Expunge FetchMultipleMessages FetchPeek FetchSingleMessage Namespace "
                + "Replace Search SearchSaveDate Store Uid");
        suite("ConcurrentSessions", Setup.AUTHENTICATED, "ConcurrentAppendUIDToMSNMapping ConcurrentCrossExpunge "
                + "ConcurrentDeleteSelected ConcurrentExistsResponse ConcurrentExpungeResponse ConcurrentExpungeUIDToMSNMapping "
                + "ConcurrentFetchResponse ConcurrentRenameSelected ConcurrentRenameSelectedSub");
        suite("Condstore", Setup.AUTHENTICATED, "CondstoreDisable CondstoreEnable");
        suite("Copy", Setup.PREPARED, "Copy");
        suite("Events", Setup.PREPARED, "AppendToSelected");
        suite("Expunge", Setup.PREPARED, "ExpungeBasics");
        suite("Fetch", Setup.PREPARED, "FetchBodyNoSection FetchEnvelope FetchInternalDate FetchRFC822 FetchRFC822Header "
                + "FetchRFC822Mixed FetchRFC822Text FetchSaveDate FetchText");
        suite("FetchBodySection", Setup.PREPARED, "FetchMultipartAlternative FetchMultipartMixed FetchMultipartMixedComplex");
        suite("FetchBodyStructure", Setup.PREPARED, "FetchMultipartBodyStructure FetchSimpleBodyStructure FetchStructureComplex "
                + "FetchStructureEmbedded");
        suite("FetchHeaders", Setup.PREPARED, "FetchHeaderFields FetchHeaderFieldsNot");
        suite("Listing", Setup.AUTHENTICATED, "ListPercentWildcard ListPlus XList");
        suite("ListingWithSharingTest", Setup.AUTHENTICATED, "ListWithSharedMailbox");
        suite("MailboxAnnotation", Setup.PREPARED, "Metadata MetadataWithBinaryData MetadataWithLimitation");
        suite("MailboxWithLongNameError", Setup.PREPARED, "CreateErrorWithLongName");
        suite("Move", Setup.PREPARED, "Move MoveNoMSG");
        suite("ObjectId", Setup.PREPARED, "ObjectId");
        suite("PartialFetch", Setup.PREPARED, "BodyPartialFetch HeaderPartialFetch MimePartialFetch TextPartialFetch");
        suite("QuotaTest", Setup.PREPARED, "Quota");
        suite("Recent", Setup.AUTHENTICATED, "Recent");
        suite("Rename", Setup.PREPARED, "Rename RenameHierarchy RenameSelected");
        suite("Search", Setup.AUTHENTICATED, "SearchAtoms SearchCombinations SearchOptionAggregations SearchOptionSave");
        suite("Select", Setup.AUTHENTICATED, "SelectUnseen");
        suite("UidSearch", Setup.AUTHENTICATED, "UidSearchAtoms UidSearchCombinations");
        suite("UidSearchOnIndex", Setup.AUTHENTICATED, "UidSearchAtomsIndexer");
        suite("UserFlagsSupport", Setup.AUTHENTICATED, "UserFlagsSupport");
    }

    private static void suite(String name, Setup setup, String scripts) {
        SUITES.put(name, new Suite(setup, List.of(scripts.split(" "))));
    }

    private static final Pattern LOGIN = Pattern.compile("(?i)^(\\S+ LOGIN )imapuser( .*)?$");

    @TempDir
    static Path tmp;
    static Path data;
    static int offset;
    static RunningServer server;
    static MptExceptions exceptions;
    static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        data = tmp.resolve("data");
        offset = FreePorts.offset();
        TestMailboxes.createUser(data, USER, PASSWORD);
        exceptions = MptExceptions.load("/imap/mpt-exceptions.txt");
        server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
    }

    @AfterAll
    static void stopServer() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        OUTCOMES.values().forEach(o -> counts.merge(o.startsWith("passed") ? "passed" : o.split(":")[0], 1, Integer::sum));
        System.out.println("MPT scripts: " + OUTCOMES.size() + " runs " + counts);
        OUTCOMES.forEach((k, v) -> System.out.println("  " + k + " " + v));
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    @TestFactory
    Stream<DynamicTest> scripts() {
        List<DynamicTest> tests = new ArrayList<>();
        SUITES.forEach((name, suite) -> {
            for (String script : suite.scripts()) {
                tests.add(DynamicTest.dynamicTest(name + "/" + script, () -> run(name, suite.setup(), script)));
            }
        });
        return tests.stream();
    }

    private static MptScript load(String script) throws IOException {
        try (InputStream in = MptComplianceTest.class.getResourceAsStream(SCRIPTS + script + ".test")) {
            assertThat(in).as("MPT script %s in the jar", script).isNotNull();
            return MptScript.read(script, in);
        }
    }

    private void run(String suite, Setup setup, String name) throws Exception {
        MptScript script = load(name);
        Optional<String> wholly = exceptions.script(suite + "/" + name).or(() -> exceptions.script(name));
        freshMailbox();
        String outcome;
        String failure = null;
        MptRun run = new MptRun(script, exceptions, LOGIN, "$1" + USER + "$2");
        try {
            run.execute(offset + 143, setup == Setup.PREPARED ? load("SelectedStateSetup") : null,
                    setup == Setup.PREPARED ? load("SelectedStateCleanup") : null, setup);
            outcome = run.excused() > 0 ? "passed-with-line-exceptions: " + run.excused() + " lines" : "passed";
            if (run.reworded() > 0) {
                outcome += " (" + run.reworded() + " texts reworded)";
            }
        } catch (AssertionError | IOException e) {
            failure = e.getMessage();
            outcome = "failed";
        }
        if (wholly.isPresent()) {
            OUTCOMES.put(suite + "/" + name, failure == null ? "stale-exception" : "excepted: " + wholly.get());
            assertThat(failure).as("%s is on the exception list (%s) but passes: take it off", name, wholly.get()).isNotNull();
            return;
        }
        OUTCOMES.put(suite + "/" + name, outcome);
        if (failure != null) {
            throw new AssertionError(suite + "/" + name + ": " + failure);
        }
    }

    /** Each script starts on a new mailbox: the Inbox and the default folders, empty. */
    private static void freshMailbox() throws Exception {
        try (Foundation f = Foundation.open(new DataFolder(data, null), PosternConfig.defaults())) {
            EmailAddress owner = EmailAddress.parse(USER);
            if (f.store().hasMailbox(owner)) {
                f.store().deleteMailbox(owner);
            }
            f.store().createMailbox(owner);
        }
    }
}
