import Crypto
import Foundation
import Yams

/// Reads a questionnaire definition (YAML) into a `Questionnaire`, linting as it goes.
/// Every problem is collected with its line and column; a definition with any problem is refused
/// whole, so a broken definition never reaches the UI.
public enum DefinitionLoader {
    /// Above this many YAML nodes a file is refused: it guards against alias bombs, which expand
    /// a few lines into billions of nodes. The bundled questionnaire has about 400.
    public static let nodeBudget = 500_000
    /// A definition larger than this is refused before parsing, which bounds the time and memory
    /// a hostile file can cost (the bundled questionnaire is 12 KB).
    public static let sizeLimit = 4 << 20

    public static func load(path: String) throws -> Questionnaire {
        try load(bytes: FileSystem.read(path), file: path)
    }

    public static func load(bytes: Data, file: String) throws -> Questionnaire {
        guard bytes.count <= sizeLimit else {
            throw DefinitionError(file: file, problems: [
                LintProblem(file: file, line: 1, column: 1,
                            message: "the file is \(bytes.count / 1024) KB; a questionnaire definition may be at most \(sizeLimit / 1024) KB"),
            ])
        }
        // A definition saved on Windows may start with a byte-order mark, which libyaml reads as
        // content ("did not find expected <document start>").
        guard let text = FileSystem.utf8Text(bytes) else {
            let (line, column) = firstInvalidUTF8(bytes)
            throw DefinitionError(file: file, problems: [
                LintProblem(file: file, line: line, column: column, message: "the file is not valid UTF-8 text"),
            ])
        }
        let root: Node?
        do {
            // Every value is read as text and converted here, so Yams need not guess types:
            // its default resolver runs a regular expression per scalar, at every start.
            // UTF-8 named: Yams' default looks for an override in the whole environment, which
            // Foundation builds anew on every call (100,000 instructions and up, at every start).
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw DefinitionError(file: file, problems: [yamlProblem(error, file: file)])
        }
        guard let root else {
            throw DefinitionError(file: file, problems: [
                LintProblem(file: file, line: 1, column: 1, message: "the file is empty"),
            ])
        }
        let digest = SHA256.hash(data: bytes).hexString
        var builder = DefinitionBuilder(file: file)
        let questionnaire = builder.questionnaire(from: root, sha256: digest)
        if let questionnaire, builder.problems.isEmpty { return questionnaire }
        throw DefinitionError(file: file, problems: builder.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    static func yamlProblem(_ error: YamlError, file: String) -> LintProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return LintProblem(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return LintProblem(file: file, line: context.mark.line, column: context.mark.column,
                               message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return LintProblem(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    static func firstInvalidUTF8(_ bytes: Data) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let length = utf8SequenceLength(bytes, at: index)
            guard length > 0 else { break }
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        let prefix = String(decoding: bytes[lineStart..<index], as: UTF8.self)
        return (line, prefix.unicodeScalars.count + 1)
    }

    /// Length of the valid UTF-8 sequence at `index`, or 0 if it is invalid.
    private static func utf8SequenceLength(_ bytes: Data, at index: Data.Index) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.endIndex else { return 0 }
        let slice = bytes[index..<(index + length)]
        return String(validating: slice, as: UTF8.self) == nil ? 0 : length
    }
}

/// Walks the YAML tree once, building the model and collecting problems.
///
/// What a message calls a node ("option 'a' of field 'b' of item 1-1") is passed as an
/// autoclosure and made only for a message: made for every node, the names were a seventh of the
/// builder's work at every start, for files that have no problem.
struct DefinitionBuilder {
    let file: String
    var problems: [LintProblem] = []
    private var nodesSeen = 0
    private var budgetExceeded = false
    /// Items in definition order, with where their `when:` was written (resolved after all items are known).
    private var pendingConditions: [(itemIndex: Int, node: Node)] = []
    private var itemOrder: [String] = []
    /// Position of each item id in `itemOrder` (a file may have many thousands).
    private var itemIndex: [String: Int] = [:]
        private var sectionIDs: Set<String> = []
    private var itemsByID: [String: Item] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func questionnaire(from root: Node, sha256: String) -> Questionnaire? {
        guard let top = mapping(root, what: "the questionnaire",
                                keys: ["id", "version", "title", "source", "respondent", "sections"]) else { return nil }
        let id = requiredText(top, "id", in: "the questionnaire")
        let version = requiredText(top, "version", in: "the questionnaire")
        let title = requiredText(top, "title", in: "the questionnaire")
        _ = optionalText(top, "source", in: "the questionnaire")

        var respondentFields: [Field] = []
        if let node = top["respondent"] {
            respondentFields = fields(node, in: "the respondent block")
        } else {
            report(root, "the questionnaire has no 'respondent' block")
        }
        let respondent = Item(id: Item.respondentID, question: "回答者", fields: respondentFields)
        itemOrder.append(Item.respondentID)
        itemIndex[Item.respondentID] = 0

        var sections: [Section] = []
        if let node = top["sections"] {
            sections = sequence(node, what: "'sections'").compactMap { section($0) }
            if sections.isEmpty { report(node, "the questionnaire has no sections") }
        } else {
            report(root, "the questionnaire has no 'sections'")
        }
        guard !budgetExceeded else { return nil }
        resolveConditions(in: &sections)
        guard let id, let version, let title else { return nil }
        return Questionnaire(id: id, version: version, title: title, sha256: sha256,
                             respondent: respondent, sections: sections)
    }

    // MARK: Sections and items

    private mutating func section(_ node: Node) -> Section? {
        guard let map = mapping(node, what: "a section", keys: Self.sectionKeys) else { return nil }
        let id = requiredID(map, "id", in: "a section")
        func name() -> String { id.map { "section \($0)" } ?? "a section" }  // for messages only
        if let id, let idNode = map["id"] {
            if sectionIDs.contains(id) { report(idNode, "duplicate section id '\(id)'") }
            sectionIDs.insert(id)
        }
        let label = optionalText(map, "label", in: name())
        let title = requiredText(map, "title", in: name())
        var items: [Item] = []
        if let itemsNode = map["items"] {
            items = sequence(itemsNode, what: "'items' of \(name())").compactMap { item($0) }
        }
        var children: [Section] = []
        if let sectionsNode = map["sections"] {
            children = sequence(sectionsNode, what: "'sections' of \(name())").compactMap { section($0) }
        }
        if map["items"] == nil && map["sections"] == nil {
            report(node, "\(name()) has neither 'items' nor 'sections'")
        }
        guard let id, let title else { return nil }
        return Section(id: id, label: label, title: title, items: items, sections: children)
    }

    private static let sectionKeys: Set<String> = ["id", "label", "title", "items", "sections"]
    private static let itemKeys: Set<String> = ["id", "question", "help", "when", "fields"]
    /// A simple item is its own field, so it may have a field's keys (but no label).
    private static let simpleItemKeys = itemKeys.union(fieldKeys).subtracting(["label"])

    private mutating func item(_ node: Node) -> Item? {
        guard let map = mapping(node, what: "an item", keys: Self.simpleItemKeys) else { return nil }
        let id = requiredID(map, "id", in: "an item")
        func name() -> String { id.map { "item \($0)" } ?? "an item" }  // for messages only
        var isNew = false
        if let id, let idNode = map["id"] {
            if itemIndex[id] != nil {
                report(idNode, "duplicate item id '\(id)'")
            } else {
                itemIndex[id] = itemOrder.count
                itemOrder.append(id)
                isNew = true
            }
        }
        let question = requiredText(map, "question", in: name())
        let help = optionalText(map, "help", in: name())

        var itemFields: [Field] = []
        if let fieldsNode = map["fields"] {
            for (index, key) in map.names.enumerated() where Self.fieldKeys.contains(key) && key != "id" {
                report(map.keyNodes[index], "'\(key)' belongs on a field of \(name()), not on a compound item")
            }
            itemFields = fields(fieldsNode, in: name())
        } else if let field = field(map, name: "", in: name()) {
            itemFields = [field]
        }
        if let when = map["when"], isNew {
            pendingConditions.append((itemOrder.count - 1, when))
        }
        guard let id, let question else { return nil }
        return Item(id: id, question: question, help: help, fields: itemFields)
    }

    // MARK: Fields

    private static let fieldKeys: Set<String> = [
        "id", "label", "help", "type", "required", "min-length", "max-length", "format", "pattern",
        "min", "max", "unit", "options",
    ]

    /// The keys that only some types of field take (`keysByType`).
    private static let typedKeys = fieldKeys.subtracting(["id", "label", "help", "type", "required"])

    private static let keysByType: [String: Set<String>] = [
        "text": ["min-length", "max-length", "pattern"],
        "line": ["min-length", "max-length", "format", "pattern"],
        "choice": ["options"],
        "multi": ["options"],
        "integer": ["min", "max", "unit"],
        "date": [],
    ]

    private mutating func fields(_ node: Node, in owner: @autoclosure () -> String) -> [Field] {
        var result: [Field] = []
        var names: Set<String> = []
        for fieldNode in sequence(node, what: "the fields of \(owner())") {
            guard let map = mapping(fieldNode, what: "a field of \(owner())", keys: Self.fieldKeys) else { continue }
            guard let name = requiredID(map, "id", in: "a field of \(owner())") else { continue }
            if names.contains(name) {
                report(map["id"] ?? fieldNode, "duplicate field id '\(name)' in \(owner())")
            }
            names.insert(name)
            if let field = field(map, name: name, in: "field '\(name)' of \(owner())") { result.append(field) }
        }
        if result.isEmpty && names.isEmpty { report(node, "\(owner()) has no fields") }
        return result
    }

    private mutating func field(_ map: MappingNode, name: String, in owner: @autoclosure () -> String) -> Field? {
        guard let typeNode = map["type"] else {
            report(map.node, "\(owner()) has no 'type' (one of text, line, choice, multi, integer, date)")
            return nil
        }
        guard let type = typeNode.string, let allowed = Self.keysByType[type] else {
            report(typeNode, "unknown type '\(typeNode.string ?? "")' in \(owner()) (expected text, line, choice, multi, integer or date)")
            return nil
        }
        for (index, key) in map.names.enumerated() where Self.typedKeys.contains(key) && !allowed.contains(key) {
            report(map.keyNodes[index], "'\(key)' does not apply to a \(type) field (\(owner()))")
        }
        let label = name.isEmpty ? nil : optionalText(map, "label", in: owner())
        let help = name.isEmpty ? nil : optionalText(map, "help", in: owner())
        let required = bool(map, "required", in: owner()) ?? true
        let kind: FieldKind?
        switch type {
        case "text": kind = textRules(map, in: owner()).map(FieldKind.text)
        case "line": kind = textRules(map, in: owner()).map(FieldKind.line)
        case "choice": kind = options(map, in: owner()).map(FieldKind.choice)
        case "multi": kind = options(map, in: owner()).map(FieldKind.multi)
        case "integer": kind = integerRules(map, in: owner()).map(FieldKind.integer)
        default: kind = .date
        }
        guard let kind else { return nil }
        return Field(name: name, label: label, help: help, kind: kind, required: required)
    }

    private mutating func textRules(_ map: MappingNode, in owner: @autoclosure () -> String) -> TextRules? {
        let minLength = integer(map, "min-length", in: owner())
        let maxLength = integer(map, "max-length", in: owner())
        var valid = true
        if let minLength, minLength < 0 {
            report(map["min-length"]!, "min-length \(minLength) of \(owner()) is negative"); valid = false
        }
        if let maxLength, maxLength < 1 {
            report(map["max-length"]!, "max-length \(maxLength) of \(owner()) must be at least 1"); valid = false
        }
        if let minLength, let maxLength, minLength > maxLength {
            report(map["min-length"]!, "min-length \(minLength) is greater than max-length \(maxLength) in \(owner())"); valid = false
        }
        var format: TextFormat?
        if let node = map["format"] {
            format = node.string.flatMap(TextFormat.init(rawValue:))
            if format == nil {
                report(node, "unknown format '\(node.string ?? "")' in \(owner()) (expected email or phone)"); valid = false
            }
        }
        let pattern = optionalText(map, "pattern", in: owner())
        if let pattern, let node = map["pattern"], (try? Regex(pattern)) == nil {
            report(node, "the pattern of \(owner()) is not a valid regular expression"); valid = false
        }
        return valid ? TextRules(minLength: minLength, maxLength: maxLength, format: format, pattern: pattern) : nil
    }

    private mutating func integerRules(_ map: MappingNode, in owner: @autoclosure () -> String) -> IntegerRules? {
        let min = integer(map, "min", in: owner())
        let max = integer(map, "max", in: owner())
        let unit = optionalText(map, "unit", in: owner())
        if let min, let max, min > max {
            report(map["min"]!, "min \(min) is greater than max \(max) in \(owner())")
            return nil
        }
        return IntegerRules(min: min, max: max, unit: unit)
    }

    private static let optionKeys: Set<String> = ["id", "label", "other"]

    private mutating func options(_ map: MappingNode, in owner: @autoclosure () -> String) -> [ChoiceOption]? {
        guard let node = map["options"] else {
            report(map.node, "\(owner()) has no 'options'")
            return nil
        }
        var result: [ChoiceOption] = []
        for optionNode in sequence(node, what: "the options of \(owner())") {
            guard let option = mapping(optionNode, what: "an option of \(owner())", keys: Self.optionKeys),
                  let id = requiredID(option, "id", in: "an option of \(owner())") else { continue }
            let label = requiredText(option, "label", in: "option '\(id)' of \(owner())")
            let takesText = bool(option, "other", in: "option '\(id)' of \(owner())") ?? false
            if result.contains(where: { $0.id == id }) {
                report(option["id"]!, "duplicate option id '\(id)' in \(owner())")
                continue
            }
            if let label { result.append(ChoiceOption(id: id, label: label, takesText: takesText)) }
        }
        if result.count < 2 && sequence(node, what: nil).count < 2 {
            report(node, "\(owner()) needs at least two options")
        }
        return result
    }

    // MARK: Conditions

    private mutating func resolveConditions(in sections: inout [Section]) {
        guard !pendingConditions.isEmpty else { return }
        itemsByID = Dictionary(sections.flatMap(\.allItems).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var conditions: [String: Condition] = [:]
        for (itemIndex, node) in pendingConditions {
            let itemID = itemOrder[itemIndex]
            if let condition = condition(node, for: itemID, at: itemIndex, in: sections) {
                conditions[itemID] = condition
            }
        }
        func attach(_ section: inout Section) {
            for index in section.items.indices {
                let item = section.items[index]
                section.items[index] = item.with(condition: conditions[item.id])
            }
            for index in section.sections.indices { attach(&section.sections[index]) }
        }
        for index in sections.indices { attach(&sections[index]) }
    }

    private mutating func condition(_ node: Node, for itemID: String, at position: Int, in sections: [Section]) -> Condition? {
        let owner = "the condition of item \(itemID)"
        guard let map = mapping(node, what: owner, keys: ["item", "field", "is", "all", "any", "not"]) else { return nil }
        let forms = ["item", "all", "any", "not"].filter { map[$0] != nil }
        guard forms.count == 1 else {
            report(node, "\(owner) must have exactly one of 'item', 'all', 'any' or 'not'")
            return nil
        }
        switch forms[0] {
        case "all", "any":
            let parts = sequence(map[forms[0]]!, what: "'\(forms[0])' in \(owner)")
                .map { condition($0, for: itemID, at: position, in: sections) }
            guard !parts.isEmpty else {
                report(map[forms[0]]!, "'\(forms[0])' in \(owner) is empty")
                return nil
            }
            let resolved = parts.compactMap { $0 }
            guard resolved.count == parts.count else { return nil }
            return forms[0] == "all" ? .all(resolved) : .any(resolved)
        case "not":
            return condition(map["not"]!, for: itemID, at: position, in: sections).map(Condition.not)
        default:
            return chosen(map, for: itemID, at: position, in: sections)
        }
    }

    private mutating func chosen(_ map: MappingNode, for itemID: String, at position: Int, in sections: [Section]) -> Condition? {
        let owner = "the condition of item \(itemID)"
        guard let targetNode = map["item"], let target = text(targetNode, key: "item", in: owner) else { return nil }
        guard let optionNode = map["is"], let option = text(optionNode, key: "is", in: owner) else {
            if map["is"] == nil { report(map.node, "\(owner) names item \(target) but no option ('is')") }
            return nil
        }
        guard let targetIndex = itemIndex[target], target != Item.respondentID else {
            report(targetNode, "\(owner) names unknown item '\(target)'")
            return nil
        }
        if targetIndex == position {
            report(targetNode, "\(owner) depends on item \(target) itself (a cycle)")
            return nil
        }
        if targetIndex > position {
            report(targetNode, "\(owner) depends on item \(target), which comes later (conditions may only look back; this also rules out cycles)")
            return nil
        }
        guard let targetItem = itemsByID[target] else { return nil }
        let optionFields = targetItem.fields.filter { $0.kind.isOptionList }
        let field: Field
        if let fieldNode = map["field"] {
            guard let name = text(fieldNode, key: "field", in: owner) else { return nil }
            guard let named = targetItem.field(name) else {
                report(fieldNode, "\(owner) names unknown field '\(name)' of item \(target)")
                return nil
            }
            guard named.kind.isOptionList else {
                report(fieldNode, "\(owner) names field '\(name)' of item \(target), which is not a choice or multi field")
                return nil
            }
            field = named
        } else {
            guard optionFields.count == 1 else {
                report(targetNode, optionFields.isEmpty
                    ? "\(owner) names item \(target), which has no choice or multi field"
                    : "\(owner) must say which field of item \(target) it reads ('field')")
                return nil
            }
            field = optionFields[0]
        }
        guard field.option(option) != nil else {
            let known = field.options.map(\.id).joined(separator: ", ")
            report(optionNode, "\(owner) names unknown option '\(option)' of item \(target) (options: \(known))")
            return nil
        }
        return .chosen(item: target, field: field.name, option: option)
    }

    // MARK: Reading nodes

    private mutating func mapping(_ node: Node, what: @autoclosure () -> String, keys allowed: Set<String>) -> MappingNode? {
        guard spend() else { return nil }
        guard case .mapping(let mapping) = node else {
            report(node, "expected \(what()) to be a mapping of keys to values")
            return nil
        }
        var map = MappingNode(node: node, capacity: mapping.count)
        for (key, value) in mapping {
            guard spend() else { return nil }
            guard let name = key.string, case .scalar = key else {
                report(key, "a key in \(what()) is not a plain name")
                continue
            }
            if !allowed.contains(name) {
                report(key, "unknown key '\(name)' in \(what()) (expected \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            map.append(name, key: key, value: value)
        }
        return map
    }

    private mutating func sequence(_ node: Node, what: @autoclosure () -> String?) -> [Node] {
        guard case .sequence(let sequence) = node else {
            if let what = what() { report(node, "expected \(what) to be a list") }
            return []
        }
        nodesSeen += sequence.count
        return spend() ? Array(sequence) : []
    }

    /// Counts one more node against the budget; false once it is spent.
    private mutating func spend() -> Bool {
        nodesSeen += 1
        if nodesSeen > DefinitionLoader.nodeBudget && !budgetExceeded {
            budgetExceeded = true
            problems.append(LintProblem(file: file, line: 1, column: 1, message:
                "the file has more than \(DefinitionLoader.nodeBudget) YAML nodes once aliases are expanded (too large, or an alias bomb) and is refused"))
        }
        return !budgetExceeded
    }

    private mutating func text(_ node: Node, key: String, in owner: @autoclosure () -> String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(node, "'\(key)' of \(owner()) must be text")
            return nil
        }
        return scalar.string
    }

    private mutating func requiredText(_ map: MappingNode, _ key: String, in owner: @autoclosure () -> String) -> String? {
        guard let node = map[key] else {
            report(map.node, "\(owner()) has no '\(key)'")
            return nil
        }
        guard let value = text(node, key: key, in: owner()) else { return nil }
        if value.allSatisfy(\.isWhitespace) {  // Foundation's trimming goes through NSString: slow at start
            report(node, "'\(key)' of \(owner()) is empty")
            return nil
        }
        // The bytes first, where only these can begin a forbidden character: a walk by scalars
        // through every text of the definition showed in the start-up profile.
        var contiguous = value
        if contiguous.withUTF8({ $0.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 } }),
           let bad = value.unicodeScalars.first(where: Self.isForbiddenControl) {
            report(node, "'\(key)' of \(owner()) contains the control character U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            return nil
        }
        return value
    }

    private mutating func optionalText(_ map: MappingNode, _ key: String, in owner: @autoclosure () -> String) -> String? {
        map[key] == nil ? nil : requiredText(map, key, in: owner())
    }

    private mutating func requiredID(_ map: MappingNode, _ key: String, in owner: @autoclosure () -> String) -> String? {
        guard let id = requiredText(map, key, in: owner()) else { return nil }
        if id.contains(where: { $0 == "." || $0.isWhitespace }) {
            report(map[key]!, "the id '\(id)' of \(owner()) may not contain spaces or '.'")
            return nil
        }
        return id
    }

    private mutating func integer(_ map: MappingNode, _ key: String, in owner: @autoclosure () -> String) -> Int? {
        guard let node = map[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            report(node, "'\(key)' of \(owner()) must be a whole number")
            return nil
        }
        return value
    }

    private mutating func bool(_ map: MappingNode, _ key: String, in owner: @autoclosure () -> String) -> Bool? {
        guard let node = map[key] else { return nil }
        guard let value = node.bool else {
            report(node, "'\(key)' of \(owner()) must be true or false")
            return nil
        }
        return value
    }

    /// Controls other than tab and newline would reach a terminal as commands.
    private static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private mutating func report(_ node: Node, _ message: String) {
        problems.append(LintProblem(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message))
    }
}

/// A YAML mapping whose keys have been checked against the allowed set.
struct MappingNode {
    let node: Node
    /// The keys' names, their nodes and their values, each at the same place in its list: a
    /// lookup compares names only, where a list of (name, key, value) copied every entry it
    /// passed, two YAML nodes each (half a million instructions at every start).
    private(set) var names: [String] = []
    private(set) var keyNodes: [Node] = []
    private var values: [Node] = []

    init(node: Node, capacity: Int) {
        self.node = node
        names.reserveCapacity(capacity)
        keyNodes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    mutating func append(_ name: String, key: Node, value: Node) {
        names.append(name)
        keyNodes.append(key)
        values.append(value)
    }

    subscript(key: String) -> Node? { names.firstIndex(of: key).map { values[$0] } }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        String(repeating: pad, count: Swift.max(0, width - count)) + self
    }
}
