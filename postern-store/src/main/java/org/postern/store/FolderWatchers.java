package org.postern.store;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.postern.core.store.FolderId;
import org.postern.core.store.MailboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's in-process change notifier ({@link MailboxStore#watch}): listeners per folder,
 * called after the change committed. Cheap to hold for many idle readers (one set entry each);
 * a listener that throws is logged and does not stop the others.
 */
final class FolderWatchers {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatchers.class);

    private final Map<FolderId, Set<Runnable>> byFolder = new ConcurrentHashMap<>();

    MailboxStore.Watch watch(FolderId folder, Runnable listener) {
        Runnable entry = listener::run; // a distinct object, so one listener may watch twice
        byFolder.computeIfAbsent(folder, f -> new CopyOnWriteArraySet<>()).add(entry);
        return () -> byFolder.computeIfPresent(folder, (f, set) -> {
            set.remove(entry);
            return set.isEmpty() ? null : set;
        });
    }

    void changed(FolderId folder) {
        Set<Runnable> listeners = byFolder.get(folder);
        if (listeners == null) {
            return;
        }
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("store: a change listener of folder {} failed", folder, e);
            }
        }
    }
}
