package org.netspec.report;

import java.util.ArrayList;
import java.util.List;
import org.netspec.spec.VisibleText;

/**
 * A table of text cells with left- or right-aligned columns, rendered as aligned text, Markdown
 * or CSV. Reports build tables; they never pad strings themselves. Invisible and control
 * characters in cells are written as escapes ({@link VisibleText}).
 */
public final class Table {
    private final List<String> headers;
    private final List<Boolean> rightAligned;
    private final List<List<Object>> rows = new ArrayList<>();
    private final List<Integer> separatorsBefore = new ArrayList<>();

    /** Columns whose header starts with '>' are right-aligned (numbers); the '>' is dropped. */
    public Table(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new ArrayList<>();
        for (String h : headers) {
            boolean right = h.startsWith(">");
            this.headers.add(VisibleText.escape(right ? h.substring(1) : h));
            this.rightAligned.add(right);
        }
    }

    /**
     * A row of cells: text, whole numbers or {@link ByteSize}s, which text, Markdown and HTML
     * show for people (grouped digits, KiB and MiB) and CSV writes as they are.
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    private static String shown(Object cell) {
        return cell instanceof Long || cell instanceof Integer ? Numbers.grouped(((Number) cell).longValue())
                : VisibleText.escape(cell.toString());
    }

    /** A rule before the next row (used before totals). */
    public Table rule() {
        separatorsBefore.add(rows.size());
        return this;
    }

    public String text() {
        int[] width = widths();
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        dashes(sb, width);
        for (int i = 0; i < rows.size(); i++) {
            if (separatorsBefore.contains(i)) {
                dashes(sb, width);
            }
            line(sb, rows.get(i).stream().map(Table::shown).toList(), width);
        }
        return sb.toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", headers.stream().map(Table::escapeMarkdown).toList())).append(" |\n");
        sb.append('|');
        for (int c = 0; c < headers.size(); c++) {
            sb.append(rightAligned.get(c) ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<Object> row : rows) {
            sb.append("| ").append(String.join(" | ", row.stream().map(c -> escapeMarkdown(shown(c))).toList())).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The same table with a first column holding one value on every row: what a CSV needs to
     * carry context (the profile) that other formats print above the table.
     */
    public Table withLeadingColumn(String header, String value) {
        List<String> h = new ArrayList<>();
        h.add(header);
        for (int c = 0; c < headers.size(); c++) {
            h.add((rightAligned.get(c) ? ">" : "") + headers.get(c));
        }
        Table t = new Table(h.toArray(String[]::new));
        for (int i = 0; i < rows.size(); i++) {
            if (separatorsBefore.contains(i)) {
                t.rule();
            }
            List<Object> cells = new ArrayList<>();
            cells.add(value);
            cells.addAll(rows.get(i));
            t.row(cells.toArray());
        }
        return t;
    }

    /** RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", headers.stream().map(Table::escapeCsv).toList())).append("\r\n");
        for (List<Object> row : rows) {
            sb.append(String.join(",", row.stream().map(c -> escapeCsv(c instanceof ByteSize b ? Long.toString(b.bytes())
                    : VisibleText.escape(c.toString()))).toList())).append("\r\n");
        }
        return sb.toString();
    }

    /** An HTML table; numeric columns carry class "num" so a style sheet can right-align them. */
    public String html(String cssClass) {
        StringBuilder sb = new StringBuilder("<table class=\"").append(Html.escape(cssClass)).append("\">\n<thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            sb.append(rightAligned.get(c) ? "<th class=\"num\">" : "<th>").append(Html.escape(headers.get(c))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(separatorsBefore.contains(i) ? "<tr class=\"total\">" : "<tr>");
            List<Object> row = rows.get(i);
            for (int c = 0; c < row.size(); c++) {
                sb.append(rightAligned.get(c) ? "<td class=\"num\">" : "<td>").append(Html.escape(shown(row.get(c))))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private int[] widths() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<Object> row : rows) {
                width[c] = Math.max(width[c], shown(row.get(c)).length());
            }
        }
        return width;
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(rightAligned.get(c) ? pad + cell : cell + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static void dashes(StringBuilder sb, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append("-".repeat(width[c]));
        }
        sb.append(line).append('\n');
    }

    private static String escapeMarkdown(String s) {
        return s.replace("|", "\\|");
    }

    private static String escapeCsv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
