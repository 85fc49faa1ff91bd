import Foundation
import KotaeTestSupport
import Testing
@testable import KotaeText

/// The rows of `text` at `width`, as strings.
private func rows(_ text: String, width: Int, kinsoku: Bool = false, widths: DisplayWidth = DisplayWidth()) -> [String] {
    let buffer = TextBuffer(text)
    let layout = TextLayout(paragraphs: buffer.paragraphs, width: width, widths: widths, kinsoku: kinsoku)
    return (0..<layout.rowCount).map { row in
        let (paragraph, range) = layout.range(ofRow: row)
        return String(buffer.paragraphs[paragraph][range])
    }
}

@Suite struct WrappingTests {
    let mixed = "個人データの取扱いをAI-OCR委託先に委託する。Contract type: 業務委託（再委託を含む）"

    @Test func aWideCharacterNeverSplitsAtTheMargin() {
        // Width 5: "ab" + "あ" = 4 cells, "い" would need cells 5-6, so it moves down; cell 5 stays blank.
        #expect(rows("abあいう", width: 5) == ["abあ", "いう"])
        #expect(rows("aあいうえ", width: 4) == ["aあ", "いう", "え"])
    }

    @Test func widthOneAndTwoAndThree() {
        #expect(rows("aあb", width: 1) == ["a", "あ", "b"], "a 2-cell character alone on a row wider than it")
        #expect(rows("aあb", width: 2) == ["a", "あ", "b"])
        #expect(rows("aあbい", width: 3) == ["aあ", "bい"])
        #expect(rows("あいう", width: 3) == ["あ", "い", "う"])
    }

    @Test(arguments: [1, 2, 3, 40, 79])
    func rowsFitTheirWidthAndLoseNothing(_ width: Int) {
        let widths = DisplayWidth()
        let text = String(repeating: mixed + "\n", count: 20) + "最後の行"
        let laid = rows(text, width: width)
        for row in laid where row.count > 1 {
            #expect(widths.width(of: row) <= width, "'\(row)' at \(width)")
        }
        #expect(laid.joined() == text.replacingOccurrences(of: "\n", with: ""))
    }

    @Test func mixedJapaneseAndASCIIAt40() {
        #expect(rows(mixed, width: 40) == [
            "個人データの取扱いをAI-OCR委託先に委託す",
            "る。Contract type: 業務委託（再委託を含",
            "む）",
        ])
    }

    @Test func textEndingInANewlineHasAnEmptyLastRow() {
        #expect(rows("一行目\n", width: 79) == ["一行目", ""])
        #expect(rows("", width: 79) == [""])
        #expect(rows("\n\n", width: 10) == ["", "", ""])
    }

    @Test func japaneseLineBreakingRules() {
        // Without 禁則 the row would start with "。"; with it, "る" moves down with it.
        #expect(rows("委託する。次", width: 8, kinsoku: false) == ["委託する", "。次"])
        #expect(rows("委託する。次", width: 8, kinsoku: true) == ["委託す", "る。次"])
        // No opening bracket at a row's end.
        #expect(rows("あいう「え」", width: 8, kinsoku: true) == ["あいう", "「え」"])
        #expect(rows("ーーーー", width: 2, kinsoku: true) == ["ー", "ー", "ー", "ー"], "a row is never emptied")
        // A character written in two scalars (ゝ and a combining voiced mark: ゞ as some Macs and
        // PDFs give it) is the character it looks like, and follows its rule.
        #expect(rows("委託する\u{309D}\u{3099}次", width: 8, kinsoku: true) == ["委託す", "る\u{309D}\u{3099}次"])
        #expect(rows("あいう\u{FF08}\u{FE00}え", width: 8, kinsoku: true) == ["あいう\u{FF08}\u{FE00}", "え"],
                "a bracket with a variation selector is not the bracket")
    }

    @Test func ambiguousWidthChangesTheLayout() {
        #expect(rows("①②③④", width: 4, widths: DisplayWidth(ambiguous: .narrow)) == ["①②③④"])
        #expect(rows("①②③④", width: 4, widths: DisplayWidth(ambiguous: .wide)) == ["①②", "③④"])
    }

    @Test func locationAndPositionAreInverse() {
        let buffer = TextBuffer(mixed + "\n" + mixed)
        let layout = TextLayout(paragraphs: buffer.paragraphs, width: 17, widths: DisplayWidth())
        for paragraph in 0..<buffer.paragraphs.count {
            for offset in 0..<buffer.paragraphs[paragraph].count {
                let position = TextPosition(paragraph: paragraph, offset: offset)
                let (row, column) = layout.location(of: position, in: buffer.paragraphs)
                #expect(layout.position(row: row, column: column, in: buffer.paragraphs) == position)
            }
        }
    }

    /// Drawing a box steps from row to row instead of searching for each; every step must land
    /// where the search does, over wrapped rows, empty paragraphs and paragraph ends.
    @Test func steppingRowByRowFindsWhatSearchingFinds() {
        let buffer = TextBuffer(mixed + "\n\n" + mixed + "\nあ\n\n")
        let layout = TextLayout(paragraphs: buffer.paragraphs, width: 7, widths: DisplayWidth())
        var location = layout.locate(row: 0)
        for row in 0..<layout.rowCount {
            #expect(location == layout.locate(row: row), "row \(row)")
            #expect(layout.range(of: location) == layout.range(ofRow: row).range)
            if row + 1 < layout.rowCount { location = layout.location(after: location) }
        }
    }

    /// Drawing a box finds its first row by a walk from the cursor's paragraph; from any
    /// paragraph, near or far, it must land where the search does.
    @Test func walkingFromAParagraphFindsWhatSearchingFinds() {
        let buffer = TextBuffer(([mixed, "", mixed, "あ", ""] + (0..<150).map { "段落\($0)" } + [mixed]).joined(separator: "\n"))
        let layout = TextLayout(paragraphs: buffer.paragraphs, width: 7, widths: DisplayWidth())
        for near in [0, 1, 2, 3, 4, 80, 154, buffer.paragraphs.count - 1] {
            for row in -1...layout.rowCount {
                #expect(layout.locate(row: row, near: near) == layout.locate(row: row), "row \(row) from paragraph \(near)")
            }
        }
    }

    /// Re-wrapping only what changed must give exactly the layout of wrapping everything again.
    @Test(arguments: [1, 3, 7, 20])
    func incrementalLayoutMatchesAFullOne(_ width: Int) {
        var random = SplitMix(seed: UInt64(width))
        let pieces = ["あ", "a", "。", "「", "」", "ー", "漢字", " ", "\n", "か\u{3099}", "👍🏽", "①", "ｶ", "\u{FF9E}", "\u{3099}"]
        var editor = TextEditor(text: "", width: width)
        for _ in 0..<600 {
            switch random.next() % 10 {
            case 0...4: editor.perform(.insert(pieces[Int(random.next() % UInt64(pieces.count))]))
            case 5: editor.perform(.deleteBackward)
            case 6: editor.perform(.deleteForward)
            case 7: editor.perform(.left)
            case 8: editor.perform(.up)
            default: editor.perform(random.next() % 2 == 0 ? .undo : .wordLeft)
            }
            let full = TextLayout(paragraphs: editor.buffer.paragraphs, width: width, widths: DisplayWidth())
            #expect(editor.layout == full)
            // Rows are found through a table kept across edits: every row must be where a
            // fresh layout finds it, and so must the cursor.
            let located = (0..<full.rowCount).map { editor.layout.locate(row: $0) }
            #expect(located.elementsEqual((0..<full.rowCount).map { full.locate(row: $0) }, by: ==))
            #expect(editor.cursorLocation == full.location(of: editor.cursor, in: editor.buffer.paragraphs))
            #expect(editor.buffer.characterCount == editor.text.count)
            if editor.layout != full || editor.buffer.characterCount != editor.text.count { return }
        }
    }
}
