import Testing
@testable import KotaeTUI

/// Bytes that came from the terminal past the end of a paste, made into keys.
@Suite struct TerminalBytesTests {
    /// A small key table as terminfo gives it, with F5 bound to a key Kotae does not use.
    static let table: [String: RawKey?] = [
        "\u{1B}[A": .key(.up), "\u{1B}[D": .key(.left), "\u{1B}OP": .key(.function(1)), "\u{1B}[15~": nil,
        "\u{1B}[200~": .pasteStart, "\u{1B}[201~": .pasteEnd,
    ]

    static func match(_ bytes: [UInt8]) -> SequenceMatch {
        let text = String(decoding: bytes, as: UTF8.self)
        if let key = table[text] { return .key(key) }
        return table.keys.contains { $0.hasPrefix(text) } ? .prefix : .none
    }

    static func keys(_ text: String) -> (keys: [RawKey], incomplete: String) {
        let result = TerminalBytes.keys(in: Array(text.utf8), match: match)
        return (result.keys, String(decoding: result.incomplete, as: UTF8.self))
    }

    static func scalars(_ text: String) -> [RawKey] {
        text.unicodeScalars.map { .scalar($0.value) }
    }

    @Test func arrowKeysAfterAPasteMoveTheCursorInsteadOfTypingLetters() {
        let result = Self.keys("\u{1B}[D\u{1B}[DX")
        #expect(result.keys == [.key(.left), .key(.left), .scalar(UInt32(("X" as Unicode.Scalar).value))])
        #expect(result.incomplete.isEmpty)
    }

    /// Bytes that are not UTF-8 (a terminal set to Shift_JIS) are reported, and the keys after
    /// them still come: typed before the first screen, they once became U+FFFD in the answer.
    @Test func bytesThatAreNotUTF8AreReportedAndWhatFollowsComes() {
        let bytes: [UInt8] = [0x82, 0xA0] + Array("ABC委託".utf8)  // あ in Shift_JIS, then UTF-8
        let result = TerminalBytes.keys(in: bytes, match: Self.match)
        #expect(result.keys == [.notUTF8, .notUTF8] + Self.scalars("ABC委託"))
    }

    @Test func japaneseAroundASequenceComesThroughWhole() {
        let result = Self.keys("委託\u{1B}[A先の\u{1B}OP")
        #expect(result.keys == Self.scalars("委託") + [.key(.up)] + Self.scalars("先の") + [.key(.function(1))])
    }

    @Test func anEscapeThatStartsNoSequenceStaysForAltAndEscape() {
        #expect(Self.keys("\u{1B}x").keys == Self.scalars("\u{1B}x"))
        #expect(Self.keys("\u{1B}[Z").keys == Self.scalars("\u{1B}[Z"), "a sequence the table does not know is not swallowed")
    }

    @Test func aKeyKotaeDoesNotUseIsDroppedNotTyped() {
        #expect(Self.keys("\u{1B}[15~a").keys == Self.scalars("a"))
    }

    @Test func anotherPasteInTheBytesIsRecognised() {
        #expect(Self.keys("a\u{1B}[200~b\u{1B}[201~").keys
                == Self.scalars("a") + [.pasteStart] + Self.scalars("b") + [.pasteEnd])
    }

    @Test func aSequenceCutOffAtTheEndIsHeldBackForItsRest() {
        let result = Self.keys("あ\u{1B}[20")
        #expect(result.keys == Self.scalars("あ"))
        #expect(result.incomplete == "\u{1B}[20")
        #expect(Self.keys("\u{1B}").incomplete == "\u{1B}", "a lone ESC at the end may be the start of a key")
    }

    /// A read may end inside a character: its first bytes wait for the rest instead of becoming
    /// a replacement character, with the rest typed as garbage after it.
    @Test func aCharacterCutBetweenTwoReadsIsHeldBackForItsRest() {
        let cut = Array(Array("先".utf8).prefix(2))
        let bytes = Array("委託".utf8) + cut
        let result = TerminalBytes.keys(in: bytes, match: Self.match)
        #expect(result.keys == Self.scalars("委託"))
        #expect(result.incomplete == cut)
        let emoji = Array("😀".utf8), cutEmoji = Array(emoji.prefix(3))
        #expect(TerminalBytes.keys(in: cutEmoji, match: Self.match).incomplete == cutEmoji)
        #expect(TerminalBytes.keys(in: emoji, match: Self.match).incomplete.isEmpty, "a whole character is not held back")
    }
}
