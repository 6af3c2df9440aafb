package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.SpecialUse;

/** Which names LIST and LSUB return (RFC 5258 LIST-EXTENDED), on folders and subscriptions alone. */
class MailboxListingTest {

    private static final List<Folder> FOLDERS = List.of(
            folder(1, "Inbox", SpecialUse.INBOX), folder(2, "Sent Items", SpecialUse.SENT),
            folder(3, "Fruit", null), folder(4, "Fruit/Apple", null), folder(5, "Fruit/Apple/Green", null));

    private static Folder folder(long id, String path, SpecialUse use) {
        return new Folder(new FolderId(id), FolderPath.parse(path), Optional.ofNullable(use), 1);
    }

    private static Predicate<FolderPath> pattern(String pattern) {
        return p -> MailboxNames.matches(pattern, p.name());
    }

    private static List<String> lines(List<MailboxListing.Entry> entries) {
        return entries.stream().map(e -> e.path().name() + " " + e.attributes() + (e.childInfo().isEmpty() ? "" : " " + e.childInfo()))
                .toList();
    }

    private static MailboxListing.Options options(boolean lsub, boolean subscribed, boolean specialUse, boolean recursive) {
        return new MailboxListing.Options(lsub, subscribed, specialUse, recursive, subscribed && !lsub);
    }

    @Test
    void recursiveMatchNamesParentsWhoseDescendantsMeetTheCriteriaEvenWithoutAFolder() {
        Set<FolderPath> subscribed = Set.of(FolderPath.parse("Fruit/Apple/Green"), FolderPath.parse("Veg/Root/Leek"));
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(false, true, false, true), pattern("%"))))
                .containsExactly("Fruit [\\HasChildren] [SUBSCRIBED]", "Veg [\\NonExistent, \\HasNoChildren] [SUBSCRIBED]");
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(false, true, false, false), pattern("%")))).isEmpty();
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(false, true, false, true), pattern("*"))))
                .containsExactly("Fruit [\\HasChildren] [SUBSCRIBED]", "Fruit/Apple [\\HasChildren] [SUBSCRIBED]",
                        "Fruit/Apple/Green [\\HasNoChildren, \\Subscribed]", "Veg [\\NonExistent, \\HasNoChildren] [SUBSCRIBED]",
                        "Veg/Root [\\NonExistent, \\HasNoChildren] [SUBSCRIBED]",
                        "Veg/Root/Leek [\\NonExistent, \\HasNoChildren, \\Subscribed]");
    }

    @Test
    void childrenAreCountedWhateverThePatternAndLsubShowsMissingFoldersAsNoselect() {
        Set<FolderPath> subscribed = Set.of(FolderPath.parse("Gone"), FolderPath.parse("Fruit"));
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(false, false, false, false), pattern("Fruit"))))
                .containsExactly("Fruit [\\HasChildren]");
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(true, false, false, false), pattern("*"))))
                .containsExactly("Fruit []", "Gone [\\Noselect]");
        assertThat(lines(MailboxListing.list(FOLDERS, subscribed, options(false, false, true, false), pattern("*"))))
                .as("INBOX has no special-use attribute").containsExactly("Sent Items [\\HasNoChildren, \\Sent]");
    }
}
