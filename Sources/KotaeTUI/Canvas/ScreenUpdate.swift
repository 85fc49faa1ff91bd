import KotaeCore

/// What a terminal needs to be told, as the back end reads it from terminfo: bytes, nothing
/// more, so that turning canvases into output can be tested without one.
public struct TerminalControls {
    /// Moves the cursor to a row and column, both counted from 0.
    public var moveCursor: (_ row: Int, _ column: Int) -> [UInt8]
    /// For each style (by `Style.rawValue`), the bytes that set its attributes and colours from
    /// any rendition: each starts by going back to the normal one.
    public var renditions: [[UInt8]]
    /// Whether the bottom-right cell can be written without the screen scrolling: true unless
    /// the terminal wraps at once when a row is full (automatic margins without xenl).
    public var canWriteLastCell: Bool
    /// Clears the screen and puts the cursor at its top left (terminfo's `clear`).
    public var clearScreen: [UInt8]

    public init(moveCursor: @escaping (Int, Int) -> [UInt8], renditions: [[UInt8]], canWriteLastCell: Bool,
                clearScreen: [UInt8] = TerminalControls.ansiClearScreen) {
        self.moveCursor = moveCursor
        self.renditions = renditions
        self.canWriteLastCell = canWriteLastCell
        self.clearScreen = clearScreen
        sameRendition = renditions.map { bytes in renditions.firstIndex(of: bytes) ?? 0 }
    }

    /// Styles that look alike share the first such style's index: moving between them sends
    /// nothing.
    fileprivate let sameRendition: [Int]

    /// "ESC [ H ESC [ 2 J": home and erase, as xterm, VT100 and everything like them clear.
    public static let ansiClearScreen = Array("\u{1B}[H\u{1B}[2J".utf8)

    /// "ESC [ row ; column H": the cursor address of xterm, VT100 and everything like them.
    public static func ansiCursorAddress(_ row: Int, _ column: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x1B, UInt8(ascii: "[")]
        bytes.appendDecimal(row + 1)
        bytes.append(UInt8(ascii: ";"))
        bytes.appendDecimal(column + 1)
        bytes.append(UInt8(ascii: "H"))
        return bytes
    }

    /// `text` without terminfo's padding ("$<5>", delays for hardware terminals that tputs would
    /// wait out): written as it is, it shows on screen. Emulators need no delays.
    /// (Byte by byte: Foundation's `range(of:)` went through NSString, and a first walk by
    /// `Character`s cost as much, at every start.)
    public static func withoutPadding(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "<"),
               let end = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                index = end + 1
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}

/// Turns the screen showing one canvas into the screen showing the next: only the cells that
/// changed, with the cursor moved and the rendition switched only where they have to be.
///
/// ncurses did this before, through its own copy of the screen: every keystroke's cell went
/// into its window, was compared again line by line, hashed to look for scrolled lines, and its
/// cursor movements were costed by formatting each candidate. The canvas already knows which
/// cells changed; writing them directly took a fifth of the work out of a keystroke
/// (docs/performance.md). ncurses still starts and restores the terminal and reads the keys.
public struct ScreenUpdate {
    /// Where the terminal's cursor is, if known.
    private var cursor: (row: Int, column: Int)?
    /// The rendition in effect (an index into `TerminalControls.sameRendition`), if known.
    private var rendition: Int?

    public init() {}

    /// After something else wrote to the terminal: assume nothing about it.
    public mutating func forget() {
        cursor = nil
        rendition = nil
    }

    /// The bytes that turn the screen from `previous` (nil: a cleared screen) into `canvas`,
    /// ending in the normal rendition (whoever writes next, ncurses included, assumes it) with
    /// the cursor at the canvas's cursor, if it has one.
    public mutating func bytes(from previous: Canvas?, to canvas: Canvas, controls: TerminalControls) -> [UInt8] {
        bytes(from: previous, to: canvas, inRows: Array(0..<canvas.rows), controls: controls)
    }

    /// `bytes(from:to:controls:)` for the cells of `rows` only: the others are known to be alike.
    /// (A list, not any sequence: the back end calls from another module, where a generic function
    /// runs unspecialized, reading each row through the protocol and allocating as it goes.)
    public mutating func bytes(from previous: Canvas?, to canvas: Canvas, inRows rows: [Int], controls: TerminalControls) -> [UInt8] {
        let before = previous ?? Canvas(rows: canvas.rows, columns: canvas.columns, widths: canvas.widths)
        var output: [UInt8] = []
        output.reserveCapacity(64)  // a key's frame: a character or two and a cursor move, in one allocation
        let lastCell = canvas.rows * canvas.columns - 1
        for index in canvas.changes(since: before, inRows: rows) {
            let cell = canvas.cells[index]
            guard let scalar = cell.scalar, index != lastCell || controls.canWriteLastCell else { continue }
            let row = index / canvas.columns
            let column = index % canvas.columns
            if cursor?.row != row || cursor?.column != column {
                output += controls.moveCursor(row, column)
            }
            let wanted = controls.sameRendition[Int(cell.style.rawValue)]
            if rendition != wanted {
                output += controls.renditions[Int(cell.style.rawValue)]
                rendition = wanted
            }
            append(scalar, to: &output)
            for mark in canvas.marks(at: index) { append(mark, to: &output) }
            let width = index + 1 < canvas.cells.count && canvas.cells[index + 1].isContinuation ? 2 : 1
            // At the right edge terminals differ in where the cursor is left: address it again.
            cursor = column + width < canvas.columns ? (row, column + width) : nil
        }
        let normal = controls.sameRendition[Int(Style.normal.rawValue)]
        if rendition != normal {
            output += controls.renditions[Int(Style.normal.rawValue)]
            rendition = normal
        }
        if let target = canvas.cursor, cursor?.row != target.row || cursor?.column != target.column {
            output += controls.moveCursor(target.row, target.column)
            cursor = target
        }
        return output
    }

    private func append(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            output.append(UInt8(value))
        } else {
            output.append(contentsOf: UTF8.encode(scalar)!)
        }
    }
}
