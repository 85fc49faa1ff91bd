import KotaeCore
import KotaeText

/// The current item as a list of screen lines, before scrolling: header, question, help, and
/// each field's label, widget and problem. Text boxes share the height left over.
///
/// A frame keeps it for the next while what it is made from stays the same (`KeptLayout`), which
/// a burst of typing leaves as it is. Made again, it is made of few references: the head lines
/// are kept from the frame before while they would be the same (`KeptHead`), and a text box's
/// rows name the box by its index in `boxes`, not by its path (twenty rows were twenty paths'
/// strings retained, compared and released on every key).
struct ItemLayout {
    enum Line: Equatable {
        case header(String)
        case text(String, Style)
        case label(String, String?)
        /// Row `row` of the text box `boxes[box]`.
        case textRow(box: Int, row: Int)
        case option(FieldPath, index: Int)
        case blank
    }

    /// Header, question, help, and the notice of an item that does not apply.
    var head: KeptHead
    /// The fields' lines, after the head.
    var body: [Line] = []
    /// The text boxes the `textRow` lines show.
    var boxes: [FieldPath] = []
    /// The line holding the cursor or the highlighted option.
    var focusLine: Int?
    /// Visible rows of each text box.
    var boxHeights = BoxHeights()

    /// The multi-line text boxes of the item and the rows each shows: they share what the other
    /// lines leave evenly, so one height serves all. (A table of them, made on every key, cost a
    /// dictionary and the runtime's lookup of its type.)
    struct BoxHeights {
        var boxes: [FieldPath] = []
        var height = 0

        subscript(path: FieldPath) -> Int? { boxes.contains(path) ? height : nil }
    }

    var lineCount: Int { head.lines.count + body.count }

    subscript(line: Int) -> Line {
        line < head.lines.count ? head.lines[line] : body[line - head.lines.count]
    }

    /// `kept` is the head of the frame before, taken instead of made again when it still fits;
    /// `focused` is `filling.focusedPath`, which the caller has found already.
    init(_ filling: borrowing FillingState, focused: FieldPath?, geometry: Geometry, widths: DisplayWidth, strings: Strings,
         kept: KeptHead? = nil) {
        let item = filling.item
        let applies = filling.applies(item)
        let wrapped = Self.wrappedText(of: filling, width: geometry.contentWidth, widths: widths)
        if let kept, kept.fits(wrapped, applies: applies, language: strings.language) {
            head = kept
        } else {
            head = KeptHead(wrapped: wrapped, applies: applies, language: strings.language,
                            lines: Self.headLines(of: filling, wrapped: wrapped, applies: applies, width: geometry.contentWidth, widths: widths, strings: strings))
        }
        let headCount = head.lines.count
        body.reserveCapacity(geometry.paneHeight + 4 * item.fields.count)
        let stops = filling.stops(of: item)
        boxHeights = Self.boxHeights(of: filling, stops: stops, headLines: headCount, paneHeight: geometry.paneHeight)

        for field in item.fields {
            let path = FieldPath(item: item.id, field: field.name)
            let value = filling.answers.value(item: item.id, field: field.name)
            body.append(.blank)
            let count = filling.shownCount(at: path)
            body.append(.label(Self.label(of: field, in: item, strings: strings), Self.rule(of: field, value: value, count: count, strings: strings)))
            switch field.kind {
            case .choice, .multi:
                for index in field.options.indices {
                    if focused == path && index == (filling.optionCursor[path] ?? 0) { focusLine = headCount + body.count }
                    body.append(.option(path, index: index))
                }
                let other = FieldPath(item: item.id, field: field.name, part: .other)
                if stops.contains(other) { appendEditorRows(other, filling: filling, height: nil, focused: focused) }
            case .text:
                appendEditorRows(path, filling: filling, height: boxHeights[path], focused: focused)
            case .line, .integer, .date:
                appendEditorRows(path, filling: filling, height: nil, focused: focused)
            }
            if !value.isEmpty, applies, let problem = Validator.problem(with: value, in: field, characterCount: count) {
                // Wrapped: a problem is in Japanese and English, and cut at the edge it lost its end.
                for line in Self.wrap("✗ " + problem, width: geometry.contentWidth, widths: widths) { body.append(.text(line, .invalid)) }
            }
        }
    }

    /// Header, question, help, and the notice of an item that does not apply.
    static func headLines(of filling: FillingState, applies: Bool, width: Int, widths: DisplayWidth, strings: Strings) -> [Line] {
        headLines(of: filling, wrapped: wrappedText(of: filling, width: width, widths: widths), applies: applies, width: width,
                  widths: widths, strings: strings)
    }

    private static func headLines(of filling: FillingState, wrapped: WrappedItem, applies: Bool, width: Int, widths: DisplayWidth,
                                  strings: Strings) -> [Line] {
        let item = filling.item
        let notice = applies ? [] : wrap(strings.notApplicableNotice, width: width, widths: widths)
        var lines: [Line] = [.header(item.id == Item.respondentID ? strings.respondent : "\(item.id)  \(wrapped.section ?? "")")]
        lines.reserveCapacity(headLineCount(wrapped: wrapped, notice: notice, applies: applies))
        for line in wrapped.question { lines.append(.text(line, .normal)) }
        for line in wrapped.help { lines.append(.text(line, .dim)) }
        if !applies {
            lines.append(.blank)
            for line in notice { lines.append(.text(line, .warning)) }
        }
        return lines
    }

    /// How many `headLines` there are, without making them: keeping the cursor in view asks on
    /// every key.
    static func headLineCount(of filling: FillingState, applies: Bool, width: Int, widths: DisplayWidth, strings: Strings) -> Int {
        let item = filling.item
        // Counted in the kept wrapping where it lies: `wrappedText` hands back a copy.
        if applies, let kept = filling.wrappedItem, kept.itemID == item.id, kept.width == width, kept.widths == widths {
            return headLineCount(wrapped: kept, notice: [], applies: true)
        }
        let notice = applies ? [] : wrap(strings.notApplicableNotice, width: width, widths: widths)
        return headLineCount(wrapped: wrappedText(of: filling, width: width, widths: widths), notice: notice, applies: applies)
    }

    private static func headLineCount(wrapped: WrappedItem, notice: [String], applies: Bool) -> Int {
        1 + wrapped.question.count + wrapped.help.count + (applies ? 0 : 1 + notice.count)
    }

    /// The fewest rows a text box shows, however little room the other lines leave.
    static let minimumBoxHeight = 3

    /// The visible rows of the text box `path` (nil when it is not one), without making the
    /// others' table: keeping the cursor in view in a scrolled box asks on every key.
    static func boxHeight(of path: FieldPath, in filling: FillingState, geometry: Geometry, widths: DisplayWidth, strings: Strings) -> Int? {
        let head = headLineCount(of: filling, applies: filling.applies(filling.item), width: geometry.contentWidth, widths: widths, strings: strings)
        var boxes = 0
        var isBox = false
        let fixed = fixedLines(of: filling, headLines: head) { stop in
            boxes += 1
            isBox = isBox || stop == path
        }
        return isBox ? height(ofBoxAmong: boxes, fixed: fixed, paneHeight: geometry.paneHeight) : nil
    }

    /// Text boxes get what the other lines leave, split evenly, at least `minimumBoxHeight` rows each.
    private static func boxHeights(of filling: FillingState, stops: [FieldPath], headLines: Int, paneHeight: Int) -> BoxHeights {
        var heights = BoxHeights()
        heights.boxes.reserveCapacity(stops.count)
        let fixed = fixedLines(of: filling, stops: stops, headLines: headLines) { heights.boxes.append($0) }
        if !heights.boxes.isEmpty { heights.height = height(ofBoxAmong: heights.boxes.count, fixed: fixed, paneHeight: paneHeight) }
        return heights
    }

    private static func height(ofBoxAmong boxes: Int, fixed: Int, paneHeight: Int) -> Int {
        max(minimumBoxHeight, (paneHeight - fixed) / boxes)
    }

    /// The lines of the current item other than its text boxes' rows, counted; each text box's
    /// path goes to `box`, in order. `stops` are the item's stops when the caller has them.
    private static func fixedLines(of filling: FillingState, stops: [FieldPath]? = nil, headLines: Int, box: (FieldPath) -> Void) -> Int {
        // The stops are the current item's: its fields are found by name there, not through the
        // questionnaire, once each.
        let item = filling.item
        var fixed = headLines
        func count(_ path: FieldPath) {
            guard let field = item.field(path.field) else { return }
            if path.part == .value && isMultiline(field) {
                box(path)
                return
            }
            fixed += path.part == .other ? 1 : field.options.count
            if !field.kind.isOptionList { fixed += filling.editors[path]?.layout.rowCount ?? 1 }
        }
        if let stops {
            stops.forEach(count)
        } else {
            filling.forEachStop(of: filling.item) { count($0); return true }
        }
        return fixed + item.fields.count * 3  // blank, label, and room for a problem line
    }

    private mutating func appendEditorRows(_ path: FieldPath, filling: FillingState, height: Int?, focused: FieldPath?) {
        let rowCount = filling.editors[path]?.layout.rowCount ?? 1
        let visible = height ?? rowCount
        let top = height == nil ? 0 : min(filling.scrollTop[path] ?? 0, max(0, rowCount - visible))
        if focused == path, let editor = filling.editors[path] {
            let row = editor.cursorLocation.row
            focusLine = head.lines.count + body.count + min(max(0, row - top), visible - 1)
        }
        let box = boxes.count
        boxes.append(path)
        for row in 0..<visible { body.append(.textRow(box: box, row: top + row)) }
    }

    static func isMultiline(_ field: Field) -> Bool {
        if case .text = field.kind { return true }
        return false
    }

    static func label(of field: Field, in item: Item, strings: Strings) -> String {
        if let label = field.label { return label }
        switch field.kind {
        case .choice, .multi: return strings.language == .ja ? "回答を選択" : "Choose"
        default: return strings.language == .ja ? "回答" : "Answer"
        }
    }

    /// The short rule shown beside a label: required or not, limits, unit, and a live count.
    /// `count` is the editor's character count when there is one (kept as it edits, so the
    /// live count costs nothing); otherwise the stored text is counted.
    static func rule(of field: Field, value: FieldValue, count: Int?, strings: Strings) -> String? {
        // Appended piece by piece: made on every key for the field being typed in, and joining
        // an array of interpolated strings showed in a keystroke's profile.
        var rule = field.required ? strings.required : strings.optional
        func add(_ part: String) {
            rule += " · "
            rule += part
        }
        switch field.kind {
        case .text(let rules), .line(let rules):
            let length = count ?? value.text.count
            if let max = rules.maxLength {
                add(String(length))
                rule += "/"
                rule += String(max)
                rule += " "
                rule += strings.characters
            } else if length > 0 {
                add(String(length))
                rule += " "
                rule += strings.characters
            }
            if let format = rules.format { add(format.rawValue) }
        case .integer(let rules):
            var range = ""
            if let min = rules.min { range += String(min) }
            if rules.min != nil || rules.max != nil { range += "〜" }
            if let max = rules.max { range += String(max) }
            if !range.isEmpty { add(range) }
            if let unit = rules.unit { add(unit) }
        case .date: add("YYYY-MM-DD")
        case .multi: add(strings.language == .ja ? "複数選択可" : "several allowed")
        case .choice: break
        }
        return rule
    }

    /// The current item's question and help wrapped: the kept ones while they still fit.
    static func wrappedText(of filling: FillingState, width: Int, widths: DisplayWidth) -> WrappedItem {
        let item = filling.item
        if let kept = filling.wrappedItem, kept.itemID == item.id, kept.width == width, kept.widths == widths { return kept }
        let question = wrap(item.id == Item.respondentID ? filling.questionnaire.title : item.question, width: width, widths: widths)
        return WrappedItem(itemID: item.id, width: width, widths: widths, section: filling.questionnaire.sectionHeading(of: item.id), question: question,
                           help: item.help.map { wrap($0, width: width, widths: widths) } ?? [])
    }

    /// The UI's own prose (questions, notices, problems) wrapped to `width`: anywhere in Japanese,
    /// as the editor wraps, with its line-breaking rules; but a row never ends inside a word of
    /// Latin letters or digits when it has a space to end at instead, so the English half of a
    /// problem reads "(at most / 100 characters", not "(at mo / st 100".
    static func wrap(_ text: String, width: Int, widths: DisplayWidth) -> [String] {
        var lines: [String] = []
        for paragraph in TextBuffer(Sanitizer.displayText(text, keepNewlines: true)).paragraphs {
            var rest = paragraph[...]
            repeat {
                let row = Array(rest)
                let layout = TextLayout(paragraphs: [row], width: width, widths: widths)
                var end = layout.range(ofRow: 0).range.upperBound
                if layout.rowCount > 1, isWordCharacter(row[end - 1]), isWordCharacter(row[end]),
                   let space = row[..<end].lastIndex(of: " "), row[..<space].contains(where: { $0 != " " }) {
                    end = space + 1
                }
                var kept = end
                while kept > 0 && row[kept - 1] == " " { kept -= 1 }
                // Character by character: String(_:) of a slice of characters goes through the
                // standard library's generic code, whose first use cost 300,000 instructions.
                var line = ""
                for character in row[..<kept] { line.append(character) }
                lines.append(line)
                rest = rest.dropFirst(end)
                if layout.rowCount > 1 { rest = rest.drop { $0 == " " } }
            } while !rest.isEmpty
        }
        return lines
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}

/// An item's layout and what it was made from. A frame keeps the layout it drew, and the next
/// frame takes it as it is while what it is made from is the same: a key typed into a text box
/// changes none of that until its row fills or typing pauses (the count beside the label and the
/// answers wait for the pause), so a burst of typing lays the item out once. Made on every key,
/// the layout was a ninth of a key's instructions: labels, counts, problems and stops.
struct KeptLayout: Sendable {
    var layout: ItemLayout
    var inputs: LayoutInputs
}

/// Everything `ItemLayout.init` reads from the state, gathered without laying anything out. The
/// answers (the item's values, its stops, whether it applies) are told by their version, which
/// typing leaves as it is until the pause; a draft opened has answers of a version of its own.
struct LayoutInputs: Sendable, Equatable {
    var itemIndex: Int
    var answers: AnswersVersion
    var focused: FieldPath?
    var focusedOption: Int?
    var contentWidth: Int
    var paneHeight: Int
    var widths: DisplayWidth
    var language: Language
    /// What each stop's editor shows of itself in the layout, in the order of the item's stops.
    var stops: [StopInputs] = []

    struct StopInputs: Sendable, Equatable {
        var rowCount: Int?
        var scrollTop: Int?
        var count: Int?
        /// The cursor's row, for the focused stop only.
        var cursorRow: Int?
    }

    init(_ filling: borrowing FillingState, focused: FieldPath?, geometry: Geometry, widths: DisplayWidth, language: Language) {
        let item = filling.item
        itemIndex = filling.itemIndex
        answers = filling.answersVersion
        self.focused = focused
        focusedOption = focused.flatMap { filling.optionCursor[$0] }
        contentWidth = geometry.contentWidth
        paneHeight = geometry.paneHeight
        self.widths = widths
        self.language = language
        var stops: [StopInputs] = []
        stops.reserveCapacity(item.fields.count + 1)
        filling.forEachStop(of: item) { path in
            let editor = filling.editors[path]
            stops.append(StopInputs(rowCount: editor?.layout.rowCount, scrollTop: filling.scrollTop[path],
                                    count: filling.shownCount(at: path),
                                    cursorRow: path == focused ? editor?.cursorLocation.row : nil))
            return true
        }
        self.stops = stops
    }
}

/// An item's head lines and what they were made from. A frame keeps the ones it drew, and the
/// next frame's layout takes them while the item's wrapping, whether it applies and the language
/// are the same: made again on every key, they were a string and an array made and dropped.
struct KeptHead: Sendable {
    var wrapped: WrappedItem
    var applies: Bool
    var language: Language
    var lines: [ItemLayout.Line]

    /// Whether these are the head lines of `wrapped`. The kept wrapping is compared with itself
    /// on every key, which its arrays' and strings' identity makes a few comparisons.
    func fits(_ wrapped: WrappedItem, applies: Bool, language: Language) -> Bool {
        self.applies == applies && self.language == language && self.wrapped == wrapped
    }
}

extension Questionnaire {
    /// "(1) 外部サービス利用に対する認識" for an item in a subsection, "1. 委託先について" at top level.
    func sectionHeading(of itemID: String) -> String? {
        func find(_ sections: [Section], parents: [Section]) -> [Section]? {
            for section in sections {
                if section.items.contains(where: { $0.id == itemID }) { return parents + [section] }
                if let found = find(section.sections, parents: parents + [section]) { return found }
            }
            return nil
        }
        return find(sections, parents: [])?.map(\.heading).joined(separator: " ")
    }
}
