package org.postern.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;

class RecipientExpanderTest {

    private final MapDirectory directory = new MapDirectory("example.com");
    private final User alice = directory.user("alice@example.com");
    private final User bob = directory.user("bob@example.com");
    private final User carol = directory.user("carol@example.com");

    private static EmailAddress a(String address) {
        return EmailAddress.parse(address);
    }

    private static List<String> canonical(List<EmailAddress> addresses) {
        return addresses.stream().map(EmailAddress::canonical).toList();
    }

    @Test
    void aUserIsItsOwnFinalRecipient() {
        Expansion e = new RecipientExpander(directory).expand(a("Alice@EXAMPLE.com"));
        assertThat(e.mailboxes()).containsExactly(alice);
        assertThat(e.externals()).isEmpty();
        assertThat(e.expanded()).isEmpty();
        assertThat(e.hasProblems()).isFalse();
    }

    @Test
    void externalAndUnknownAddressesAreToldApart() {
        Expansion e = new RecipientExpander(directory).expand(List.of(a("x@elsewhere.org"), a("nobody@example.com")));
        assertThat(e.mailboxes()).isEmpty();
        assertThat(canonical(e.externals())).containsExactly("x@elsewhere.org");
        assertThat(canonical(e.unresolved())).containsExactly("nobody@example.com");
    }

    @Test
    void followsAnAliasToItsUser() {
        directory.alias("al@example.com", "alice@example.com");
        Expansion e = new RecipientExpander(directory).expand(a("al@example.com"));
        assertThat(e.mailboxes()).containsExactly(alice);
        assertThat(e.expanded()).singleElement().isInstanceOf(Recipient.Alias.class);
    }

    @Test
    void expandsNestedGroupsOnceAndRemovesDuplicates() {
        directory.alias("bobby@example.com", "bob@example.com")
                .group("team@example.com", "alice@example.com", "bobby@example.com", "dev@example.com", "Partner@Elsewhere.org")
                .group("dev@example.com", "bob@example.com", "carol@example.com", "partner@elsewhere.org")
                .group("all@example.com", "team@example.com", "dev@example.com", "alice@example.com");
        Expansion e = new RecipientExpander(directory).expand(List.of(a("all@example.com"), a("carol@example.com")));
        assertThat(e.mailboxes()).containsExactly(alice, bob, carol);
        assertThat(canonical(e.externals())).containsExactly("partner@elsewhere.org");
        assertThat(e.expanded()).extracting(r -> r.address().canonical())
                .containsExactly("all@example.com", "team@example.com", "bobby@example.com", "dev@example.com");
        assertThat(e.loops()).isEmpty();
    }

    @Test
    void stopsAndReportsALoop() {
        directory.group("a@example.com", "alice@example.com", "b@example.com")
                .group("b@example.com", "bob@example.com", "c@example.com")
                .group("c@example.com", "a@example.com", "carol@example.com");
        Expansion e = new RecipientExpander(directory).expand(a("a@example.com"));
        assertThat(e.mailboxes()).containsExactly(alice, bob, carol);
        assertThat(e.loops()).hasSize(1);
        assertThat(canonical(e.loops().get(0)))
                .containsExactly("a@example.com", "b@example.com", "c@example.com", "a@example.com");
        assertThat(e.hasProblems()).isTrue();
    }

    @Test
    void anAliasLoopIsStoppedToo() {
        directory.alias("x@example.com", "y@example.com").alias("y@example.com", "x@example.com");
        Expansion e = new RecipientExpander(directory).expand(a("x@example.com"));
        assertThat(e.mailboxes()).isEmpty();
        assertThat(canonical(e.loops().get(0))).containsExactly("x@example.com", "y@example.com", "x@example.com");
    }

    @Test
    void stopsAtTheDepthBound() {
        directory.group("g1@example.com", "g2@example.com")
                .group("g2@example.com", "g3@example.com", "alice@example.com")
                .group("g3@example.com", "bob@example.com");
        Expansion e = new RecipientExpander(directory, 2).expand(a("g1@example.com"));
        assertThat(e.mailboxes()).containsExactly(alice);
        assertThat(e.tooDeep()).hasSize(1);
        assertThat(canonical(e.tooDeep().get(0))).containsExactly("g1@example.com", "g2@example.com", "g3@example.com");
        assertThat(new RecipientExpander(directory, 3).expand(a("g1@example.com")).mailboxes()).containsExactly(bob, alice);
    }

    @Test
    void refusesADepthBoundBelowOne() {
        assertThatThrownBy(() -> new RecipientExpander(directory, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
