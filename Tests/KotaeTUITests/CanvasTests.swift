import KotaeTestSupport
import Testing
@testable import KotaeTUI

/// The grid the screens are drawn on: what the terminal shows is exactly what these cells say.
@Suite struct CanvasTests {
    @Test func aCombiningMarkJoinsTheCharacterBeforeIt() {
        var canvas = Canvas(rows: 1, columns: 6)
        let end = canvas.put("e\u{301}x", row: 0, column: 0)
        #expect(end == 2)
        #expect(canvas.line(0) == "e\u{301}x")
        #expect(canvas.marks(at: 0) == ["\u{301}"])
        #expect(canvas.text(at: 1) == "x")
    }

    @Test func aMarkOnAWideCharacterStaysWithIt() {
        var canvas = Canvas(rows: 1, columns: 6)
        canvas.put("か\u{3099}", row: 0, column: 0)
        #expect(canvas.line(0) == "か\u{3099}")
        #expect(canvas.marks(at: 0) == ["\u{3099}"])
        #expect(canvas.marks(at: 1).isEmpty)
    }

    /// "１２" drawn one column to the right of where it was: each new character covers the right
    /// half of one old one and the left half of the next. No half of an old character may stay,
    /// or the terminal (which erases a whole character when half of it is written) and the
    /// canvas would disagree about the row.
    @Test func wideCharactersDrawnOverWideCharactersLeaveNoHalves() {
        var canvas = Canvas(rows: 1, columns: 8)
        canvas.put("１２", row: 0, column: 2)
        canvas.put("１２", row: 0, column: 3)
        #expect(canvas.line(0) == "   １２")
        canvas.put("|", row: 0, column: 5)
        #expect(canvas.line(0) == "   １|")
        for column in 0..<8 where canvas[0, column].isContinuation {
            #expect(column > 0 && canvas[0, column - 1].scalar.map { canvas.widths.width(of: $0) } == 2)
        }
    }

    /// Filling part of a row, as drawing over a canvas in place does for every part it draws
    /// again, leaves exactly what blanking its cells one by one leaves: no half of a 2-cell
    /// character at either edge, no marks inside.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func fillingLeavesWhatBlankingCellByCellLeaves(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let pieces = ["委託", "a", "か\u{3099}", "e\u{301}", "１２", " "]
        for _ in 0..<300 {
            var canvas = Canvas(rows: 2, columns: 9)
            for _ in 0..<6 {
                canvas.put(pieces.randomElement(using: &random)!, row: Int.random(in: 0..<2, using: &random),
                           column: Int.random(in: 0..<9, using: &random), style: Style.allCases.randomElement(using: &random)!)
            }
            let from = Int.random(in: 0..<9, using: &random), to = Int.random(in: from...9, using: &random)
            let style = Style.allCases.randomElement(using: &random)!
            var expected = canvas
            for column in from..<to { expected.put(" ", row: 1, column: column, style: style) }
            canvas.fill(row: 1, from: from, to: to, style: style)
            #expect(canvas == expected, "fill \(from)..<\(to) of \(expected.line(1))")
        }
    }

    @Test func overwritingACellDropsItsMarks() {
        var canvas = Canvas(rows: 1, columns: 4)
        canvas.put("e\u{301}", row: 0, column: 0)
        canvas.put("a", row: 0, column: 0)
        var fresh = Canvas(rows: 1, columns: 4)
        fresh.put("a", row: 0, column: 0)
        #expect(canvas.line(0) == "a")
        #expect(canvas == fresh)
    }

    @Test func marksMakeCanvasesDiffer() {
        var marked = Canvas(rows: 1, columns: 4)
        marked.put("e\u{301}", row: 0, column: 0)
        var plain = Canvas(rows: 1, columns: 4)
        plain.put("e", row: 0, column: 0)
        #expect(marked != plain)
    }

    @Test func cuttingAWideCharacterBlanksItsOtherHalf() {
        var canvas = Canvas(rows: 1, columns: 4)
        canvas.put("あい", row: 0, column: 0)
        canvas.put("x", row: 0, column: 1)
        #expect(canvas.line(0) == " xい")
        canvas.put("y", row: 0, column: 2)
        #expect(canvas.line(0) == " xy")
    }

    /// A border drawn with `put(ascii:)` leaves exactly the cells `put` would: over either half
    /// of a wide character, over a mark, at the edges and outside the grid.
    @Test func aBorderDrawsAsPutDrawsIt() {
        for column in -1...6 {
            for row in [-1, 0, 1] {
                var border = Canvas(rows: 1, columns: 6)
                border.put("委e\u{301}託", row: 0, column: 0)
                var text = border
                border.put(ascii: "|", row: row, column: column, style: .dim)
                text.put("|", row: row, column: column, style: .dim)
                #expect(border == text, "row \(row), column \(column)")
            }
        }
    }

    @Test func aWideCharacterThatWouldCrossTheLimitIsNotDrawn() {
        var canvas = Canvas(rows: 1, columns: 5)
        let end = canvas.put("aあい", row: 0, column: 0, limit: 4)
        #expect(end == 3)
        #expect(canvas.line(0) == "aあ")
    }

    @Test func controlCharactersAreDrawnAsPlaceholders() {
        var canvas = Canvas(rows: 1, columns: 20)
        canvas.put(characters: ArraySlice(Array("a\u{1B}[2Jb")), row: 0, column: 0)
        #expect(!canvas.line(0).unicodeScalars.contains { $0.value == 0x1B })
        #expect(canvas.line(0).hasPrefix("a"))
        #expect(canvas.line(0).hasSuffix("[2Jb"))
    }
}

/// What the terminal redraws between two frames.
@Suite struct CanvasChangeTests {
    @Test func withoutAPreviousFrameEverythingButContinuationsIsDrawn() {
        var canvas = Canvas(rows: 2, columns: 3)
        canvas.put("あ", row: 0, column: 0)
        #expect(canvas.changes(since: nil) == [0, 2, 3, 4, 5])
        #expect(canvas.changes(since: Canvas(rows: 3, columns: 3)) == [0, 2, 3, 4, 5])
    }

    @Test func onlyTheCellsThatChangedAreDrawn() {
        var before = Canvas(rows: 3, columns: 4)
        before.put("abcd", row: 1, column: 0)
        var after = before
        #expect(after.changes(since: before).isEmpty)
        after.put("X", row: 1, column: 2)
        after.put("y", row: 2, column: 3, style: .heading)
        #expect(after.changes(since: before) == [6, 11])
        var restyled = before
        restyled.put("a", row: 1, column: 0, style: .selected)
        #expect(restyled.changes(since: before) == [4])
    }

    @Test func aMarkAddedToAnUnchangedCharacterIsDrawn() {
        var before = Canvas(rows: 1, columns: 3)
        before.put("e\u{300}", row: 0, column: 1)
        var after = Canvas(rows: 1, columns: 3)
        after.put("e\u{301}", row: 0, column: 1)
        #expect(after.changes(since: before) == [1])
        var plain = Canvas(rows: 1, columns: 3)
        plain.put("e", row: 0, column: 1)
        #expect(after.changes(since: plain) == [1])
        #expect(plain.changes(since: after) == [1])
    }
}

@Suite struct CanvasCopyTests {
    @Test func aBlockIsCopiedWithItsMarksAndNothingElse() {
        var source = Canvas(rows: 3, columns: 6)
        source.put("ab\u{301}cdef", row: 0, column: 0)
        source.put("あいう", row: 1, column: 0, style: .selected)
        source.put("xyzxyz", row: 2, column: 0)
        var target = Canvas(rows: 3, columns: 6)
        target.put("e\u{300}", row: 1, column: 0)
        target.put("e\u{300}", row: 1, column: 5)
        target.copy(rows: 0..<2, columns: 0..<4, from: source)
        #expect(target.line(0) == "ab\u{301}cd")
        #expect(target.line(1) == "あい e\u{300}")
        #expect(target.line(2) == "")
        #expect(target[1, 0].style == .selected)
        #expect(target.marks(at: 1) == ["\u{301}"])
        #expect(target.marks(at: 6).isEmpty, "the mark the block covered is gone")
        #expect(target.marks(at: 11) == ["\u{300}"], "a mark outside the block stays")
    }
}
