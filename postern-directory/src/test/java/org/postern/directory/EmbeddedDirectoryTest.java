package org.postern.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.DirectoryException;
import org.postern.core.directory.DirectoryException.Reason;
import org.postern.core.directory.Recipient;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

class EmbeddedDirectoryTest {

    @TempDir
    Path folder;

    private DirectoryTestSupport support;
    private EmbeddedDirectory directory;

    @BeforeEach
    void open() {
        support = new DirectoryTestSupport(folder);
        directory = support.open();
        directory.addDomain("Example.COM");
    }

    @AfterEach
    void close() {
        support.close();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(DirectoryException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static EmailAddress a(String address) {
        return EmailAddress.parse(address);
    }

    @Test
    void acceptsAndRemovesDomains() {
        assertThat(directory.acceptedDomains()).containsExactly("example.com");
        assertThat(directory.isAcceptedDomain("EXAMPLE.com")).isTrue();
        assertThat(directory.isAcceptedDomain("example.org")).isFalse();
        assertThat(directory.isAcceptedDomain("not a domain")).isFalse();
        directory.addDomain("example.org");
        assertThat(directory.acceptedDomains()).containsExactly("example.com", "example.org");
        directory.removeDomain("Example.Org");
        assertThat(directory.acceptedDomains()).containsExactly("example.com");
    }

    @Test
    void refusesBadDomainChanges() {
        refused(() -> directory.addDomain("example.com"), Reason.DUPLICATE).hasMessage("domain example.com is already accepted");
        refused(() -> directory.addDomain("bad..domain"), Reason.INVALID);
        refused(() -> directory.addDomain(""), Reason.INVALID);
        refused(() -> directory.removeDomain("example.net"), Reason.NOT_FOUND);
        directory.addUser("alice@example.com", "Alice", null);
        refused(() -> directory.removeDomain("example.com"), Reason.IN_USE)
                .hasMessage("domain example.com still has 1 user, alias or group; remove them first");
    }

    @Test
    void addsFindsListsAndRemovesUsers() {
        User alice = directory.addUser("Alice.Smith@Example.com", "Alice Smith", null);
        User bob = directory.addUser("bob@example.com", "  ", null);
        assertThat(alice.address().toString()).isEqualTo("Alice.Smith@example.com");
        assertThat(alice.login()).isEqualTo("alice.smith@example.com");
        assertThat(bob.displayName()).isEqualTo("bob");
        assertThat(directory.findUser(a("ALICE.SMITH@example.COM"))).contains(alice);
        assertThat(directory.findUserByLogin("Alice.Smith@EXAMPLE.com")).contains(alice);
        assertThat(directory.findUserByLogin("nobody")).isEmpty();
        assertThat(directory.users()).containsExactly(alice, bob);
        assertThat(directory.resolve(a("alice.smith@example.com"))).contains(alice);

        directory.removeUser("ALICE.smith@example.com");
        assertThat(directory.users()).containsExactly(bob);
        assertThat(directory.resolve(a("alice.smith@example.com"))).isEmpty();
    }

    @Test
    void refusesBadUsers() {
        refused(() -> directory.addUser("alice@example.org", null, null), Reason.UNKNOWN_DOMAIN)
                .hasMessage("example.org is not an accepted domain");
        refused(() -> directory.addUser("not-an-address", null, null), Reason.INVALID);
        refused(() -> directory.addUser("a b@example.com", null, null), Reason.INVALID);
        refused(() -> directory.addUser("alice@example.com", "Evil\nName", null), Reason.INVALID);
        refused(() -> directory.addUser("alice@example.com", null, new char[0]), Reason.INVALID).hasMessage("password is empty");
        refused(() -> directory.removeUser("nobody@example.com"), Reason.NOT_FOUND).hasMessage("no user nobody@example.com");
        refused(() -> directory.setPassword("nobody@example.com", "x".toCharArray()), Reason.NOT_FOUND);
        assertThat(directory.users()).isEmpty();
    }

    @Test
    void addressesAreUniqueAcrossUsersAliasesAndGroups() {
        directory.addUser("alice@example.com", null, null);
        directory.addGroup("team@example.com", "Team");
        directory.addAlias("al@example.com", "alice@example.com");
        refused(() -> directory.addUser("ALICE@example.com", null, null), Reason.DUPLICATE)
                .hasMessage("ALICE@example.com is already a user");
        refused(() -> directory.addUser("Team@example.com", null, null), Reason.DUPLICATE).hasMessage("Team@example.com is already a group");
        refused(() -> directory.addGroup("AL@example.com", null), Reason.DUPLICATE).hasMessage("AL@example.com is already an alias");
        refused(() -> directory.addAlias("alice@EXAMPLE.com", "team@example.com"), Reason.DUPLICATE);
        refused(() -> directory.addAlias("team@example.com", "alice@example.com"), Reason.DUPLICATE);
        refused(() -> directory.addGroup("team@example.com", null), Reason.DUPLICATE);
        refused(() -> directory.removeUser("team@example.com"), Reason.NOT_FOUND).hasMessage("team@example.com is a group, not a user");
    }

    @Test
    void aliasesResolveToTheirTarget() {
        User alice = directory.addUser("alice@example.com", null, null);
        Alias alias = directory.addAlias("Ally@Example.com", "ALICE@example.com");
        assertThat(alias.target()).isEqualTo(alice.address());
        assertThat(directory.resolve(a("ally@EXAMPLE.COM"))).contains(alias);
        assertThat(directory.aliases()).containsExactly(alias);
        assertThat(directory.addressesOf(alice)).extracting(EmailAddress::canonical)
                .containsExactly("alice@example.com", "ally@example.com");
        assertThat(directory.findUser(a("ally@example.com"))).isEmpty();

        refused(() -> directory.addAlias("x@example.org", "alice@example.com"), Reason.UNKNOWN_DOMAIN);
        refused(() -> directory.addAlias("x@example.com", "nobody@example.com"), Reason.NOT_FOUND);
        refused(() -> directory.addAlias("x@example.com", "ally@example.com"), Reason.INVALID);
        refused(() -> directory.addAlias("x@example.com", "x@example.com"), Reason.INVALID);

        directory.removeAlias("ally@example.com");
        assertThat(directory.aliases()).isEmpty();
        refused(() -> directory.removeAlias("ally@example.com"), Reason.NOT_FOUND);
    }

    @Test
    void groupsKeepTheirMembersInOrder() {
        directory.addUser("alice@example.com", null, null);
        directory.addUser("bob@example.com", null, null);
        directory.addAlias("al@example.com", "alice@example.com");
        DistributionGroup empty = directory.addGroup("Team@example.com", "The Team");
        assertThat(empty.members()).isEmpty();
        directory.addGroup("sub@example.com", null);
        directory.addMember("team@example.com", "Bob@example.com");
        directory.addMember("team@example.com", "al@example.com");
        directory.addMember("TEAM@example.com", "sub@example.com");
        directory.addMember("team@example.com", "Partner@Elsewhere.org");

        Recipient team = directory.resolve(a("team@example.com")).orElseThrow();
        assertThat(team).isInstanceOfSatisfying(DistributionGroup.class, g -> {
            assertThat(g.displayName()).isEqualTo("The Team");
            assertThat(g.members()).extracting(EmailAddress::toString)
                    .containsExactly("Bob@example.com", "al@example.com", "sub@example.com", "Partner@elsewhere.org");
        });
        assertThat(directory.groups()).extracting(g -> g.address().canonical()).containsExactly("sub@example.com", "team@example.com");

        refused(() -> directory.addMember("team@example.com", "BOB@example.com"), Reason.DUPLICATE);
        refused(() -> directory.addMember("team@example.com", "nobody@example.com"), Reason.NOT_FOUND);
        refused(() -> directory.addMember("team@example.com", "team@example.com"), Reason.INVALID);
        refused(() -> directory.addMember("nogroup@example.com", "bob@example.com"), Reason.NOT_FOUND);
        refused(() -> directory.addMember("bob@example.com", "alice@example.com"), Reason.NOT_FOUND);
        refused(() -> directory.addMember("team@example.com", "bad address"), Reason.INVALID);

        directory.removeMember("team@example.com", "partner@elsewhere.org");
        refused(() -> directory.removeMember("team@example.com", "partner@elsewhere.org"), Reason.NOT_FOUND);
        refused(() -> directory.addGroup("g@example.org", null), Reason.UNKNOWN_DOMAIN);
    }

    @Test
    void removingARecipientRemovesItsAliasesAndMemberships() {
        directory.addUser("alice@example.com", null, null);
        directory.addUser("bob@example.com", null, null);
        directory.addAlias("al@example.com", "alice@example.com");
        directory.addGroup("team@example.com", null);
        directory.addAlias("crew@example.com", "team@example.com");
        directory.addGroup("all@example.com", null);
        directory.addMember("team@example.com", "alice@example.com");
        directory.addMember("team@example.com", "al@example.com");
        directory.addMember("team@example.com", "bob@example.com");
        directory.addMember("all@example.com", "crew@example.com");
        directory.addMember("all@example.com", "team@example.com");

        directory.removeUser("alice@example.com");
        assertThat(directory.aliases()).extracting(x -> x.address().canonical()).containsExactly("crew@example.com");
        assertThat(((DistributionGroup) directory.resolve(a("team@example.com")).orElseThrow()).members())
                .extracting(EmailAddress::canonical).containsExactly("bob@example.com");

        directory.removeGroup("team@example.com");
        assertThat(directory.aliases()).isEmpty();
        assertThat(((DistributionGroup) directory.resolve(a("all@example.com")).orElseThrow()).members()).isEmpty();
        directory.removeGroup("all@example.com");
        directory.removeUser("bob@example.com");
        directory.removeDomain("example.com");
        assertThat(directory.acceptedDomains()).isEmpty();
    }

    @Test
    void unknownAddressesResolveToNothing() {
        assertThat(directory.resolve(a("nobody@example.com"))).isEmpty();
        assertThat(directory.resolve(a("someone@elsewhere.org"))).isEmpty();
    }
}
