package org.postern.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL on {@code accepted_domain}. Domain names are normalized by the caller. */
final class DomainRows {

    private DomainRows() {
    }

    static boolean exists(Connection c, String domain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM accepted_domain WHERE name = ?")) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    static List<String> list(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM accepted_domain ORDER BY name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    static void insert(Connection c, String domain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO accepted_domain (name) VALUES (?)")) {
            s.setString(1, domain);
            s.executeUpdate();
        }
    }

    static void delete(Connection c, String domain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM accepted_domain WHERE name = ?")) {
            s.setString(1, domain);
            s.executeUpdate();
        }
    }

    /** How many users, aliases and groups have an address in the domain. */
    static int addressCount(Connection c, String domain) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM directory_address WHERE domain = ?")) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
