import Foundation

/// A readable document in the seed's layout — numbered sections, item ids with their questions,
/// answers quoted under them — for review and for pasting into Word.
public enum MarkdownExporter {
    public static func render(_ submission: Submission, exportedAt: Timestamp) -> String {
        let q = submission.questionnaire
        var lines: [String] = [
            "# \(q.title)",
            "",
            "- 質問票: \(q.id) \(q.version)",
            "- 出力日時: \(exportedAt)",
            "",
            "## 回答者",
            "",
            "| 項目 | 回答 |",
            "|---|---|",
        ]
        for (field, value) in submission.respondent {
            lines.append("| \(tableCell(field.label ?? field.name)) | \(tableCell(value.displayText(unit: field.unit))) |")
        }
        var previousSection: String?
        for entry in submission.entries {
            if entry.section.id != previousSection {
                lines += sectionHeadings(for: entry.section, in: q, after: previousSection)
                previousSection = entry.section.id
            }
            lines += ["", "**\(entry.item.id)** \(entry.item.question)", ""]
            guard entry.applies else {
                lines.append("（該当なし）")
                continue
            }
            if entry.item.isCompound {
                for (field, value) in entry.values {
                    lines += ["- \(field.label ?? field.name)", ""]
                    lines += quoted(value.displayText(unit: field.unit))
                    lines.append("")
                }
                lines.removeLast()
            } else if let value = entry.values.first {
                lines += quoted(value.value.displayText(unit: value.field.unit))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The headings to open `section`: its parent's heading too when the parent changes.
    static func sectionHeadings(for section: Section, in questionnaire: Questionnaire, after previous: String?) -> [String] {
        let path = ancestors(of: section.id, in: questionnaire.sections) ?? [section]
        let previousPath = previous.flatMap { ancestors(of: $0, in: questionnaire.sections) } ?? []
        var lines: [String] = []
        for (depth, node) in path.enumerated() where depth >= previousPath.count || previousPath[depth].id != node.id {
            lines += ["", String(repeating: "#", count: min(depth + 2, 6)) + " " + node.heading]
        }
        return lines
    }

    static func ancestors(of id: String, in sections: [Section]) -> [Section]? {
        for section in sections {
            if section.id == id { return [section] }
            if let path = ancestors(of: id, in: section.sections) { return [section] + path }
        }
        return nil
    }

    /// Each line of an answer as a quote; an empty answer reads （回答なし）.
    static func quoted(_ text: String) -> [String] {
        guard !text.isEmpty else { return ["（回答なし）"] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> \($0)" }
    }

    static func tableCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}
