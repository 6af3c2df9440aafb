package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FolderSnapshotsTest {

    static FolderSnapshots.Kept kept(long folder, long uidNext, int count) {
        long[] uids = new long[count];
        for (int i = 0; i < count; i++) {
            uids[i] = i + 1;
        }
        return new FolderSnapshots.Kept(new FolderSnapshots.Key(folder, 7, uidNext, count), uids, 3, 0, Set.of());
    }

    @Test
    void aSnapshotIsFoundOnlyUnderTheKeyItWasTakenUnder() {
        FolderSnapshots snapshots = new FolderSnapshots(4, 1000);
        FolderSnapshots.Kept k = kept(1, 11, 10);
        snapshots.keep(k);
        assertThat(snapshots.find(k.key())).isSameAs(k);
        assertThat(snapshots.find(new FolderSnapshots.Key(1, 7, 12, 10))).isNull(); // appended
        assertThat(snapshots.find(new FolderSnapshots.Key(1, 7, 11, 9))).isNull(); // expunged
        assertThat(snapshots.find(new FolderSnapshots.Key(1, 8, 11, 10))).isNull(); // made anew
        assertThat(snapshots.find(new FolderSnapshots.Key(2, 7, 11, 10))).isNull(); // another folder
        FolderSnapshots.Kept later = kept(1, 12, 11);
        snapshots.keep(later);
        assertThat(snapshots.find(k.key())).isNull();
        assertThat(snapshots.find(later.key())).isSameAs(later);
        assertThat(snapshots.size()).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyUsedGoFirstPastTheFoldersOrTheUids() {
        FolderSnapshots snapshots = new FolderSnapshots(3, 100);
        FolderSnapshots.Kept a = kept(1, 41, 40);
        FolderSnapshots.Kept b = kept(2, 41, 40);
        snapshots.keep(a);
        snapshots.keep(b);
        snapshots.find(a.key()); // a used after b
        FolderSnapshots.Kept c = kept(3, 41, 40);
        snapshots.keep(c); // 120 UIDs: b goes
        assertThat(snapshots.find(b.key())).isNull();
        assertThat(snapshots.find(a.key())).isSameAs(a); // a used after c
        snapshots.keep(kept(4, 2, 1));
        snapshots.keep(kept(5, 2, 1)); // 4 folders past 3: c goes
        assertThat(snapshots.size()).isEqualTo(3);
        assertThat(snapshots.find(c.key())).isNull();
        assertThat(snapshots.find(a.key())).isSameAs(a);
        snapshots.keep(kept(6, 102, 101)); // larger than the whole bound: not kept
        assertThat(snapshots.find(kept(6, 102, 101).key())).isNull();
        assertThat(snapshots.size()).isEqualTo(3);
    }
}
