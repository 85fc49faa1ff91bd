import KotaeText

/// What a cell is for; the terminal back end turns roles into colours or, without colour
/// (or with NO_COLOR), into bold/reverse/underline.
public enum Style: Sendable, Hashable, CaseIterable {
    case normal, dim, title, heading, selected, field, focusedField
    case answered, invalid, empty, notApplicable
    case status, statusKey, error, warning, notice
}

public struct Cell: Sendable, Equatable {
    /// The spacing scalar; nil for the right half of a 2-cell character.
    public var scalar: Unicode.Scalar?
    /// Zero-width scalars drawn with it (combining marks, joiners, variation selectors); nil
    /// when none, as for nearly every cell, so that copying and comparing cells stays cheap.
    public var marks: [Unicode.Scalar]?
    public var style: Style

    public init(scalar: Unicode.Scalar?, marks: [Unicode.Scalar]? = nil, style: Style) {
        self.scalar = scalar
        self.marks = marks
        self.style = style
    }

    /// `text`'s first scalar spaces, the rest are its marks; "" is a continuation.
    public init(text: String, style: Style) {
        var scalars = text.unicodeScalars.makeIterator()
        scalar = scalars.next()
        var rest: [Unicode.Scalar] = []
        while let mark = scalars.next() { rest.append(mark) }
        marks = rest.isEmpty ? nil : rest
        self.style = style
    }

    /// One spacing scalar with any zero-width scalars after it; "" for the right half of a
    /// 2-cell character.
    public var text: String {
        guard let scalar else { return "" }
        var text = String.UnicodeScalarView()
        text.append(scalar)
        if let marks { text.append(contentsOf: marks) }
        return String(text)
    }

    public static let blank = Cell(scalar: " ", style: .normal)
    static let continuation = Cell(scalar: nil, style: .normal)

    public var isContinuation: Bool { scalar == nil }
}

/// A grid of cells: what `view` draws and the back end copies to the terminal. Text is placed
/// by `DisplayWidth`, the same function the terminal's wcwidth is made to agree with, and always
/// through the sanitiser, so nothing drawn can be a control sequence.
public struct Canvas: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public let widths: DisplayWidth
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor goes (the insertion point), if anywhere.
    public var cursor: (row: Int, column: Int)?

    public init(rows: Int, columns: Int, widths: DisplayWidth = DisplayWidth()) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.widths = widths
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    public static func == (lhs: Canvas, rhs: Canvas) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.cells == rhs.cells
            && lhs.cursor?.row == rhs.cursor?.row && lhs.cursor?.column == rhs.cursor?.column
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Paints cells `from ..< to` of `row` blank in `style`.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, style: Style) {
        guard row >= 0 && row < rows else { return }
        for column in max(0, from)..<min(to ?? columns, columns) { set(row, column, Cell(scalar: " ", style: style)) }
    }

    /// Draws `text` from (`row`, `column`), clipped before column `limit`; returns the column after
    /// it. A 2-cell character that would cross the limit is not drawn (its cell stays blank).
    /// Scalars of width 0 join the cell before them.
    @discardableResult
    public mutating func put<S: StringProtocol>(_ text: S, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        put(scalars: text.unicodeScalars, row: row, column: column, style: style, limit: limit)
    }

    /// `put` for characters as an editor holds them, without making a `String` of them first.
    @discardableResult
    public mutating func put(characters: ArraySlice<Character>, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        put(scalars: characters.lazy.flatMap(\.unicodeScalars), row: row, column: column, style: style, limit: limit)
    }

    private mutating func put<Scalars: Sequence<Unicode.Scalar>>(scalars: Scalars, row: Int, column: Int, style: Style, limit: Int?) -> Int {
        let limit = min(limit ?? columns, columns)
        guard row >= 0 && row < rows else { return column }
        var at = column
        // Sanitised scalar by scalar: copying every drawn string through the sanitiser first
        // showed in profiles of a keystroke.
        for scalar in scalars {
            if Sanitizer.needsPlaceholder(scalar) {
                for shown in Sanitizer.placeholder(for: scalar).unicodeScalars {
                    guard place(shown, row: row, at: &at, start: column, limit: limit, style: style) else { return at }
                }
            } else {
                guard place(scalar, row: row, at: &at, start: column, limit: limit, style: style) else { return at }
            }
        }
        return at
    }

    /// Places one scalar at `at` and moves `at` past it; false once the limit is reached.
    private mutating func place(_ scalar: Unicode.Scalar, row: Int, at: inout Int, start: Int, limit: Int, style: Style) -> Bool {
        let cells = widths.width(of: scalar)
        if cells == 0 {
            if at > start, at - 1 < columns {
                var previous = at - 1
                if self[row, previous].isContinuation && previous > 0 { previous -= 1 }
                var cell = self[row, previous]
                cell.marks = (cell.marks ?? []) + [scalar]
                set(row, previous, cell)
            }
            return true
        }
        if at + cells > limit { return false }
        if at >= 0 {
            set(row, at, Cell(scalar: scalar, style: style))
            if cells == 2 { set(row, at + 1, Cell(scalar: nil, style: style)) }
        }
        at += cells
        return true
    }

    /// Sets one cell, blanking the other half of any 2-cell character it cuts through.
    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        guard column >= 0 && column < columns else { return }
        let index = row * columns + column
        if cells[index].isContinuation && column > 0 && !cell.isContinuation {
            cells[index - 1] = Cell(scalar: " ", style: cells[index - 1].style)
        }
        if !cells[index].isContinuation && column + 1 < columns && cells[index + 1].isContinuation && !cell.isContinuation {
            cells[index + 1] = Cell(scalar: " ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// One row as text, trailing blanks trimmed: what golden files hold.
    public func line(_ row: Int) -> String {
        var text = ""
        for column in 0..<columns { text += self[row, column].text }
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
