#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of one answer as paragraphs of `Character`s, with a cursor and undo.
///
/// Cost of one keystroke: finding the paragraph is O(1) (the cursor carries it); inserting or
/// deleting in it is one array move of that paragraph's characters (memmove, O(paragraph));
/// turning the cursor into a whole-text offset for the journal, in characters and in UTF-8
/// bytes, is O(paragraphs between it and the last place asked), so O(1) while typing in one
/// place. Nothing is proportional to the whole text's characters except `text`, which only a
/// snapshot save calls.
public struct TextBuffer: Sendable, Equatable {
    public private(set) var paragraphs: [[Character]]
    public private(set) var cursor: TextPosition
    private var history = UndoHistory()
    /// UTF-8 length of each paragraph, kept with `paragraphs`.
    private var paragraphBytes: [Int]
    /// Which version of each paragraph's characters this is, kept with `paragraphs`: a new one
    /// whenever they change.
    public private(set) var paragraphVersions: [ParagraphVersion]
    /// Where one paragraph starts, the last one asked: typing asks for the same one again and again.
    private var knownStart = ParagraphStart(paragraph: 0, flat: 0, utf8: 0)

    public init(_ text: String = "") {
        paragraphs = TextBuffer.split(TextBuffer.normalizingNewlines(text))
        characterCount = paragraphs.reduce(paragraphs.count - 1) { $0 + $1.count }
        paragraphBytes = paragraphs.map(TextBuffer.byteCount)
        paragraphVersions = paragraphs.map { _ in ParagraphVersion() }
        cursor = TextPosition(paragraph: 0, offset: 0)
    }

    static func byteCount(_ characters: some Collection<Character>) -> Int {
        characters.reduce(0) { $0 + $1.utf8.count }
    }

    public static func == (lhs: TextBuffer, rhs: TextBuffer) -> Bool {
        lhs.paragraphs == rhs.paragraphs && lhs.cursor == rhs.cursor
    }

    /// The whole text, paragraphs joined by "\n".
    public var text: String {
        var result = ""
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 { result.append("\n") }
            result.append(contentsOf: paragraph)
        }
        return result
    }

    /// Characters in `text` (a newline counts as one), kept up to date with every edit.
    public private(set) var characterCount = 0

    public var start: TextPosition { TextPosition(paragraph: 0, offset: 0) }
    public var end: TextPosition { TextPosition(paragraph: paragraphs.count - 1, offset: paragraphs[paragraphs.count - 1].count) }

    /// Character offset of `position` in `text` (a newline counts as one character).
    public func flatOffset(of position: TextPosition) -> Int {
        var offset = position.offset
        for index in 0..<position.paragraph { offset += paragraphs[index].count + 1 }
        return offset
    }

    /// Byte offset of `position` in the UTF-8 of `text`.
    public func utf8Offset(of position: TextPosition) -> Int {
        var offset = TextBuffer.byteCount(paragraphs[position.paragraph][..<position.offset])
        for index in 0..<position.paragraph { offset += paragraphBytes[index] + 1 }
        return offset
    }

    public func position(ofFlat flat: Int) -> TextPosition {
        var remaining = max(0, flat)
        for (index, paragraph) in paragraphs.enumerated() {
            if remaining <= paragraph.count { return TextPosition(paragraph: index, offset: remaining) }
            remaining -= paragraph.count + 1
        }
        return end
    }

    // MARK: Editing

    public enum EditKind: Sendable, Equatable {
        /// Characters typed one by one: consecutive ones undo together.
        case typing
        /// Backspace or Delete: consecutive ones undo together.
        case deleting
        /// A paste or any other whole edit: one undo step of its own.
        case block
    }

    /// Inserts `text` at the cursor (replacing nothing) and moves the cursor after it.
    @discardableResult
    public mutating func insert(_ text: String, kind: EditKind = .typing) -> TextChange? {
        guard !text.isEmpty else { return nil }
        return edit(from: cursor, to: cursor, with: text, kind: kind)
    }

    @discardableResult
    public mutating func deleteBackward() -> TextChange? {
        guard cursor != start else { return nil }
        return edit(from: step(left: cursor), to: cursor, with: "", kind: .deleting)
    }

    @discardableResult
    public mutating func deleteForward() -> TextChange? {
        guard cursor != end else { return nil }
        return edit(from: cursor, to: step(right: cursor), with: "", kind: .deleting)
    }

    /// Replaces the whole text (an external editor's result) as one undo step.
    @discardableResult
    public mutating func replaceAll(with text: String) -> TextChange? {
        guard TextBuffer.normalizingNewlines(text) != self.text else { return nil }
        let change = edit(from: start, to: end, with: text, kind: .block)
        cursor = position(ofFlat: min(history.lastCursorBefore ?? 0, characterCount))
        return change
    }

    @discardableResult
    public mutating func undo() -> TextChange? {
        guard let step = history.popUndo() else { return nil }
        let (change, _) = replace(from: position(ofFlat: step.from), to: position(ofFlat: step.from + step.inserted.count), with: step.removed)
        cursor = position(ofFlat: step.cursorBefore)
        return change
    }

    @discardableResult
    public mutating func redo() -> TextChange? {
        guard let step = history.popRedo() else { return nil }
        let (change, _) = replace(from: position(ofFlat: step.from), to: position(ofFlat: step.from + step.removed.count), with: step.inserted)
        cursor = position(ofFlat: step.cursorAfter)
        return change
    }

    public var canUndo: Bool { history.canUndo }
    public var canRedo: Bool { history.canRedo }

    private mutating func edit(from: TextPosition, to: TextPosition, with text: String, kind: EditKind) -> TextChange {
        // Offsets are found from the start of the cursor's paragraph, summed once: summing all
        // paragraphs before it for each offset was the largest cost of a key in a long answer.
        let paragraphStart = start(ofParagraph: cursor.paragraph)
        knownStart = paragraphStart
        let cursorBefore = paragraphStart.flat + cursor.offset
        let countBefore = characterCount
        let typed = from == to && from == cursor ? insertStandingAlone(text, start: paragraphStart) : nil
        let (change, removed) = typed ?? replace(from: from, to: to, with: text, known: paragraphStart)
        let cursorAfter = change.splice.from + change.splice.removed + characterCount - countBefore
        history.record(UndoHistory.Step(from: change.splice.from, removed: removed, inserted: change.splice.inserted,
                                        cursorBefore: cursorBefore, cursorAfter: cursorAfter, kind: kind))
        return change
    }

    func slice(from: TextPosition, to: TextPosition) -> String {
        guard from < to else { return "" }
        if from.paragraph == to.paragraph {
            return String(paragraphs[from.paragraph][from.offset..<to.offset])
        }
        var result = String(paragraphs[from.paragraph][from.offset...])
        for index in (from.paragraph + 1)..<to.paragraph {
            result.append("\n")
            result.append(contentsOf: paragraphs[index])
        }
        result.append("\n")
        result.append(contentsOf: paragraphs[to.paragraph][..<to.offset])
        return result
    }

    /// The one primitive every edit goes through. Grapheme clusters stay whole: if the new text
    /// joins with the character before or after it (か + ゛ → が), that neighbour becomes part of
    /// the change, so the paragraphs always split exactly as `String` would split `text`.
    /// Where paragraph `paragraph` starts in `text`, in characters and in UTF-8 bytes.
    /// Counted from `knownStart`, forwards or backwards.
    private func start(ofParagraph paragraph: Int) -> ParagraphStart {
        var start = knownStart
        while start.paragraph < paragraph {
            start.flat += paragraphs[start.paragraph].count + 1
            start.utf8 += paragraphBytes[start.paragraph] + 1
            start.paragraph += 1
        }
        while start.paragraph > paragraph {
            start.paragraph -= 1
            start.flat -= paragraphs[start.paragraph].count + 1
            start.utf8 -= paragraphBytes[start.paragraph] + 1
        }
        return start
    }

    private struct ParagraphStart {
        var paragraph: Int
        var flat: Int
        var utf8: Int
    }

    /// Typing's common case without `replace`'s string joins and splits, which were most of the
    /// cost of a key: one character inserted at the cursor where it cannot join its neighbours
    /// into one grapheme cluster. Nil when that is not certain; `replace` then does it.
    private mutating func insertStandingAlone(_ text: String, start: ParagraphStart) -> (TextChange, removed: String)? {
        let scalars = text.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex,
              Self.standsAlone(scalar), start.paragraph == cursor.paragraph else { return nil }
        let offset = cursor.offset
        let paragraph = paragraphs[cursor.paragraph]
        guard offset == 0 || Self.standsAlone(paragraph[offset - 1]),
              offset == paragraph.count || Self.standsAlone(paragraph[offset]) else { return nil }
        let bytes = text.utf8.count
        let change = TextChange(
            splice: Splice(from: start.flat + offset, removed: 0, inserted: text,
                           utf8From: start.utf8 + TextBuffer.byteCount(paragraph[..<offset]), utf8Removed: 0),
            firstParagraph: cursor.paragraph, removedParagraphs: 1, insertedParagraphs: 1, startOffset: offset,
            removedCharacters: 0, insertedCharacters: 1)
        paragraphs[cursor.paragraph].insert(Character(scalar), at: offset)
        paragraphBytes[cursor.paragraph] += bytes
        paragraphVersions[cursor.paragraph] = ParagraphVersion()
        characterCount += 1
        cursor.offset += 1
        return (change, "")
    }

    /// A character that breaks from anything beside it (Unicode's grapheme rules give "Any ÷ Any"
    /// on both sides): printable ASCII, kana, CJK ideographs and punctuation, full-width forms.
    /// Combining marks, voiced sound marks, half-width kana, emoji, Hangul and the rest are left
    /// to the general path.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x3001...0x3003, 0x3008...0x3011, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF, 0xFF01...0xFF5E:
            return true
        default:
            return false
        }
    }

    static func standsAlone(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first else { return false }
        return scalars.index(after: scalars.startIndex) == scalars.endIndex && standsAlone(scalar)
    }

    /// `known` is where one paragraph starts, when the caller has it.
    private mutating func replace(from: TextPosition, to: TextPosition, with rawText: String,
                                  known: ParagraphStart? = nil) -> (TextChange, removed: String) {
        var from = from
        var to = to
        let inserted = TextBuffer.normalizingNewlines(rawText)
        let previous: Character? = from.offset > 0 ? paragraphs[from.paragraph][from.offset - 1] : nil
        let next: Character? = to.offset < paragraphs[to.paragraph].count ? paragraphs[to.paragraph][to.offset] : nil
        var composed = TextBuffer.split((previous.map(String.init) ?? "") + inserted + (next.map(String.init) ?? ""))
        if let previous {
            if TextBuffer.sameScalars(composed[0].first, previous) { composed[0].removeFirst() } else { from.offset -= 1 }
        }
        if let next {
            if TextBuffer.sameScalars(composed[composed.count - 1].last, next) {
                composed[composed.count - 1].removeLast()
            } else {
                to.offset += 1
            }
        }
        let removed = slice(from: from, to: to)
        let sameParagraph = known.flatMap { $0.paragraph == from.paragraph ? $0 : nil }
        let flatFrom = sameParagraph.map { $0.flat + from.offset } ?? flatOffset(of: from)
        let utf8From = sameParagraph.map { $0.utf8 + TextBuffer.byteCount(paragraphs[from.paragraph][..<from.offset]) } ?? utf8Offset(of: from)
        let flatTo = from.paragraph == to.paragraph ? flatFrom + to.offset - from.offset : flatOffset(of: to)
        let change = TextChange(
            splice: Splice(from: flatFrom, removed: flatTo - flatFrom, inserted: composed.map { String($0) }.joined(separator: "\n"),
                           utf8From: utf8From, utf8Removed: removed.utf8.count),
            firstParagraph: from.paragraph, removedParagraphs: to.paragraph - from.paragraph + 1,
            insertedParagraphs: composed.count, startOffset: from.offset,
            removedCharacters: to.offset - from.offset, insertedCharacters: composed[0].count)

        if from.paragraph == to.paragraph && composed.count == 1 {
            paragraphs[from.paragraph].replaceSubrange(from.offset..<to.offset, with: composed[0])
        } else {
            let head = paragraphs[from.paragraph][..<from.offset]
            let tail = paragraphs[to.paragraph][to.offset...]
            var replacement = composed
            replacement[0] = Array(head) + replacement[0]
            replacement[replacement.count - 1] += tail
            paragraphs.replaceSubrange(from.paragraph...to.paragraph, with: replacement)
        }
        // Paragraphs from `from.paragraph` on changed: a start after it may have moved.
        if knownStart.paragraph > from.paragraph { knownStart = ParagraphStart(paragraph: 0, flat: 0, utf8: 0) }
        characterCount += composed.reduce(composed.count - 1) { $0 + $1.count } - (flatTo - flatFrom)
        paragraphBytes.replaceSubrange(from.paragraph...to.paragraph,
                                       with: paragraphs[from.paragraph..<from.paragraph + composed.count].map(TextBuffer.byteCount))
        paragraphVersions.replaceSubrange(from.paragraph...to.paragraph, with: composed.map { _ in ParagraphVersion() })
        cursor = TextPosition(paragraph: from.paragraph + composed.count - 1,
                              offset: (composed.count == 1 ? from.offset : 0) + composed[composed.count - 1].count)
        return (change, removed)
    }

    // MARK: Motion (no layout needed)

    /// Finds where the cursor's paragraph starts, ahead of the next edit (which asks for it):
    /// after the cursor jumped to the end of a long answer, the first key typed there summed the
    /// lengths of every paragraph before it on its way to the screen. Changes no value.
    public mutating func prepareNextEdit() {
        knownStart = start(ofParagraph: cursor.paragraph)
    }

    public mutating func moveCursor(to position: TextPosition) {
        let paragraph = min(max(0, position.paragraph), paragraphs.count - 1)
        cursor = TextPosition(paragraph: paragraph, offset: min(max(0, position.offset), paragraphs[paragraph].count))
        history.breakGroup()
    }

    public mutating func moveLeft() { moveCursor(to: step(left: cursor)) }
    public mutating func moveRight() { moveCursor(to: step(right: cursor)) }
    public mutating func moveToTextStart() { moveCursor(to: start) }
    public mutating func moveToTextEnd() { moveCursor(to: end) }
    public mutating func moveToParagraphStart() { moveCursor(to: TextPosition(paragraph: cursor.paragraph, offset: 0)) }
    public mutating func moveToParagraphEnd() {
        moveCursor(to: TextPosition(paragraph: cursor.paragraph, offset: paragraphs[cursor.paragraph].count))
    }

    /// To the end of the next word; at a paragraph's end, to the next paragraph's start.
    public mutating func moveWordRight() {
        let characters = paragraphs[cursor.paragraph]
        let target = WordBoundaries.wordEnd(in: characters, from: cursor.offset)
        if target == cursor.offset || (target == characters.count && cursor.offset == characters.count) {
            moveRight()
        } else {
            moveCursor(to: TextPosition(paragraph: cursor.paragraph, offset: target))
        }
    }

    /// To the start of the previous word; at a paragraph's start, to the previous paragraph's end.
    public mutating func moveWordLeft() {
        let target = WordBoundaries.wordStart(in: paragraphs[cursor.paragraph], before: cursor.offset)
        if target == cursor.offset { moveLeft() } else {
            moveCursor(to: TextPosition(paragraph: cursor.paragraph, offset: target))
        }
    }

    func step(left position: TextPosition) -> TextPosition {
        if position.offset > 0 { return TextPosition(paragraph: position.paragraph, offset: position.offset - 1) }
        if position.paragraph > 0 {
            return TextPosition(paragraph: position.paragraph - 1, offset: paragraphs[position.paragraph - 1].count)
        }
        return position
    }

    func step(right position: TextPosition) -> TextPosition {
        if position.offset < paragraphs[position.paragraph].count {
            return TextPosition(paragraph: position.paragraph, offset: position.offset + 1)
        }
        if position.paragraph < paragraphs.count - 1 { return TextPosition(paragraph: position.paragraph + 1, offset: 0) }
        return position
    }

    // MARK: Helpers

    /// Exact equality: `Character ==` would call が and か + ゛ equal (canonical equivalence).
    static func sameScalars(_ lhs: Character?, _ rhs: Character) -> Bool {
        guard let lhs else { return false }
        return lhs.unicodeScalars.elementsEqual(rhs.unicodeScalars)
    }

    /// Each paragraph is kept at its exact size. It is collected in a working array, then
    /// copied into one made for it: `Array(paragraph[...])` shared the working array's buffer,
    /// grown to as much as twice the room needed, and emptying that array for the next paragraph
    /// then allocated a new one (opening a 100,000-character answer peaked 1.9 MB higher).
    static func split(_ text: String) -> [[Character]] {
        var result: [[Character]] = []
        var paragraph: [Character] = []
        func keep() {
            var exact: [Character] = []
            exact.reserveCapacity(paragraph.count)
            exact.append(contentsOf: paragraph)
            result.append(exact)
            paragraph.removeAll(keepingCapacity: true)
        }
        for character in text {
            // By its first byte: a line feed is always a character of its own, and `== "\n"`
            // was a string comparison per character (a fifth of opening a long answer).
            if character.utf8.first == 0x0A { keep() } else { paragraph.append(character) }
        }
        keep()
        return result
    }

    /// "\r\n" and a lone "\r" (Word on Windows, old Macs) become "\n".
    public static func normalizingNewlines(_ text: String) -> String {
        guard text.containsCarriageReturn else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasReturn = true
                continue
            }
            if scalar == "\n" && previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = false
            scalars.append(scalar)
        }
        return String(scalars)
    }
}

extension String {
    /// Whether a carriage return is among the UTF-8 bytes, looked for by the C library's
    /// `memchr`: through the string's views, a byte or a scalar at a time, it took milliseconds
    /// for a long answer at every start.
    public var containsCarriageReturn: Bool {
        var text = self
        return text.withUTF8 { bytes in bytes.count > 0 && memchr(bytes.baseAddress!, 0x0D, bytes.count) != nil }
    }
}

/// One version of a paragraph's characters: made when they are made or changed, and never for
/// any other characters. Two rows drawn from the same version and range show the same
/// characters, which a frame can tell without reading them (comparing a long answer's rows
/// character by character read every row's text on every key). Whoever compares holds the
/// version, so its identity cannot pass to a newer one meanwhile.
public final class ParagraphVersion: Sendable {
    init() {}
}
