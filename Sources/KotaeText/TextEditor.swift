/// A text buffer with its layout, kept in step: what an answer widget edits. The TUI sends it
/// `EditCommand`s and journals the `Splice` each returns.
public struct TextEditor: Sendable, Equatable {
    public private(set) var buffer: TextBuffer
    public private(set) var layout: TextLayout
    /// The column up/down aim for, kept across short rows until a sideways move.
    private var goalColumn: Int?
    /// The cursor's row and column, found after every change: the screen asks several times a key.
    private var cursorRow = 0
    private var cursorColumn = 0

    public init(text: String, width: Int, widths: DisplayWidth = DisplayWidth(), kinsoku: Bool = true) {
        buffer = TextBuffer(text)
        layout = TextLayout(paragraphs: buffer.paragraphs, width: width, widths: widths, kinsoku: kinsoku)
        locateCursor()
    }

    public var text: String { buffer.text }
    public var cursor: TextPosition { buffer.cursor }
    /// Where the cursor is drawn: row of the whole text, and cell column.
    public var cursorLocation: (row: Int, column: Int) { (cursorRow, cursorColumn) }

    private mutating func locateCursor() {
        (cursorRow, cursorColumn) = layout.location(of: buffer.cursor, in: buffer.paragraphs)
    }

    /// Lays the text out for a new width; the cursor stays on the same character.
    public mutating func resize(width: Int, widths: DisplayWidth? = nil) {
        guard width != layout.width || (widths != nil && widths != layout.widths) else { return }
        layout = TextLayout(paragraphs: buffer.paragraphs, width: width, widths: widths ?? layout.widths, kinsoku: layout.kinsoku)
        locateCursor()
    }

    /// Readies the buffer for the next edit at the cursor (`TextBuffer.prepareNextEdit`).
    public mutating func prepareNextEdit() { buffer.prepareNextEdit() }

    /// Performs `command`; returns the change to persist, if the text changed.
    @discardableResult
    public mutating func perform(_ command: EditCommand) -> Splice? {
        var change: TextChange?
        switch command {
        case .insert(let text): change = buffer.insert(text, kind: .typing)
        case .paste(let text): change = buffer.insert(text, kind: .block)
        case .replaceAll(let text): change = buffer.replaceAll(with: text)
        case .deleteBackward: change = buffer.deleteBackward()
        case .deleteForward: change = buffer.deleteForward()
        case .undo: change = buffer.undo()
        case .redo: change = buffer.redo()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .wordLeft: buffer.moveWordLeft()
        case .wordRight: buffer.moveWordRight()
        case .textStart: buffer.moveToTextStart()
        case .textEnd: buffer.moveToTextEnd()
        case .rowStart: moveWithinRow(toEnd: false)
        case .rowEnd: moveWithinRow(toEnd: true)
        case .up: moveVertically(by: -1)
        case .down: moveVertically(by: 1)
        case .pageUp(let rows): moveVertically(by: -max(1, rows))
        case .pageDown(let rows): moveVertically(by: max(1, rows))
        }
        if !command.keepsGoalColumn { goalColumn = nil }
        if let change { layout.update(for: change, in: buffer.paragraphs) }
        locateCursor()
        return change?.splice
    }

    private mutating func moveVertically(by rows: Int) {
        let here = cursorLocation
        let target = min(max(0, here.row + rows), layout.rowCount - 1)
        guard target != here.row else { return }
        let column = goalColumn ?? here.column
        buffer.moveCursor(to: layout.position(row: target, column: column, in: buffer.paragraphs))
        goalColumn = column
    }

    private mutating func moveWithinRow(toEnd: Bool) {
        let row = cursorLocation.row
        buffer.moveCursor(to: layout.position(row: row, column: toEnd ? Int.max : 0, in: buffer.paragraphs))
    }
}

public enum EditCommand: Sendable, Equatable {
    case insert(String)
    /// A bracketed paste: inserted literally, one undo step.
    case paste(String)
    /// The whole text replaced (from an external editor), one undo step.
    case replaceAll(String)
    case deleteBackward, deleteForward
    case undo, redo
    case left, right, wordLeft, wordRight
    case up, down
    case pageUp(rows: Int), pageDown(rows: Int)
    case rowStart, rowEnd, textStart, textEnd

    var keepsGoalColumn: Bool {
        switch self {
        case .up, .down, .pageUp, .pageDown: return true
        default: return false
        }
    }
}
