package org.postern.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderPathTest {

    @Test
    void parsesSegmentsAndWritesThemBack() {
        FolderPath p = FolderPath.parse("Projects/2026/Q1");
        assertThat(p.segments()).containsExactly("Projects", "2026", "Q1");
        assertThat(p.name()).isEqualTo("Projects/2026/Q1");
        assertThat(p.leaf()).isEqualTo("Q1");
        assertThat(p.parent()).isEqualTo(FolderPath.of("Projects", "2026"));
        assertThat(FolderPath.of("Inbox").parent()).isNull();
        assertThat(FolderPath.of("a").child("b")).isEqualTo(FolderPath.parse("a/b"));
    }

    @Test
    void containsItselfAndWhatLiesBelow() {
        FolderPath a = FolderPath.parse("a/b");
        assertThat(a.contains(FolderPath.parse("a/b"))).isTrue();
        assertThat(a.contains(FolderPath.parse("a/b/c"))).isTrue();
        assertThat(a.contains(FolderPath.parse("a/bc"))).isFalse();
        assertThat(a.contains(FolderPath.parse("a"))).isFalse();
    }

    @Test
    void refusesEmptySegmentsAndControlCharacters() {
        for (String bad : List.of("", "/a", "a/", "a//b", "a\u0000b", "tab\there")) {
            assertThatThrownBy(() -> FolderPath.parse(bad))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(StoreError.INVALID));
        }
    }

    @Test
    void flagsRoundTripThroughBits() {
        Set<Flag> flags = Set.of(Flag.SEEN, Flag.DRAFT);
        assertThat(Flag.fromBits(Flag.toBits(flags))).isEqualTo(flags);
        assertThat(Flag.toBits(Set.of(Flag.SEEN))).isEqualTo(1);
        assertThat(Flag.fromImapName("\\seen")).contains(Flag.SEEN);
        assertThat(Flag.fromImapName("$Junk")).isEmpty();
    }

    @Test
    void keywordsAreAtoms() {
        assertThat(Keywords.isValid("$Forwarded")).isTrue();
        assertThat(Keywords.isValid("\\Seen")).isFalse();
        assertThat(Keywords.isValid("two words")).isFalse();
        assertThat(Keywords.isValid("")).isFalse();
        assertThatThrownBy(() -> new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(), Set.of("bad(")))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void uidSetsAndRanges() {
        UidSet set = UidSet.of(new UidRange(3, 5), UidRange.single(9));
        assertThat(set.contains(4)).isTrue();
        assertThat(set.contains(6)).isFalse();
        assertThat(UidSet.all().contains(UidRange.MAX_UID)).isTrue();
        assertThatThrownBy(() -> new UidRange(0, 3)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> new UidRange(5, 3)).isInstanceOf(StoreException.class);
    }

    @Test
    void specialUseNamesAreExchanges() {
        assertThat(SpecialUse.DELETED_ITEMS.defaultName()).isEqualTo("Deleted Items");
        assertThat(SpecialUse.DELETED_ITEMS.imapAttribute()).contains("\\Trash");
        assertThat(SpecialUse.JUNK.defaultName()).isEqualTo("Junk E-mail");
        assertThat(SpecialUse.INBOX.imapAttribute()).isEmpty();
    }
}
