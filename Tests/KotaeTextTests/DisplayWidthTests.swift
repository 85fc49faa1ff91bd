import Testing
@testable import KotaeText

@Suite struct DisplayWidthTests {
    /// The per-scalar table of the basic plane is made from the generated ranges; it must agree
    /// with a search of those ranges for every scalar, or text would be placed differently.
    @Test func theBasicPlaneTableAgreesWithTheGeneratedRanges() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)..<0x1_0000 where UInt64(DisplayWidth.basicPlane[Int(value)]) != DisplayWidth.tableClass(of: value) {
            disagreements.append(value)
        }
        #expect(disagreements.isEmpty, "U+\(String(disagreements.first ?? 0, radix: 16)) and \(disagreements.count) more")
    }

    let narrow = DisplayWidth(ambiguous: .narrow)
    let wide = DisplayWidth(ambiguous: .wide)

    @Test(arguments: [
        ("A", 1), ("あ", 2), ("ｱ", 1), ("\u{FF76}\u{FF9E}", 2), ("か\u{3099}", 2), ("（", 2), ("\u{FF5E}", 2),
        ("✓", 1), ("😀", 2), ("漢", 2), ("ａ", 2), ("１", 2), ("👍🏽", 4), ("\u{200D}", 0), ("\u{FE0F}", 0),
    ])
    func widthOfOneCharacter(_ text: String, _ expected: Int) {
        #expect(narrow.width(of: Character(text)) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(wide.width(of: Character(text)) == expected, "not ambiguous, so the setting does not matter")
    }

    @Test(arguments: ["①", "○", "■", "※", "─", "●", "★", "→", "×"])
    func ambiguousFollowsTheSetting(_ text: String) {
        #expect(narrow.width(of: Character(text)) == 1)
        #expect(wide.width(of: Character(text)) == 2)
    }

    @Test func combiningDakutenAloneIsZero() {
        #expect(narrow.width(of: "\u{3099}" as Unicode.Scalar) == 0)
        #expect(narrow.width(of: "\u{FF9E}" as Unicode.Scalar) == 1, "halfwidth dakuten takes its own cell")
    }

    @Test func aLongMixedString() {
        // 1,250 × "あA①ｶﾞ" = 5,000 characters: 2 + 1 + 1 (or 2) + 2 cells each time.
        let text = String(repeating: "あA①\u{FF76}\u{FF9E}", count: 1_250)
        #expect(text.count == 5_000)
        #expect(narrow.width(of: text) == 1_250 * 6)
        #expect(wide.width(of: text) == 1_250 * 7)
    }

    @Test func tableNamesItsUnicodeVersion() {
        #expect(DisplayWidth.unicodeVersion == "16.0.0")
    }

    @Test func controlsAreMeasuredAsTheirPlaceholders() {
        #expect(narrow.drawnWidth(of: "\u{1B}") == 1)
        #expect(narrow.drawnWidth(of: "\u{9B}") == 8)
    }
}

@Suite struct SanitizerTests {
    @Test func escapeSequencesBecomeVisible() {
        #expect(Sanitizer.displayText("\u{1B}[2J消去") == "␛[2J消去")
        #expect(Sanitizer.displayText("\u{1B}]0;偽のタイトル\u{07}") == "␛]0;偽のタイトル␇")
        #expect(Sanitizer.displayText("\u{1B}]52;c;ZXZpbA==\u{07}") == "␛]52;c;ZXZpbA==␇")
        #expect(Sanitizer.displayText("\u{9B}31m") == "<U+009B>31m")
        #expect(Sanitizer.displayText("abc\u{202E}fed") == "abc<U+202E>fed")
        #expect(Sanitizer.displayText("a\u{0}b\u{7F}") == "a␀b␡")
    }

    @Test func newlinesStayOrShowAsAsked() {
        #expect(Sanitizer.displayText("一\r\n二\n三", keepNewlines: true) == "一\n二\n三")
        #expect(Sanitizer.displayText("一\n二") == "一␊二")
    }

    @Test func plainTextIsUntouched() {
        let text = "委託先（再委託先を含む）における個人データの取扱状況 ①②③ 😀"
        #expect(Sanitizer.displayText(text) == text)
    }

    @Test func everyPlaceholderHasAKnownWidthAndNoControl() {
        let widths = DisplayWidth()
        for value in Array(0x00...0x1F) + Array(0x7F...0x9F) + Array(0x202A...0x202E) + Array(0x2066...0x2069) {
            let scalar = Unicode.Scalar(UInt32(value))!
            let shown = Sanitizer.placeholder(for: scalar)
            #expect(!shown.unicodeScalars.contains(where: Sanitizer.needsPlaceholder))
            #expect(widths.width(of: shown) == (value < 0x80 ? 1 : 8))
        }
    }
}
