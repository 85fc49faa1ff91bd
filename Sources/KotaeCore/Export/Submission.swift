import Foundation

/// A complete draft seen as what will be submitted: the applicable items in definition order with
/// their values read for meaning. Built only from a complete draft, so every exporter works from
/// checked data and none can export an incomplete submission by accident.
public struct Submission: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var item: Item
        public var section: Section
        public var applies: Bool
        /// One value per field of the item, in definition order (empty when it does not apply).
        public var values: [(field: Field, value: SubmittedValue)]

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.item == rhs.item && lhs.applies == rhs.applies
                && lhs.values.map(\.value) == rhs.values.map(\.value)
        }
    }

    public var questionnaire: Questionnaire
    public var draftName: String
    public var respondent: [(field: Field, value: SubmittedValue)]
    public var entries: [Entry]

    public static func == (lhs: Submission, rhs: Submission) -> Bool {
        lhs.questionnaire == rhs.questionnaire && lhs.draftName == rhs.draftName
            && lhs.respondent.map(\.value) == rhs.respondent.map(\.value) && lhs.entries == rhs.entries
    }

    /// Refuses with every shortfall when the draft is not complete.
    public init(questionnaire: Questionnaire, draft: Draft) throws {
        let shortfalls = questionnaire.shortfalls(draft.answers)
        guard shortfalls.isEmpty else {
            throw KotaeError.incomplete(draft: draft.name, shortfalls: shortfalls.map(\.description))
        }
        self.questionnaire = questionnaire
        draftName = draft.name
        func values(of item: Item) -> [(field: Field, value: SubmittedValue)] {
            item.fields.map { ($0, SubmittedValue($0, draft.answers.value(item: item.id, field: $0.name))) }
        }
        respondent = values(of: questionnaire.respondent)
        var entries: [Entry] = []
        func collect(_ section: Section) {
            for item in section.items {
                let applies = questionnaire.applies(item, answers: draft.answers)
                entries.append(Entry(item: item, section: section, applies: applies, values: applies ? values(of: item) : []))
            }
            section.sections.forEach(collect)
        }
        questionnaire.sections.forEach(collect)
        self.entries = entries
    }
}

/// A validated answer, typed for export.
public enum SubmittedValue: Sendable, Equatable {
    case none
    case text(String)
    case integer(Int)
    case date(String)
    /// The option chosen in a choice field.
    case option(ChosenOption)
    /// The options chosen in a multi field, in the order of the definition.
    case options([ChosenOption])

    public struct ChosenOption: Sendable, Equatable {
        public var id: String
        public var label: String
        /// The free text of an "その他" option.
        public var text: String?

        var displayText: String { text.map { "\(label)（\($0)）" } ?? label }
    }

    init(_ field: Field, _ value: FieldValue) {
        if value.isEmpty {
            self = .none
            return
        }
        switch field.kind {
        case .text, .line: self = .text(value.text)
        case .integer: self = Validator.parseInteger(value.text.trimmingCharacters(in: .whitespaces)).map(SubmittedValue.integer) ?? .text(value.text)
        case .date: self = .date(value.text)
        case .choice(let options), .multi(let options):
            let chosen = options.filter { value.selected.contains($0.id) }
                .map { ChosenOption(id: $0.id, label: $0.label, text: $0.takesText ? value.text : nil) }
            if case .choice = field.kind, let first = chosen.first {
                self = .option(first)
            } else {
                self = .options(chosen)
            }
        }
    }

    /// How the value reads in a document or a spreadsheet cell.
    public func displayText(unit: String? = nil) -> String {
        switch self {
        case .none: return ""
        case .text(let text), .date(let text): return text
        case .integer(let number): return "\(number)\(unit ?? "")"
        case .option(let option): return option.displayText
        case .options(let chosen): return chosen.map(\.displayText).joined(separator: "、")
        }
    }
}

extension Field {
    var unit: String? {
        if case .integer(let rules) = kind { return rules.unit }
        return nil
    }
}
