package org.postern.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.Alias;

/** SQL on {@code alias}. */
final class AliasRows {

    private static final String SELECT = "SELECT a.address, t.address FROM alias x"
            + " JOIN directory_address a ON a.canonical = x.canonical"
            + " JOIN directory_address t ON t.canonical = x.target";

    private AliasRows() {
    }

    static Optional<Alias> byAddress(Connection c, EmailAddress address) throws SQLException {
        List<Alias> found = query(c, SELECT + " WHERE x.canonical = ?", address.canonical());
        return found.stream().findFirst();
    }

    static List<Alias> list(Connection c) throws SQLException {
        return query(c, SELECT + " ORDER BY x.canonical", null);
    }

    /** The aliases that deliver to an address. */
    static List<Alias> targeting(Connection c, EmailAddress target) throws SQLException {
        return query(c, SELECT + " WHERE x.target = ? ORDER BY x.canonical", target.canonical());
    }

    static void insert(Connection c, EmailAddress address, EmailAddress target) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alias (canonical, target) VALUES (?, ?)")) {
            s.setString(1, address.canonical());
            s.setString(2, target.canonical());
            s.executeUpdate();
        }
    }

    private static List<Alias> query(Connection c, String sql, String key) throws SQLException {
        List<Alias> aliases = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (key != null) {
                s.setString(1, key);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    aliases.add(new Alias(AddressRows.read(r.getString(1)), AddressRows.read(r.getString(2))));
                }
            }
        }
        return aliases;
    }
}
