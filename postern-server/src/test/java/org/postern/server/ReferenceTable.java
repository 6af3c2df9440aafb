package org.postern.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's data path table as {@code ../shared/reference/datapaths.yaml} gives it,
 * read at test time, and the check of a row Postern reports against that row's
 * {@code target}.
 */
final class ReferenceTable {

    private final Map<String, JsonNode> rows = new HashMap<>();

    private ReferenceTable(JsonNode root) {
        root.properties().forEach(section -> section.getValue().forEach(row -> rows.put(row.get("id").asText(), row)));
    }

    static ReferenceTable load() throws IOException {
        String dir = System.getProperty("postern.shared.dir", "../../shared");
        Path file = Path.of(dir, "reference", "datapaths.yaml");
        if (!Files.exists(file)) {
            file = Path.of("..", "..", "shared", "reference", "datapaths.yaml");
        }
        if (!Files.exists(file)) {
            throw new AssertionError("the reference table is missing: " + file.toAbsolutePath()
                    + " (../shared must lie beside the project's root)");
        }
        return new ReferenceTable(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    }

    int size() {
        return rows.size();
    }

    /**
     * What differs between a row as Postern reports it ({@code postern datapaths --format
     * json}) and the reference's target for it; empty when the row conforms. A path that is a
     * method call between roles of one process puts nothing on a wire and conforms by
     * construction (DESIGN.md, "Roles"), as long as the row exists and has a target.
     */
    List<String> differences(JsonNode reported) {
        List<String> diffs = new ArrayList<>();
        String id = reported.get("id").asText();
        JsonNode row = rows.get(id);
        if (row == null) {
            return List.of(id + ": no such row in the reference");
        }
        JsonNode target = row.get("target");
        if (target == null || target.isNull()) {
            return List.of(id + ": the reference gives this path no target, yet Postern reports it");
        }
        if (!row.get("path").asText().equals(reported.get("path").asText())) {
            diffs.add(id + ": path text '" + reported.get("path").asText() + "' is not the reference's '" + row.get("path").asText() + "'");
        }
        if (reported.get("carrier").asText().equals("in-process")) {
            if (!reported.get("ports").isEmpty()) {
                diffs.add(id + ": an in-process path reports ports");
            }
            return diffs;
        }
        comparePorts(diffs, id, set(target.get("ports")), set(reported.get("reference_ports")),
                target.get("encryption").asText());
        compareAuth(diffs, id, "default_auth", set(target.get("default_auth")), set(reported.get("default_auth")));
        compareAuth(diffs, id, "supported_auth", set(target.get("supported_auth")), set(reported.get("supported_auth")));
        if (!set(reported.get("supported_auth")).containsAll(set(reported.get("default_auth")))) {
            diffs.add(id + ": default_auth " + set(reported.get("default_auth")) + " is not within its supported_auth "
                    + set(reported.get("supported_auth")));
        }
        compare(diffs, id, "encryption", Set.of(target.get("encryption").asText()), Set.of(reported.get("encryption").asText()));
        compare(diffs, id, "encrypted_by_default", Set.of(target.get("encrypted_by_default").asText()),
                Set.of(reported.get("encrypted_by_default").asText()));
        return diffs;
    }

    /**
     * The target's supported methods a row does not report: methods still to be built. Not a
     * failure — conformance tests print them — as long as {@link #differences} finds nothing
     * outside the target.
     */
    List<String> notYetBuilt(JsonNode reported) {
        return missing(reported, "supported_auth", "not yet built");
    }

    /**
     * The target's default methods a row supports but does not offer in this deployment's
     * configuration (NTLM until {@code directory.ntlm: true}; Kerberos until a domain gives the
     * KDC its realm): the truth of the default column, printed, not a failure. A default method
     * the row does not even support is {@linkplain #notYetBuilt not yet built}.
     */
    List<String> offByDefault(JsonNode reported) {
        return missing(reported, "default_auth", "off by default");
    }

    /** The target's methods of {@code field} the row lacks; for defaults, only those the row supports. */
    private List<String> missing(JsonNode reported, String field, String why) {
        JsonNode row = rows.get(reported.get("id").asText());
        if (row == null || row.get("target") == null || row.get("target").isNull()
                || reported.get("carrier").asText().equals("in-process")) {
            return List.of();
        }
        Set<String> absent = set(row.get("target").get(field));
        absent.removeAll(set(reported.get(field)));
        if (field.equals("default_auth")) {
            absent.retainAll(set(reported.get("supported_auth"))); // the rest is not yet built
        }
        return absent.isEmpty() ? List.of() : List.of(reported.get("id").asText() + ": " + field + " " + absent + " " + why);
    }

    /**
     * An authentication set conforms when it is a non-empty subset of the target's: a method
     * the target names but the row lacks is {@linkplain #notYetBuilt not yet built} or
     * {@linkplain #offByDefault off by default}; a method outside the target (a weaker one) is a
     * difference.
     */
    private static void compareAuth(List<String> diffs, String id, String field, Set<String> target, Set<String> reported) {
        if (!target.containsAll(reported) || reported.isEmpty() != target.isEmpty()) {
            diffs.add(id + ": " + field + " is " + reported + ", the target is " + target);
        }
    }

    /**
     * Implicit-TLS twins of a target's StartTLS ports (RFC 8314's view: TLS from the first
     * byte is at least as strong as upgrading): a row encrypted by TLS may listen on them too.
     */
    private static final Map<String, String> IMPLICIT_TLS_TWINS = Map.of("389/tcp", "636/tcp");

    /**
     * The ports must be the target's, except that a TLS row may add the implicit-TLS twin of
     * one of its ports; nothing else, and none of the target's missing.
     */
    private static void comparePorts(List<String> diffs, String id, Set<String> target, Set<String> reported, String encryption) {
        Set<String> allowed = new LinkedHashSet<>(target);
        if (encryption.equals("tls")) {
            target.forEach(p -> {
                if (IMPLICIT_TLS_TWINS.containsKey(p)) {
                    allowed.add(IMPLICIT_TLS_TWINS.get(p));
                }
            });
        }
        if (!reported.containsAll(target) || !allowed.containsAll(reported)) {
            diffs.add(id + ": ports is " + reported + ", the target is " + target);
        }
    }

    private static void compare(List<String> diffs, String id, String field, Set<String> target, Set<String> reported) {
        if (!target.equals(reported)) {
            diffs.add(id + ": " + field + " is " + reported + ", the target is " + target);
        }
    }

    /** A YAML scalar or list as a set of strings. */
    private static Set<String> set(JsonNode node) {
        Set<String> values = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
