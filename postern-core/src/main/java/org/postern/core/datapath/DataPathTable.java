package org.postern.core.datapath;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deployment's data path table, assembled only from what its components declare
 * ({@link DataPathSource}), and printed in the reference's columns: Data path, Required
 * ports, Default authentication, Supported authentication, Encryption supported?, Encrypted
 * by default?
 */
public final class DataPathTable {

    /** The reference's column headings, in its order. */
    public static final List<String> COLUMNS = List.of(
            "Data path", "Required ports", "Default authentication",
            "Supported authentication", "Encryption supported?", "Encrypted by default?");

    private final List<DataPath> rows;

    private DataPathTable(List<DataPath> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * Collects the declarations of every source. Two sources may declare the same row (two
     * listeners of one path, such as 587 and 465): their ports and methods are merged.
     */
    public static DataPathTable assemble(Collection<? extends DataPathSource> sources) {
        Map<String, DataPath> byId = new LinkedHashMap<>();
        for (DataPathSource source : sources) {
            for (DataPath path : source.dataPaths()) {
                byId.merge(path.id(), path, DataPathTable::merge);
            }
        }
        return new DataPathTable(new ArrayList<>(byId.values()));
    }

    private static DataPath merge(DataPath a, DataPath b) {
        if (a.carrier() != b.carrier() || a.encryption() != b.encryption()) {
            throw new IllegalStateException("data path " + a.id() + " declared twice, differently");
        }
        return new DataPath(a.row(), a.protocol(), a.carrier(),
                union(a.ports(), b.ports()), union(a.defaultAuth(), b.defaultAuth()),
                union(a.supportedAuth(), b.supportedAuth()), a.encryption(),
                a.encryptedByDefault() && b.encryptedByDefault());
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        b.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }

    public List<DataPath> rows() {
        return rows;
    }

    /** The six reference cells of a row, as text. */
    public static List<String> cells(DataPath p) {
        boolean inProcess = p.carrier() == Carrier.IN_PROCESS;
        return List.of(
                p.name(),
                inProcess ? "in-process" : p.ports().stream().map(Port::toString).collect(Collectors.joining(", ")),
                inProcess ? "none (in-process call)" : names(p.defaultAuth()),
                inProcess ? "none (in-process call)" : names(p.supportedAuth()),
                inProcess ? "not needed (in-process call)"
                        : p.encryption() == Encryption.NONE ? "No" : "Yes, " + p.encryption().referenceName(),
                inProcess ? "n/a" : p.encryptedByDefault() ? "Yes" : "No");
    }

    private static String names(List<AuthMethod> methods) {
        return methods.stream().map(AuthMethod::referenceName).collect(Collectors.joining(", "));
    }

    /** A plain-text table with aligned columns. */
    public String toText() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(COLUMNS);
        rows.forEach(r -> lines.add(cells(r)));
        int[] width = new int[COLUMNS.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            appendAligned(out, lines.get(n), width);
            if (n == 0) {
                List<String> rule = new ArrayList<>();
                for (int w : width) {
                    rule.add("-".repeat(w));
                }
                appendAligned(out, rule, width);
            }
        }
        if (rows.isEmpty()) {
            out.append("(no data paths in the configured roles)\n");
        }
        return out.toString();
    }

    private static void appendAligned(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(String.format("%-" + width[i] + "s", cells.get(i)));
            if (i < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** A Markdown table, as the reference's tables would be written in a document. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        out.append("|").append(" --- |".repeat(COLUMNS.size())).append('\n');
        for (DataPath row : rows) {
            out.append("| ").append(cells(row).stream().map(c -> c.replace("|", "\\|"))
                    .collect(Collectors.joining(" | "))).append(" |\n");
        }
        return out.toString();
    }

    /** Every field of every row, for tools and tests. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (DataPath p : rows) {
            ObjectNode o = array.addObject();
            o.put("id", p.id());
            o.put("path", p.name());
            o.put("protocol", p.protocol());
            o.put("carrier", p.carrier().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            ArrayNode ports = o.putArray("ports");
            p.ports().forEach(port -> ports.add(port.toString()));
            ArrayNode referencePorts = o.putArray("reference_ports");
            p.ports().forEach(port -> referencePorts.add(port.referenceForm()));
            ArrayNode defaults = o.putArray("default_auth");
            p.defaultAuth().forEach(a -> defaults.add(a.referenceName()));
            ArrayNode supported = o.putArray("supported_auth");
            p.supportedAuth().forEach(a -> supported.add(a.referenceName()));
            o.put("encryption", p.encryption().referenceName());
            o.put("encrypted_by_default", p.encryptedByDefault());
        }
        try {
            return mapper.writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
