package org.postern.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Expansion;
import org.postern.core.directory.RecipientExpander;
import org.postern.core.directory.Recipient.User;

/** The categorizer's expansion, run on the embedded directory. */
class ExpansionTest {

    @TempDir
    Path folder;

    private DirectoryTestSupport support;

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void expandsNestedGroupsAliasesDuplicatesAndALoop() {
        support = new DirectoryTestSupport(folder);
        EmbeddedDirectory d = support.open();
        d.addDomain("example.com");
        User alice = d.addUser("alice@example.com", null, null);
        User bob = d.addUser("bob@example.com", null, null);
        User carol = d.addUser("carol@example.com", null, null);
        d.addAlias("bobby@example.com", "bob@example.com");
        d.addGroup("sales@example.com", null);
        d.addGroup("team@example.com", null);
        d.addGroup("all@example.com", null);
        d.addMember("sales@example.com", "bobby@example.com");
        d.addMember("sales@example.com", "carol@example.com");
        d.addMember("sales@example.com", "buyer@partner.example");
        d.addMember("team@example.com", "alice@example.com");
        d.addMember("team@example.com", "sales@example.com");
        d.addMember("team@example.com", "BUYER@partner.example");
        d.addMember("all@example.com", "team@example.com");
        d.addMember("all@example.com", "sales@example.com");
        d.addMember("all@example.com", "bob@example.com");
        d.addMember("sales@example.com", "all@example.com");

        Expansion e = new RecipientExpander(d).expand(List.of(EmailAddress.parse("All@example.com"), EmailAddress.parse("alice@example.com")));

        assertThat(e.mailboxes()).containsExactly(alice, bob, carol);
        assertThat(e.externals()).extracting(EmailAddress::canonical).containsExactly("buyer@partner.example");
        assertThat(e.unresolved()).isEmpty();
        assertThat(e.expanded()).extracting(r -> r.address().canonical())
                .containsExactly("all@example.com", "team@example.com", "sales@example.com", "bobby@example.com");
        assertThat(e.loops()).singleElement().satisfies(loop -> assertThat(loop).extracting(EmailAddress::canonical)
                .containsExactly("all@example.com", "team@example.com", "sales@example.com", "all@example.com"));
    }
}
