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
                    && (noLineStart.contains(characters[breakAt]) || noLineEnd.contains(characters[breakAt - 1])) {
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
public struct TextLayout: Sendable, Equatable {
    public let width: Int
    public let widths: DisplayWidth
    public let kinsoku: Bool
    /// Row start offsets per paragraph; each paragraph has at least one row, starting at 0.
    public private(set) var rowStarts: [[Int]]
    public private(set) var rowCount: Int
    /// The whole-text row each paragraph starts on: finds a row's paragraph by binary search.
    /// Redone from the edited paragraph on only when an edit changed a row count.
    private var firstRows: [Int]

    public init(paragraphs: [[Character]], width: Int, widths: DisplayWidth = DisplayWidth(), kinsoku: Bool = true) {
        self.width = max(1, width)
        self.widths = widths
        self.kinsoku = kinsoku
        rowStarts = paragraphs.map { LineBreaking.rowStarts($0, width: width, widths: widths, kinsoku: kinsoku).rows }
        rowCount = rowStarts.reduce(0) { $0 + $1.count }
        firstRows = []
        recountRows(from: 0)
    }

    public static func == (lhs: TextLayout, rhs: TextLayout) -> Bool {
        lhs.width == rhs.width && lhs.widths == rhs.widths && lhs.kinsoku == rhs.kinsoku && lhs.rowStarts == rhs.rowStarts
    }

    private mutating func recountRows(from paragraph: Int) {
        firstRows.removeSubrange(min(paragraph, firstRows.count)...)
        var row = paragraph == 0 ? 0 : firstRows[paragraph - 1] + rowStarts[paragraph - 1].count
        for index in paragraph..<rowStarts.count {
            firstRows.append(row)
            row += rowStarts[index].count
        }
    }

    /// Brings the layout up to date with `change`, which `paragraphs` already contain.
    public mutating func update(for change: TextChange, in paragraphs: [[Character]]) {
        let first = change.firstParagraph
        let oldRows = rowStarts[first..<(first + change.removedParagraphs)].reduce(0) { $0 + $1.count }
        let fresh: [[Int]]
        if change.isWithinOneParagraph {
            fresh = [rewrap(paragraphs[first], old: rowStarts[first], change: change)]
        } else {
            fresh = paragraphs[first..<(first + change.insertedParagraphs)].map {
                LineBreaking.rowStarts($0, width: width, widths: widths, kinsoku: kinsoku).rows
            }
        }
        let sameShape = fresh.count == change.removedParagraphs
            && zip(fresh, rowStarts[first..<(first + change.removedParagraphs)]).allSatisfy { $0.count == $1.count }
        rowStarts.replaceSubrange(first..<(first + change.removedParagraphs), with: fresh)
        rowCount += fresh.reduce(0) { $0 + $1.count } - oldRows
        if !sameShape { recountRows(from: first) }
    }

    private func rewrap(_ characters: [Character], old: [Int], change: TextChange) -> [Int] {
        let delta = change.insertedCharacters - change.removedCharacters
        let editEnd = change.startOffset + change.insertedCharacters
        // A break at b is decided by the characters up to b + 1 (the one that overflowed, when
        // 禁則 moved the break back by one), so the last row start that stands for sure is the
        // last one with b + 1 before the edit.
        var restart = 0
        while restart + 1 < old.count && old[restart + 1] + 1 < change.startOffset { restart += 1 }
        var oldIndex = restart + 1
        var resumeAt: Int?
        let result = LineBreaking.rowStarts(characters, from: old[restart], width: width, widths: widths, kinsoku: kinsoku) { start in
            guard start > editEnd else { return false }
            while oldIndex < old.count && old[oldIndex] + delta < start { oldIndex += 1 }
            if oldIndex < old.count && old[oldIndex] + delta == start && old[oldIndex] > change.startOffset + change.removedCharacters {
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
            let last = rowStarts.count - 1
            return (last, rowStarts[last].count - 1)
        }
        var low = 0, high = firstRows.count - 1
        while low < high {  // the last paragraph starting at or before `row`
            let middle = (low + high + 1) / 2
            if firstRows[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - firstRows[low])
    }

    /// The character range of a whole-text row.
    public func range(ofRow row: Int, in paragraphs: [[Character]]) -> (paragraph: Int, range: Range<Int>) {
        let location = locate(row: row)
        return (location.paragraph, range(of: location, in: paragraphs))
    }

    /// The character range of row `location.row` of paragraph `location.paragraph`.
    public func range(of location: (paragraph: Int, row: Int), in paragraphs: [[Character]]) -> Range<Int> {
        let rows = rowStarts[location.paragraph]
        let end = location.row + 1 < rows.count ? rows[location.row + 1] : paragraphs[location.paragraph].count
        return rows[location.row]..<end
    }

    /// The row after `location`, found by a step where `locate` searches: drawing a text box's
    /// rows one after another searched a long answer's paragraphs once a row.
    public func location(after location: (paragraph: Int, row: Int)) -> (paragraph: Int, row: Int) {
        location.row + 1 < rowStarts[location.paragraph].count ? (location.paragraph, location.row + 1) : (location.paragraph + 1, 0)
    }

    /// Where `position` is drawn: whole-text row and cell column.
    public func location(of position: TextPosition, in paragraphs: [[Character]]) -> (row: Int, column: Int) {
        let row = firstRows[position.paragraph]
        let rows = rowStarts[position.paragraph]
        var index = 0
        var low = 0
        var high = rows.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if rows[middle] <= position.offset { index = middle; low = middle + 1 } else { high = middle - 1 }
        }
        let characters = paragraphs[position.paragraph]
        var column = 0
        for offset in rows[index]..<min(position.offset, characters.count) { column += widths.drawnWidth(of: characters[offset]) }
        return (row + index, column)
    }

    /// The position on whole-text `row` at `column`, or the nearest character boundary left of it.
    public func position(row: Int, column: Int, in paragraphs: [[Character]]) -> TextPosition {
        let (paragraph, range) = self.range(ofRow: row, in: paragraphs)
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
