package org.postern.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.postern.directory.password.Argon2Settings;
import org.postern.sql.Database;

/** Opens directories on SQLite files in a test's temporary folder, and closes what it opened. */
final class DirectoryTestSupport implements AutoCloseable {

    /** A cheap cost, so tests that add many users stay fast. */
    static final Argon2Settings CHEAP = new Argon2Settings(64, 1, 1);
    /** RFC 7677's minimum, so tests that add many users stay fast. */
    static final int SCRAM_ITERATIONS = 4096;

    private final Path file;
    private final List<Database> databases = new ArrayList<>();

    DirectoryTestSupport(Path folder) {
        this.file = folder.resolve("directory.db");
    }

    Path file() {
        return file;
    }

    /** A new directory instance on the file with its own database pools, as another process would have. */
    EmbeddedDirectory open(DirectorySettings settings) {
        Database database = Database.sqlite(file);
        databases.add(database);
        return EmbeddedDirectory.open(database, settings);
    }

    EmbeddedDirectory open() {
        return open(new DirectorySettings(false, CHEAP, SCRAM_ITERATIONS));
    }

    @Override
    public void close() {
        databases.forEach(Database::close);
        databases.clear();
    }
}
