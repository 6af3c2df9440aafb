package org.postern.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.DistributionGroup;

/** SQL on {@code distribution_group} and {@code group_member}. */
final class GroupRows {

    private static final String SELECT = "SELECT a.address, g.display_name, m.member_address"
            + " FROM distribution_group g JOIN directory_address a ON a.canonical = g.canonical"
            + " LEFT JOIN group_member m ON m.group_canonical = g.canonical";

    private GroupRows() {
    }

    static Optional<DistributionGroup> byAddress(Connection c, EmailAddress address) throws SQLException {
        return query(c, SELECT + " WHERE g.canonical = ? ORDER BY m.position", address.canonical()).stream().findFirst();
    }

    static List<DistributionGroup> list(Connection c) throws SQLException {
        return query(c, SELECT + " ORDER BY g.canonical, m.position", null);
    }

    static void insert(Connection c, EmailAddress address, String displayName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO distribution_group (canonical, display_name) VALUES (?, ?)")) {
            s.setString(1, address.canonical());
            s.setString(2, displayName);
            s.executeUpdate();
        }
    }

    static boolean isMember(Connection c, EmailAddress group, EmailAddress member) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM group_member WHERE group_canonical = ? AND member_canonical = ?")) {
            s.setString(1, group.canonical());
            s.setString(2, member.canonical());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    static void addMember(Connection c, EmailAddress group, EmailAddress member) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO group_member"
                + " (group_canonical, member_canonical, member_address, position)"
                + " SELECT ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM group_member WHERE group_canonical = ?")) {
            s.setString(1, group.canonical());
            s.setString(2, member.canonical());
            s.setString(3, member.toString());
            s.setString(4, group.canonical());
            s.executeUpdate();
        }
    }

    /** Removes a membership; false if there was none. */
    static boolean removeMember(Connection c, EmailAddress group, EmailAddress member) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM group_member WHERE group_canonical = ? AND member_canonical = ?")) {
            s.setString(1, group.canonical());
            s.setString(2, member.canonical());
            return s.executeUpdate() == 1;
        }
    }

    private static List<DistributionGroup> query(Connection c, String sql, String key) throws SQLException {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<EmailAddress>> members = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (key != null) {
                s.setString(1, key);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String address = r.getString(1);
                    names.putIfAbsent(address, r.getString(2));
                    List<EmailAddress> list = members.computeIfAbsent(address, a -> new ArrayList<>());
                    String member = r.getString(3);
                    if (member != null) {
                        list.add(AddressRows.read(member));
                    }
                }
            }
        }
        List<DistributionGroup> groups = new ArrayList<>();
        names.forEach((address, name) -> groups.add(new DistributionGroup(AddressRows.read(address), name, members.get(address))));
        return groups;
    }
}
