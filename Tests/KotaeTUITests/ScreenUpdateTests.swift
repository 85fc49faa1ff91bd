import KotaeTestSupport
import KotaeText
import Testing
@testable import KotaeTUI

/// A terminal as `ScreenUpdate` assumes one: "ESC [ row ; column H" moves the cursor, "ESC [ n m"
/// sets the rendition of style n, and each character takes the cells its width says, with
/// combining marks joining the cell before. Writing where the cursor's place is unknown (after
/// the right edge, where terminals differ) is recorded as a fault.
private struct ModelTerminal {
    var cells: [[(text: String, style: Int)]]
    var row: Int? = 0
    var column: Int? = 0
    var style = Int(Style.normal.rawValue)
    var faults: [String] = []
    var scrolled = false
    /// The cell a combining mark joins: the last one written.
    var lastWritten: (row: Int, column: Int)?
    let autoWrapAtOnce: Bool

    init(rows: Int, columns: Int, autoWrapAtOnce: Bool = false) {
        cells = Array(repeating: Array(repeating: (" ", Int(Style.normal.rawValue)), count: columns), count: rows)
        self.autoWrapAtOnce = autoWrapAtOnce
    }

    mutating func apply(_ bytes: [UInt8]) {
        var index = 0
        let widths = DisplayWidth()
        let text = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        while index < text.count {
            if text[index] == "\u{1B}" {
                var end = index + 2
                while !"Hm".unicodeScalars.contains(text[end]) { end += 1 }
                let numbers = String(String.UnicodeScalarView(text[(index + 2)..<end])).split(separator: ";").compactMap { Int($0) }
                if text[end] == "H" {
                    (row, column) = (numbers[0] - 1, numbers[1] - 1)
                } else {
                    style = numbers.first ?? Int(Style.normal.rawValue)
                }
                index = end + 1
                continue
            }
            let scalar = text[index]
            index += 1
            let width = widths.width(of: scalar)
            if width == 0, let (row, column) = lastWritten {
                cells[row][column].text.unicodeScalars.append(scalar)
                continue
            }
            guard let row, let column else {
                faults.append("wrote \(scalar) with the cursor's place unknown")
                continue
            }
            lastWritten = (row, column)
            cells[row][column] = (String(scalar), style)
            if width == 2 { cells[row][column + 1] = ("", style) }
            if column + width >= cells[row].count {
                self.column = nil
                if autoWrapAtOnce && row == cells.count - 1 { scrolled = true }
            } else {
                self.column = column + width
            }
        }
    }

    /// What a person sees, in the same form as `expected(_:)`.
    var screen: [[String]] {
        cells.map { $0.map { $0.text.isEmpty ? "" : "\($0.text)/\($0.style)" } }
    }

    static func expected(_ canvas: Canvas) -> [[String]] {
        (0..<canvas.rows).map { row in
            (0..<canvas.columns).map { column in
                let index = row * canvas.columns + column
                let cell = canvas.cells[index]
                guard let scalar = cell.scalar else { return "" }
                let text = String(String.UnicodeScalarView([scalar] + canvas.marks(at: index)))
                return "\(text)/\(rendition(of: cell.style))"
            }
        }
    }
}

/// Each style its own rendition, except a field's text, which looks like normal text (as the
/// back end's colours have it).
private func rendition(of style: Style) -> Int {
    Int(style == .field ? Style.normal.rawValue : style.rawValue)
}

private func controls(canWriteLastCell: Bool = true) -> TerminalControls {
    TerminalControls(moveCursor: TerminalControls.ansiCursorAddress,
                     renditions: Style.allCases.map { Array("\u{1B}[\(rendition(of: $0))m".utf8) },
                     canWriteLastCell: canWriteLastCell)
}

@Suite struct ScreenUpdateTests {
    /// The figure the benchmark counts: typing a character where the cursor is sends only that
    /// character, as ncurses did.
    @Test func typingSendsOnlyTheCharacter() {
        var canvas = Canvas(rows: 5, columns: 20)
        canvas.put("| 委託先", row: 2, column: 0, style: .field)
        canvas.cursor = (2, 8)
        var update = ScreenUpdate()
        _ = update.bytes(from: nil, to: canvas, controls: controls())
        for (character, column) in [("a", 8), ("あ", 9)] {
            var next = canvas
            next.put(character, row: 2, column: column, style: .field)
            next.cursor = (2, column + (character == "a" ? 1 : 2))
            #expect(update.bytes(from: canvas, to: next, controls: controls()) == Array(character.utf8))
            canvas = next
        }
    }

    @Test func anUnchangedScreenSendsNothing() {
        var canvas = Canvas(rows: 3, columns: 10)
        canvas.put("回答", row: 1, column: 2, style: .heading)
        canvas.cursor = (1, 6)
        var update = ScreenUpdate()
        _ = update.bytes(from: nil, to: canvas, controls: controls())
        #expect(update.bytes(from: canvas, to: canvas, controls: controls()).isEmpty)
    }

    /// Random screens drawn over each other: after each update the terminal shows exactly the
    /// canvas (characters, wide characters, marks, styles), the cursor is where the canvas puts
    /// it, and the rendition is back to normal for whoever writes next.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func theTerminalShowsExactlyTheCanvas(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let pieces = ["a", "委託", "か\u{3099}", " ", "|", "e\u{301}", "✓", "0/100", "１２", "👍"]
        var terminal = ModelTerminal(rows: 6, columns: 13)
        var update = ScreenUpdate()
        var previous: Canvas?
        var canvas = Canvas(rows: 6, columns: 13)
        for _ in 0..<200 {
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let style = Style.allCases.randomElement(using: &random)!
                canvas.put(pieces.randomElement(using: &random)!, row: Int.random(in: 0..<6, using: &random),
                           column: Int.random(in: 0..<13, using: &random), style: style)
            }
            canvas.cursor = Bool.random(using: &random) ? (Int.random(in: 0..<6, using: &random), Int.random(in: 0..<12, using: &random)) : nil
            terminal.apply(update.bytes(from: previous, to: canvas, controls: controls()))
            #expect(terminal.faults.isEmpty)
            #expect(terminal.screen == ModelTerminal.expected(canvas))
            #expect(terminal.style == Int(Style.normal.rawValue))
            if let cursor = canvas.cursor {
                #expect(terminal.row == cursor.row && terminal.column == cursor.column)
            }
            previous = canvas
        }
    }

    /// On a terminal that wraps as soon as a row is full, writing the bottom-right cell would
    /// scroll the whole screen up a line; that cell is left blank there instead.
    @Test func theBottomRightCellIsLeftAloneWhereWritingItScrolls() {
        var canvas = Canvas(rows: 2, columns: 6)
        canvas.put("保存", row: 1, column: 0, style: .status)
        canvas.put("x", row: 1, column: 5, style: .status)
        var terminal = ModelTerminal(rows: 2, columns: 6, autoWrapAtOnce: true)
        var update = ScreenUpdate()
        terminal.apply(update.bytes(from: nil, to: canvas, controls: controls(canWriteLastCell: false)))
        #expect(!terminal.scrolled)
        #expect(terminal.cells[1][2].text == "存")
        #expect(terminal.cells[1][5].text == " ")

        var wraps = ModelTerminal(rows: 2, columns: 6, autoWrapAtOnce: true)
        var other = ScreenUpdate()
        wraps.apply(other.bytes(from: nil, to: canvas, controls: controls(canWriteLastCell: true)))
        #expect(wraps.cells[1][5].text == "x")
    }

    /// Padding in terminfo (vt100's "$<5>") is a delay for hardware terminals; sent as written it
    /// would show on screen.
    @Test func terminfoPaddingIsNotSent() {
        #expect(TerminalControls.withoutPadding("\u{1B}[%i%p1%d;%p2%dH$<5>") == "\u{1B}[%i%p1%d;%p2%dH")
        #expect(TerminalControls.withoutPadding("\u{1B}[m\u{0F}$<2>") == "\u{1B}[m\u{0F}")
        #expect(TerminalControls.withoutPadding("a$<1.5*/>b$<3>") == "ab")
        #expect(TerminalControls.withoutPadding("\u{1B}[7m") == "\u{1B}[7m")
        #expect(TerminalControls.withoutPadding("$<unfinished") == "$<unfinished")
    }

    @Test func theAnsiCursorAddressCountsFromOne() {
        #expect(TerminalControls.ansiCursorAddress(0, 0) == Array("\u{1B}[1;1H".utf8))
        #expect(TerminalControls.ansiCursorAddress(29, 99) == Array("\u{1B}[30;100H".utf8))
    }
}
