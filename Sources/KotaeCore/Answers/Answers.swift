/// What a respondent entered in one field. Kept raw: an integer field holds the characters
/// typed ("12a" included) so nothing typed is ever lost; validation reads meaning from it.
public struct FieldValue: Sendable, Equatable, Codable {
    /// The typed text: the answer of text/line/integer/date fields, the free text of an
    /// "その他" option in choice/multi fields.
    public var text: String
    /// Chosen option ids (at most one for a choice field), in the order chosen.
    public var selected: [String]

    public init(text: String = "", selected: [String] = []) {
        self.text = text
        self.selected = selected
    }

    public static let empty = FieldValue()

    public var isEmpty: Bool { text.isEmpty && selected.isEmpty }

    enum CodingKeys: String, CodingKey { case text, selected }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        selected = try container.decodeIfPresent([String].self, forKey: .selected) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !text.isEmpty { try container.encode(text, forKey: .text) }
        if !selected.isEmpty { try container.encode(selected, forKey: .selected) }
    }
}

/// The answers of one item, with when they last changed.
public struct ItemAnswer: Sendable, Equatable, Codable {
    /// Field name ("" for a simple item) → value.
    public var fields: [String: FieldValue]
    public var updatedAt: Timestamp?

    public init(fields: [String: FieldValue] = [:], updatedAt: Timestamp? = nil) {
        self.fields = fields
        self.updatedAt = updatedAt
    }
}

/// Every answer of a draft, keyed by item id. Answers of items that no longer apply stay here
/// (the respondent may flip the deciding answer back); export leaves them out.
public struct Answers: Sendable, Equatable {
    public var items: [String: ItemAnswer]

    public init(items: [String: ItemAnswer] = [:]) {
        self.items = items
    }

    public func value(item: String, field: String) -> FieldValue {
        items[item]?.fields[field] ?? .empty
    }

    public mutating func set(item: String, field: String, to value: FieldValue, at time: Timestamp?) {
        var answer = items[item] ?? ItemAnswer()
        answer.fields[field] = value.isEmpty ? nil : value
        answer.updatedAt = time
        items[item] = answer
    }

    public func hasAnyValue(item: String) -> Bool {
        items[item]?.fields.values.contains { !$0.isEmpty } ?? false
    }
}
