/// A questionnaire definition as loaded from YAML (see docs/questionnaire-format.md).
/// Values only: loading and linting live in `DefinitionLoader`.
public struct Questionnaire: Sendable, Equatable {
    public var id: String
    public var version: String
    public var title: String
    /// SHA-256 (hex) of the definition file's bytes; a draft records it to notice a changed definition.
    public var sha256: String
    /// The respondent block (事業者名, 部署, …), modelled as an item so it is answered,
    /// validated and exported the same way as the questions.
    public private(set) var respondent: Item
    public private(set) var sections: [Section]
    /// The questions in definition order (depth first through the sections). Kept, not
    /// recomputed: the screen asks for them on every key.
    public let items: [Item]
    /// The respondent block followed by every question: everything a draft can hold.
    public let answerableItems: [Item]
    private let positions: [String: Int]

    public init(id: String, version: String, title: String, sha256: String, respondent: Item, sections: [Section]) {
        self.id = id
        self.version = version
        self.title = title
        self.sha256 = sha256
        self.respondent = respondent
        self.sections = sections
        items = sections.flatMap(\.allItems)
        answerableItems = [respondent] + items
        var positions: [String: Int] = [:]
        for (index, item) in answerableItems.enumerated() where positions[item.id] == nil { positions[item.id] = index }
        self.positions = positions
    }

    /// The item's index in `answerableItems`.
    public func position(of id: String) -> Int? { positions[id] }

    public func item(_ id: String) -> Item? { positions[id].map { answerableItems[$0] } }

    public static func == (lhs: Questionnaire, rhs: Questionnaire) -> Bool {
        lhs.id == rhs.id && lhs.version == rhs.version && lhs.title == rhs.title && lhs.sha256 == rhs.sha256
            && lhs.respondent == rhs.respondent && lhs.sections == rhs.sections
    }
}

public struct Section: Sendable, Equatable {
    public var id: String
    /// The numbering shown before the title, as in the seed: "1." or "(1)".
    public var label: String?
    public var title: String
    public var items: [Item]
    public var sections: [Section]

    public init(id: String, label: String?, title: String, items: [Item], sections: [Section]) {
        self.id = id
        self.label = label
        self.title = title
        self.items = items
        self.sections = sections
    }

    public var heading: String { label.map { "\($0) \(title)" } ?? title }

    public var allItems: [Item] { items + sections.flatMap(\.allItems) }
}

/// One item of the questionnaire, as the definition gives it; never changed once loaded. Its
/// parts are kept in one shared object, as a `Field`'s are: the UI reads the current item several
/// times per key, and each copy retained and released every string and list in it.
public struct Item: Sendable, Equatable {
    public static let respondentID = "respondent"

    private final class Parts: Sendable {
        let id: String
        let question: String
        let headline: String
        let help: String?
        let fields: [Field]
        let condition: Condition?

        init(id: String, question: String, help: String?, fields: [Field], condition: Condition?) {
            self.id = id
            self.question = question
            self.headline = Item.firstLine(of: question)
            self.help = help
            self.fields = fields
            self.condition = condition
        }
    }

    private let parts: Parts

    public var id: String { parts.id }
    public var question: String { parts.question }
    /// The question's first line: what lists show, kept so they need not split the question.
    public var headline: String { parts.headline }
    public var help: String? { parts.help }
    /// A simple item has one field whose name is empty; a compound item has named sub-fields.
    public var fields: [Field] { parts.fields }
    /// Nil means the item always applies.
    public var condition: Condition? { parts.condition }

    public init(id: String, question: String, help: String? = nil, fields: [Field], condition: Condition? = nil) {
        parts = Parts(id: id, question: question, help: help, fields: fields, condition: condition)
    }

    /// The same item with `condition` (the loader resolves conditions once every item is read).
    public func with(condition: Condition?) -> Item {
        Item(id: id, question: question, help: help, fields: fields, condition: condition)
    }

    public static func == (lhs: Item, rhs: Item) -> Bool {
        lhs.parts === rhs.parts
            || (lhs.id == rhs.id && lhs.question == rhs.question && lhs.help == rhs.help && lhs.fields == rhs.fields
                && lhs.condition == rhs.condition)
    }

    /// The first line that is not empty (all of `text` if there is none), found in its UTF-8
    /// bytes: by `Character`s or even by scalars, the questions' lines showed in the start-up
    /// profile. A line break is one of the scalars `isNewline` holds for (CR LF is two of them);
    /// no byte inside another character's UTF-8 can be taken for one.
    static func firstLine(of text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            func breakLength(at index: Int) -> Int {
                switch bytes[index] {
                case 0x0A...0x0D: return 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2  // U+0085
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (0xA8...0xA9).contains(bytes[index + 2]):
                    return 3  // U+2028, U+2029
                default: return 0
                }
            }
            var start = 0
            while start < bytes.count, case let length = breakLength(at: start), length > 0 { start += length }
            guard start < bytes.count else { return String(decoding: bytes, as: UTF8.self) }
            var end = start
            while end < bytes.count && breakLength(at: end) == 0 { end += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    public var isCompound: Bool { !(fields.count == 1 && fields[0].name.isEmpty) }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// "2-10.method" for a sub-field, "2-10" for a simple item's only field.
    public func path(of field: Field) -> String { field.name.isEmpty ? id : "\(id).\(field.name)" }
}

/// One field of an item, as the definition gives it; never changed once loaded.
///
/// Its parts are kept in one shared object. The UI looks a field up and hands it around several
/// times per key, and each copy of the five parts retained and released every string and list in
/// them; a copy is now one reference.
public struct Field: Sendable, Equatable {
    private final class Parts: Sendable {
        let name: String
        let label: String?
        let help: String?
        let kind: FieldKind
        let required: Bool

        init(name: String, label: String?, help: String?, kind: FieldKind, required: Bool) {
            self.name = name
            self.label = label
            self.help = help
            self.kind = kind
            self.required = required
        }
    }

    private let parts: Parts

    public var name: String { parts.name }
    public var label: String? { parts.label }
    public var help: String? { parts.help }
    public var kind: FieldKind { parts.kind }
    public var required: Bool { parts.required }

    public init(name: String, label: String? = nil, help: String? = nil, kind: FieldKind, required: Bool = true) {
        parts = Parts(name: name, label: label, help: help, kind: kind, required: required)
    }

    public static func == (lhs: Field, rhs: Field) -> Bool {
        lhs.parts === rhs.parts
            || (lhs.name == rhs.name && lhs.label == rhs.label && lhs.help == rhs.help && lhs.kind == rhs.kind
                && lhs.required == rhs.required)
    }

    public var options: [ChoiceOption] {
        switch kind {
        case .choice(let options), .multi(let options): return options
        default: return []
        }
    }

    public func option(_ id: String) -> ChoiceOption? { options.first { $0.id == id } }
}

public enum FieldKind: Sendable, Equatable {
    /// Multi-line text.
    case text(TextRules)
    /// One line of text.
    case line(TextRules)
    case choice([ChoiceOption])
    case multi([ChoiceOption])
    case integer(IntegerRules)
    /// A calendar date written YYYY-MM-DD.
    case date

    /// Whether only half-width characters make sense in it (an e-mail address, a telephone
    /// number, a date, a number): what arrives full-width is made half-width as it is typed.
    public var takesHalfWidth: Bool {
        switch self {
        case .date, .integer: return true
        case .line(let rules), .text(let rules): return rules.format != nil
        case .choice, .multi: return false
        }
    }

    public var typeName: String {
        switch self {
        case .text: return "text"
        case .line: return "line"
        case .choice: return "choice"
        case .multi: return "multi"
        case .integer: return "integer"
        case .date: return "date"
        }
    }

    public var isOptionList: Bool {
        switch self {
        case .choice, .multi: return true
        default: return false
        }
    }
}

/// Lengths count `Character`s (grapheme clusters), as a person counts them.
public struct TextRules: Sendable, Equatable {
    public var minLength: Int?
    public var maxLength: Int?
    public var format: TextFormat?
    /// A regular expression the whole answer must match.
    public var pattern: String?

    public init(minLength: Int? = nil, maxLength: Int? = nil, format: TextFormat? = nil, pattern: String? = nil) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.format = format
        self.pattern = pattern
    }
}

public enum TextFormat: String, Sendable, Equatable, CaseIterable {
    case email
    case phone
}

public struct IntegerRules: Sendable, Equatable {
    public var min: Int?
    public var max: Int?
    /// Shown after the number, e.g. 件.
    public var unit: String?

    public init(min: Int? = nil, max: Int? = nil, unit: String? = nil) {
        self.min = min
        self.max = max
        self.unit = unit
    }
}

public struct ChoiceOption: Sendable, Equatable {
    public var id: String
    public var label: String
    /// An "その他" option: choosing it asks for free text.
    public var takesText: Bool

    public init(id: String, label: String, takesText: Bool = false) {
        self.id = id
        self.label = label
        self.takesText = takesText
    }
}
