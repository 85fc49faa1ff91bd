/// Where rows of a paragraph start, for a width in cells. Text wraps at any character (Japanese
/// has no spaces between words); a 2-cell character that would cross the margin moves whole to the
/// next row, leaving the last cell blank. With Japanese line-breaking rules (禁則処理, on by
/// default) a row does not start with closing punctuation or small kana (行頭禁則: 、。」ー ぁ …)
/// nor end with opening brackets (行末禁則: 「（ …): the character before the break moves down
/// with it (追い出し), one character at most, so a row is never emptied.
public enum LineBreaking {
    static let noLineStart: Set<Character> = Set(
        "、。，．,.)）]］}｝〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・:;：；/／…‥"
    )
    static let noLineEnd: Set<Character> = Set("(（[［{｛〔〈《「『【〘〖〝‘“｟«")
    /// The same, as scalars (each is a character of one scalar).
    static let noLineStartScalars = Set(noLineStart.flatMap(\.unicodeScalars))
    static let noLineEndScalars = Set(noLineEnd.flatMap(\.unicodeScalars))

    /// Whether `character` is in `characters`: a character of one scalar is looked up by that
    /// scalar, as a `Character` it was hashed through Unicode normalization at every row of a
    /// long answer. One of more scalars (a kana with a combining mark, which may equal one of
    /// `characters`) is looked up as it is.
    private static func isOne(of characters: Set<Character>, _ scalars: Set<Unicode.Scalar>, _ character: Character) -> Bool {
        let all = character.unicodeScalars
        guard let first = all.first, all.index(after: all.startIndex) == all.endIndex else { return characters.contains(character) }
        return scalars.contains(first)
    }

    /// Row starts of `characters` from `start` (the first element is `start`). `stop` is asked
    /// about each later row start and may end the work early (used to re-wrap only what changed).
    static func rowStarts(_ characters: [Character], from start: Int = 0, width: Int, widths: DisplayWidth,
                          kinsoku: Bool, stop: (Int) -> Bool = { _ in false }) -> (rows: [Int], stoppedAt: Int?) {
        let width = max(1, width)
        var rows = [start]
        var rowStart = start
        var column = 0
        var index = start
        while index < characters.count {
            let cells = widths.drawnWidth(of: characters[index])
            if column + cells > width && index > rowStart && cells > 0 {
                var breakAt = index
                if kinsoku && breakAt - rowStart >= 2
                    && (isOne(of: noLineStart, noLineStartScalars, characters[breakAt])
                        || isOne(of: noLineEnd, noLineEndScalars, characters[breakAt - 1])) {
                    breakAt -= 1
                }
                if stop(breakAt) { return (rows, breakAt) }
                rows.append(breakAt)
                rowStart = breakAt
                index = breakAt
                column = 0
                continue
            }
            column += cells
            index += 1
        }
        return (rows, nil)
    }
}

/// A text laid out in rows of a given width: the row starts of every paragraph.
/// After an edit only the changed rows are wrapped again: from the row before the edit until a
/// row starts where an old row started (shifted by the edit), after which nothing can differ.
///
/// The row starts are one flat list, each paragraph's followed by its end, so that the rows a
/// text box shows are read from one place: a list per paragraph was a separate block of memory
/// for every row of a long answer of short paragraphs, each read on every key.
public struct TextLayout: Sendable, Equatable {
    public let width: Int
    public let widths: DisplayWidth
    public let kinsoku: Bool
    /// Each paragraph's row start offsets (the first is 0), then its character count.
    private var bounds: [Int]
    public private(set) var rowCount: Int
    /// The whole-text row each paragraph starts on: finds a row's paragraph by binary search.
    /// Paragraph `p`'s bounds start at `firstRows[p] + p`.
    private var firstRows: [Int]

    public init(paragraphs: [[Character]], width: Int, widths: DisplayWidth = DisplayWidth(), kinsoku: Bool = true) {
        self.width = max(1, width)
        self.widths = widths
        self.kinsoku = kinsoku
        (bounds, firstRows, rowCount) = Self.wrap(paragraphs[...], startingAt: 0, width: self.width, widths: widths, kinsoku: kinsoku)
    }

    /// `paragraphs` wrapped from whole-text row `row` on: their bounds, the row each starts on,
    /// and the row after the last.
    private static func wrap(_ paragraphs: ArraySlice<[Character]>, startingAt row: Int, width: Int, widths: DisplayWidth,
                             kinsoku: Bool) -> (bounds: [Int], firstRows: [Int], end: Int) {
        var bounds: [Int] = []
        var firstRows: [Int] = []
        var row = row
        for characters in paragraphs {
            let rows = LineBreaking.rowStarts(characters, width: width, widths: widths, kinsoku: kinsoku).rows
            firstRows.append(row)
            row += rows.count
            bounds += rows
            bounds.append(characters.count)
        }
        return (bounds, firstRows, row)
    }

    public static func == (lhs: TextLayout, rhs: TextLayout) -> Bool {
        lhs.width == rhs.width && lhs.widths == rhs.widths && lhs.kinsoku == rhs.kinsoku && lhs.bounds == rhs.bounds
            && lhs.firstRows == rhs.firstRows
    }

    /// Rows of paragraph `paragraph`.
    private func rows(of paragraph: Int) -> Int {
        (paragraph + 1 < firstRows.count ? firstRows[paragraph + 1] : rowCount) - firstRows[paragraph]
    }

    /// Where paragraph `paragraph`'s bounds are in `bounds`: its row starts and its end.
    private func span(of paragraph: Int) -> Range<Int> {
        let start = firstRows[paragraph] + paragraph
        return start..<(start + rows(of: paragraph) + 1)
    }

    /// Brings the layout up to date with `change`, which `paragraphs` already contain.
    public mutating func update(for change: TextChange, in paragraphs: [[Character]]) {
        let first = change.firstParagraph
        if change.isWithinOneParagraph {
            // Typing: the paragraph's row starts are wrapped again in place, and its end moves.
            let span = span(of: first)
            let rows = rewrap(paragraphs[first], old: bounds[span.dropLast()], change: change)
            bounds.replaceSubrange(span.dropLast(), with: rows)
            bounds[span.lowerBound + rows.count] = paragraphs[first].count
            shiftRows(after: first, by: rows.count - (span.count - 1))
            return
        }
        let removed = first..<(first + change.removedParagraphs)
        let oldRows = removed.reduce(0) { $0 + rows(of: $1) }
        let oldSpan = span(of: first).lowerBound..<span(of: removed.upperBound - 1).upperBound
        let start = firstRows[first]
        let fresh = Self.wrap(paragraphs[first..<(first + change.insertedParagraphs)], startingAt: start, width: width, widths: widths,
                              kinsoku: kinsoku)
        bounds.replaceSubrange(oldSpan, with: fresh.bounds)
        firstRows.replaceSubrange(removed, with: fresh.firstRows)
        shiftRows(after: first + change.insertedParagraphs - 1, by: fresh.end - start - oldRows)
    }

    /// Moves the rows of the paragraphs after `paragraph` by `delta`, as an edit before them
    /// added or removed rows.
    private mutating func shiftRows(after paragraph: Int, by delta: Int) {
        guard delta != 0 else { return }
        for index in (paragraph + 1)..<firstRows.count { firstRows[index] += delta }
        rowCount += delta
    }

    private func rewrap(_ characters: [Character], old: ArraySlice<Int>, change: TextChange) -> [Int] {
        let delta = change.insertedCharacters - change.removedCharacters
        let editEnd = change.startOffset + change.insertedCharacters
        // A break at b is decided by the characters up to b + 1 (the one that overflowed, when
        // 禁則 moved the break back by one), so the last row start that stands for sure is the
        // last one with b + 1 before the edit.
        var restart = old.startIndex
        while restart + 1 < old.endIndex && old[restart + 1] + 1 < change.startOffset { restart += 1 }
        var oldIndex = restart + 1
        var resumeAt: Int?
        let result = LineBreaking.rowStarts(characters, from: old[restart], width: width, widths: widths, kinsoku: kinsoku) { start in
            guard start > editEnd else { return false }
            while oldIndex < old.endIndex && old[oldIndex] + delta < start { oldIndex += 1 }
            if oldIndex < old.endIndex && old[oldIndex] + delta == start && old[oldIndex] > change.startOffset + change.removedCharacters {
                resumeAt = oldIndex
                return true
            }
            return false
        }
        var rows = Array(old[..<restart]) + result.rows
        if let resumeAt { rows += old[resumeAt...].map { $0 + delta } }
        return rows
    }

    // MARK: Rows and positions

    /// The paragraph and row index within it of a whole-text row. O(log paragraphs).
    public func locate(row: Int) -> (paragraph: Int, row: Int) {
        let row = max(0, row)
        guard row < rowCount else {
            let last = firstRows.count - 1
            return (last, rows(of: last) - 1)
        }
        var low = 0, high = firstRows.count - 1
        while low < high {  // the last paragraph starting at or before `row`
            let middle = (low + high + 1) / 2
            if firstRows[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - firstRows[low])
    }

    /// `locate(row:)` found by walking from paragraph `near` (the cursor's), for a row a text box
    /// shows near the cursor: a few neighbouring entries read, where the search read a dozen
    /// spread over a long answer's list, each on its own page after 20 ms of rest. Searches
    /// when the walk would be long.
    public func locate(row: Int, near paragraph: Int) -> (paragraph: Int, row: Int) {
        guard row >= 0, row < rowCount, paragraph >= 0, paragraph < firstRows.count else { return locate(row: row) }
        var found = paragraph
        for _ in 0..<64 {
            if firstRows[found] > row {
                found -= 1  // never below paragraph 0, whose first row is 0
            } else if found + 1 < firstRows.count && firstRows[found + 1] <= row {
                found += 1
            } else {
                return (found, row - firstRows[found])
            }
        }
        return locate(row: row)
    }

    /// The character range of a whole-text row.
    public func range(ofRow row: Int) -> (paragraph: Int, range: Range<Int>) {
        let location = locate(row: row)
        return (location.paragraph, range(of: location))
    }

    /// The character range of row `location.row` of paragraph `location.paragraph`.
    public func range(of location: (paragraph: Int, row: Int)) -> Range<Int> {
        let start = firstRows[location.paragraph] + location.paragraph + location.row
        return bounds[start]..<bounds[start + 1]
    }

    /// The row after `location`, found by a step where `locate` searches: drawing a text box's
    /// rows one after another searched a long answer's paragraphs once a row.
    public func location(after location: (paragraph: Int, row: Int)) -> (paragraph: Int, row: Int) {
        location.row + 1 < rows(of: location.paragraph) ? (location.paragraph, location.row + 1) : (location.paragraph + 1, 0)
    }

    /// Where `position` is drawn: whole-text row and cell column.
    public func location(of position: TextPosition, in paragraphs: [[Character]]) -> (row: Int, column: Int) {
        let row = firstRows[position.paragraph]
        let rows = bounds[span(of: position.paragraph)].dropLast()
        var index = rows.startIndex
        var low = rows.startIndex
        var high = rows.endIndex - 1
        while low <= high {
            let middle = (low + high) / 2
            if rows[middle] <= position.offset { index = middle; low = middle + 1 } else { high = middle - 1 }
        }
        let characters = paragraphs[position.paragraph]
        var column = 0
        for offset in rows[index]..<min(position.offset, characters.count) { column += widths.drawnWidth(of: characters[offset]) }
        return (row + index - rows.startIndex, column)
    }

    /// The position on whole-text `row` at `column`, or the nearest character boundary left of it.
    public func position(row: Int, column: Int, in paragraphs: [[Character]]) -> TextPosition {
        let (paragraph, range) = self.range(ofRow: row)
        let characters = paragraphs[paragraph]
        let isLastRow = range.upperBound == characters.count
        // On a wrapped row, the end position belongs to the next row: stop before it.
        let limit = isLastRow ? range.upperBound : max(range.lowerBound, range.upperBound - 1)
        var offset = range.lowerBound
        var cells = 0
        while offset < limit {
            let next = widths.drawnWidth(of: characters[offset])
            if cells + next > column { break }
            cells += next
            offset += 1
        }
        return TextPosition(paragraph: paragraph, offset: offset)
    }
}
