import KotaeText
#if canImport(Glibc)
import Glibc
#endif

/// What a cell is for; the terminal back end turns roles into colours or, without colour
/// (or with NO_COLOR), into bold/reverse/underline.
public enum Style: UInt8, Sendable, Hashable, CaseIterable {
    case normal, dim, title, heading, selected, field, focusedField
    case answered, invalid, empty, notApplicable
    case status, statusKey, error, warning, notice
}

/// One cell of the grid: four bytes, every bit of them defined, and no references. A frame of
/// 3,000 cells is made and dropped without reference counting, and rows compare as plain memory
/// (profiles of a keystroke showed both when a cell carried an array).
public struct Cell: Sendable, Equatable {
    /// The spacing scalar's value in the low 21 bits (0 for the right half of a 2-cell character;
    /// U+0000 itself is never drawn, the sanitiser shows it as a placeholder), the style above it,
    /// and the top bit set when zero-width scalars are drawn with it.
    private var bits: UInt32

    private static let scalarMask: UInt32 = 0x1F_FFFF
    private static let styleShift: UInt32 = 21
    private static let marksBit: UInt32 = 1 << 31

    public init(scalar: Unicode.Scalar?, style: Style) {
        bits = (scalar?.value ?? 0) | UInt32(style.rawValue) << Self.styleShift
    }

    /// The spacing scalar; nil for the right half of a 2-cell character.
    public var scalar: Unicode.Scalar? {
        let value = bits & Self.scalarMask
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    public var style: Style {
        Style(rawValue: UInt8(truncatingIfNeeded: (bits & ~Self.marksBit) >> Self.styleShift)) ?? .normal
    }

    /// Whether zero-width scalars (combining marks, joiners, variation selectors) are drawn with
    /// it; the canvas keeps them, as almost no cell has any.
    public internal(set) var hasMarks: Bool {
        get { bits & Self.marksBit != 0 }
        set { bits = newValue ? bits | Self.marksBit : bits & ~Self.marksBit }
    }

    public static let blank = Cell(scalar: " ", style: .normal)

    public var isContinuation: Bool { bits & Self.scalarMask == 0 }
}

/// A grid of cells: what `view` draws and the back end copies to the terminal. Text is placed
/// by `DisplayWidth`, the same function the terminal's wcwidth is made to agree with, and always
/// through the sanitiser, so nothing drawn can be a control sequence.
public struct Canvas: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public let widths: DisplayWidth
    public private(set) var cells: [Cell]
    /// The zero-width scalars of the cells whose `hasMarks` is set, by cell index.
    private var marks: [Int: [Unicode.Scalar]] = [:]
    /// Where the terminal's cursor goes (the insertion point), if anywhere.
    public var cursor: (row: Int, column: Int)?
    /// The rows whose cells may have changed since `forgetChangedRows()` (all of them on a new
    /// canvas): a canvas drawn over in place tells the back end which rows to compare with the
    /// screen, and the others are not even read.
    public private(set) var changedRows: [Bool]

    public init(rows: Int, columns: Int, widths: DisplayWidth = DisplayWidth()) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.widths = widths
        cells = Array(repeating: .blank, count: self.rows * self.columns)
        changedRows = Array(repeating: true, count: self.rows)
    }

    public mutating func forgetChangedRows() {
        for row in changedRows.indices where changedRows[row] { changedRows[row] = false }
    }

    /// Every cell blank, no cursor.
    public mutating func clear() {
        for row in 0..<rows { fill(row: row, style: .normal) }
        cursor = nil
    }

    /// Equal cells, marks and cursor; which rows changed lately is bookkeeping, not content.
    public static func == (lhs: Canvas, rhs: Canvas) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.cells == rhs.cells && lhs.marks == rhs.marks
            && lhs.cursor?.row == rhs.cursor?.row && lhs.cursor?.column == rhs.cursor?.column
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// The zero-width scalars drawn with the cell at `index` of `cells` (usually none).
    public func marks(at index: Int) -> [Unicode.Scalar] {
        cells[index].hasMarks ? marks[index] ?? [] : []
    }

    /// The indices of the cells to draw again to turn `previous` into this canvas: those that
    /// differ, or all of them when there is no previous canvas of this size. Continuations are left
    /// out (drawing a 2-cell character covers them). Unchanged rows are skipped by comparing
    /// their memory, which is what makes a keystroke's frame cheap to send.
    public func changes(since previous: Canvas?) -> [Int] {
        changes(since: previous, inRows: Array(0..<rows))
    }

    /// `changes(since:)` in `rows` only: the others are known to be alike.
    public func changes(since previous: Canvas?, inRows rowsToCompare: [Int]) -> [Int] {
        guard let previous, previous.rows == rows, previous.columns == columns else {
            return cells.indices.filter { !cells[$0].isContinuation }
        }
        guard !cells.isEmpty else { return [] }
        let sameMarks = previous.marks == marks
        var changed: [Int] = []
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                let rowBytes = columns * MemoryLayout<Cell>.stride
                for row in rowsToCompare {
                    let start = row * columns
                    if sameMarks && memcmp(new.baseAddress! + start, old.baseAddress! + start, rowBytes) == 0 { continue }
                    for index in start..<start + columns where !new[index].isContinuation {
                        if new[index] != old[index] || (new[index].hasMarks && marks[index] != previous.marks[index]) {
                            changed.append(index)
                        }
                    }
                }
            }
        }
        return changed
    }

    /// Copies a block of cells, with their marks, from `other`, a canvas of the same size whose
    /// block holds no 2-cell character cut by its edges.
    public mutating func copy(rows: Range<Int>, columns: Range<Int>, from other: Canvas) {
        precondition(other.rows == self.rows && other.columns == self.columns, "copying between canvases of different sizes")
        let rows = rows.clamped(to: 0..<self.rows)
        let columns = columns.clamped(to: 0..<self.columns)
        let width = self.columns
        func inBlock(_ index: Int) -> Bool { rows.contains(index / width) && columns.contains(index % width) }
        guard !rows.isEmpty && !columns.isEmpty else { return }
        if !marks.isEmpty { marks = marks.filter { !inBlock($0.key) } }
        cells.withUnsafeMutableBufferPointer { target in
            other.cells.withUnsafeBufferPointer { source in
                for row in rows {
                    let start = row * width + columns.lowerBound
                    (target.baseAddress! + start).update(from: source.baseAddress! + start, count: columns.count)
                }
            }
        }
        for (index, scalars) in other.marks where inBlock(index) { marks[index] = scalars }
        for row in rows { changedRows[row] = true }
    }

    /// The cell at `index` of `cells` as text: its scalar and marks; "" for a continuation.
    public func text(at index: Int) -> String {
        guard let scalar = cells[index].scalar else { return "" }
        var text = String.UnicodeScalarView()
        text.append(scalar)
        text.append(contentsOf: marks(at: index))
        return String(text)
    }

    /// Paints cells `from ..< to` of `row` blank in `style`.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, style: Style) {
        guard row >= 0 && row < rows else { return }
        let columns = max(0, from)..<min(to ?? self.columns, self.columns)
        guard !columns.isEmpty else { return }
        let blank = Cell(scalar: " ", style: style)
        // A canvas drawn over in place clears rows that are mostly clear already: look first.
        let start = row * self.columns
        let alreadyFilled = cells.withUnsafeBufferPointer { cells in
            columns.allSatisfy { cells[start + $0] == blank }
        }
        if alreadyFilled { return }
        // The edges through `set`, which blanks the other half of a 2-cell character they cut;
        // every cell between is overwritten whole.
        set(row, columns.lowerBound, blank)
        set(row, columns.upperBound - 1, blank)
        guard columns.count > 2 else { return }
        for index in (start + columns.lowerBound + 1)..<(start + columns.upperBound - 1) where cells[index].hasMarks {
            marks[index] = nil
        }
        cells.withUnsafeMutableBufferPointer { cells in
            for index in (start + columns.lowerBound + 1)..<(start + columns.upperBound - 1) { cells[index] = blank }
        }
        changedRows[row] = true
    }

    /// Draws `text` from (`row`, `column`), clipped before column `limit`; returns the column after
    /// it. A 2-cell character that would cross the limit is not drawn (its cell stays blank).
    /// Scalars of width 0 join the cell before them.
    @discardableResult
    public mutating func put<S: StringProtocol>(_ text: S, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        let limit = min(limit ?? columns, columns)
        guard row >= 0 && row < rows else { return column }
        var at = column
        for scalar in text.unicodeScalars {
            guard put(scalar, row: row, at: &at, start: column, limit: limit, style: style) else { break }
        }
        return at
    }

    /// One printable ASCII character, such as a border: `put` without walking a string, which
    /// for the 50 borders of a frame was 9,000 instructions of every keystroke.
    public mutating func put(ascii character: Unicode.Scalar, row: Int, column: Int, style: Style = .normal) {
        precondition(character.value >= 0x20 && character.value < 0x7F, "one printable ASCII character")
        guard row >= 0 && row < rows else { return }
        set(row, column, Cell(scalar: character, style: style))
    }

    /// `put` for characters as an editor holds them, without making a `String` of them first.
    @discardableResult
    public mutating func put(characters: ArraySlice<Character>, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        let limit = min(limit ?? columns, columns)
        guard row >= 0 && row < rows else { return column }
        var at = column
        for character in characters {
            for scalar in character.unicodeScalars {
                guard put(scalar, row: row, at: &at, start: column, limit: limit, style: style) else { return at }
            }
        }
        return at
    }

    /// One scalar, sanitised: a control or bidi scalar is drawn as its visible placeholder.
    /// Scalar by scalar rather than copying every drawn string through the sanitiser first, which
    /// showed in profiles of a keystroke.
    @inline(__always)
    private mutating func put(_ scalar: Unicode.Scalar, row: Int, at: inout Int, start: Int, limit: Int, style: Style) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F {  // printable ASCII: one cell, nothing to sanitise
            guard at < limit else { return false }
            if at >= 0 { set(row, at, Cell(scalar: scalar, style: style)) }
            at += 1
            return true
        }
        guard Sanitizer.needsPlaceholder(scalar) else {
            return place(scalar, row: row, at: &at, start: start, limit: limit, style: style)
        }
        for shown in Sanitizer.placeholder(for: scalar).unicodeScalars {
            guard place(shown, row: row, at: &at, start: start, limit: limit, style: style) else { return false }
        }
        return true
    }

    /// Places one scalar at `at` and moves `at` past it; false once the limit is reached.
    private mutating func place(_ scalar: Unicode.Scalar, row: Int, at: inout Int, start: Int, limit: Int, style: Style) -> Bool {
        let width = widths.width(of: scalar)
        if width == 0 {
            if at > start, at - 1 < columns {
                var previous = at - 1
                if self[row, previous].isContinuation && previous > 0 { previous -= 1 }
                let index = row * columns + previous
                marks[index, default: []].append(scalar)
                cells[index].hasMarks = true
                changedRows[row] = true
            }
            return true
        }
        if at + width > limit { return false }
        if at >= 0 {
            set(row, at, Cell(scalar: scalar, style: style))
            if width == 2 { set(row, at + 1, Cell(scalar: nil, style: style)) }
        }
        at += width
        return true
    }

    /// Sets one cell, blanking the other half of any 2-cell character it cuts through, including
    /// when the cell set is itself the right half of a 2-cell character.
    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        guard column >= 0 && column < columns else { return }
        let index = row * columns + column
        if cells[index].isContinuation && column > 0 && !cell.isContinuation {
            replace(index - 1, row: row, with: Cell(scalar: " ", style: cells[index - 1].style))
        }
        if !cells[index].isContinuation && column + 1 < columns && cells[index + 1].isContinuation {
            replace(index + 1, row: row, with: Cell(scalar: " ", style: cells[index + 1].style))
        }
        replace(index, row: row, with: cell)
    }

    /// A cell set to what it already is changes nothing, and its row is not marked changed.
    private mutating func replace(_ index: Int, row: Int, with cell: Cell) {
        if cells[index] == cell && !cell.hasMarks { return }
        if cells[index].hasMarks { marks[index] = nil }
        cells[index] = cell
        changedRows[row] = true
    }

    /// One row as text, trailing blanks trimmed: what golden files hold.
    public func line(_ row: Int) -> String {
        var text = ""
        for column in 0..<columns { text += self.text(at: row * columns + column) }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// The whole screen as text, with the cursor's place on a last line.
    public var text: String {
        var lines = (0..<rows).map(line)
        lines.append(cursor.map { "cursor: \($0.row),\($0.column)" } ?? "cursor: hidden")
        return lines.joined(separator: "\n") + "\n"
    }
}
