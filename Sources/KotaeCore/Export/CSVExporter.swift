import Foundation

/// One row per item or sub-field, RFC 4180 (CRLF, quoted where needed), UTF-8 with a byte
/// order mark so Excel on Japanese Windows reads it as UTF-8 rather than Shift_JIS.
public enum CSVExporter {
    public static let header = ["項目ID", "欄", "欄名", "質問", "状態", "回答"]

    public static func render(_ submission: Submission) -> Data {
        var rows: [[String]] = [header]
        for (field, value) in submission.respondent {
            rows.append([Item.respondentID, field.name, field.label ?? "", "回答者", "answered", value.displayText(unit: field.unit)])
        }
        for entry in submission.entries {
            guard entry.applies else {
                rows.append([entry.item.id, "", "", entry.item.question, "not-applicable", ""])
                continue
            }
            for (field, value) in entry.values {
                let status = value == .none ? "skipped" : "answered"
                rows.append([entry.item.id, field.name, field.label ?? "", entry.item.question, status, value.displayText(unit: field.unit)])
            }
        }
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(rows.map { $0.map(quote).joined(separator: ",") + "\r\n" }.joined().utf8))
        return data
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
