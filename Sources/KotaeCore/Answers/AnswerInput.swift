import Foundation

/// Turns what a person writes on a command line into a field value: option ids or labels for
/// choices ("entrusted" or "個人データの委託として扱っている"), comma-separated for multi.
/// Text-like values are kept exactly; whether they are valid is for validation to say.
public enum AnswerInput {
    public static func value(_ input: String, other: String?, for field: Field, path: String) throws -> FieldValue {
        switch field.kind {
        case .text, .line, .integer, .date:
            if other != nil { throw KotaeError.badValue(path: path, reason: "--other applies only to choice and multi fields") }
            return FieldValue(text: input)
        case .choice(let options), .multi(let options):
            let wanted = input.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var selected: [String] = []
            for word in wanted {
                guard let option = options.first(where: { $0.id == word || $0.label == word }) else {
                    let known = options.map { "\($0.id) (\($0.label))" }.joined(separator: ", ")
                    throw KotaeError.badValue(path: path, reason: "'\(word)' is not one of its options: \(known)")
                }
                if !selected.contains(option.id) { selected.append(option.id) }
            }
            if case .choice = field.kind, selected.count > 1 {
                throw KotaeError.badValue(path: path, reason: "it takes one option, not \(selected.count)")
            }
            let takesText = options.contains { selected.contains($0.id) && $0.takesText }
            if other != nil && !takesText {
                throw KotaeError.badValue(path: path, reason: "--other needs an option that takes text (such as その他)")
            }
            return FieldValue(text: other ?? "", selected: selected)
        }
    }
}
