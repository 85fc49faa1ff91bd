import Testing
@testable import KotaeTUI

/// Characters put together from the terminal's bytes, and bytes that are not UTF-8 kept apart
/// from the characters around them.
@Suite struct UTF8AssemblerTests {
    static func scalars(_ text: String) -> [UTF8Assembler.Piece] {
        text.unicodeScalars.map { .scalar($0.value) }
    }

    @Test func charactersOfOneToFourBytesComeWhole() {
        var assembler = UTF8Assembler()
        // 1, 2, 3 and 4 bytes, and the first and last value of each length.
        for character in ["a", "é", "委", "𠮷", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"] {
            let bytes = Array(character.utf8)
            for byte in bytes.dropLast() {
                #expect(assembler.feed(byte) == .nothing, "nothing comes out halfway through \(character)")
                #expect(assembler.isIncomplete)
            }
            #expect(assembler.feed(bytes.last!).pieces == Self.scalars(character))
            #expect(!assembler.isIncomplete)
        }
    }

    /// What ncurses did not do: the keys after a stray byte are typed.
    @Test func aByteThatIsNotUTF8DoesNotSwallowWhatFollows() {
        #expect(UTF8Assembler.pieces(of: [0xFF] + Array("ABC委".utf8)) == [.notUTF8] + Self.scalars("ABC委"))
        #expect(UTF8Assembler.pieces(of: [0x80, 0x41]) == [.notUTF8] + Self.scalars("A"), "a continuation byte without its start")
        #expect(UTF8Assembler.pieces(of: [0xC0, 0xAF, 0x41]) == [.notUTF8, .notUTF8] + Self.scalars("A"), "C0 never starts UTF-8")
        #expect(UTF8Assembler.pieces(of: [0xF5, 0x80, 0x80, 0x80]) == Array(repeating: .notUTF8, count: 4))
    }

    @Test func aCharacterCutShortEndsAtTheByteThatCannotContinueIt() {
        // あ is E3 81 82: its first two bytes, then "F" and あ whole.
        #expect(UTF8Assembler.pieces(of: [0xE3, 0x81] + Array("Fあ".utf8)) == [.notUTF8] + Self.scalars("Fあ"))
        #expect(UTF8Assembler.pieces(of: [0xE3, 0x81, 0xE3, 0x81, 0x82]) == [.notUTF8] + Self.scalars("あ"), "a new start ends the old one")
    }

    @Test func overlongFormsSurrogatesAndValuesPastUnicodeAreNotUTF8() {
        #expect(UTF8Assembler.pieces(of: [0xE0, 0x80, 0xAF]) == [.notUTF8], "an overlong /")
        #expect(UTF8Assembler.pieces(of: [0xED, 0xA0, 0x80]) == [.notUTF8], "a UTF-16 surrogate")
        #expect(UTF8Assembler.pieces(of: [0xF4, 0x90, 0x80, 0x80]) == [.notUTF8], "past U+10FFFF")
    }

    @Test func aCharacterWhoseLastBytesNeverComeIsNotUTF8() {
        var assembler = UTF8Assembler()
        #expect(assembler.feed(0xE5) == .nothing && assembler.feed(0xA7) == .nothing)
        #expect(assembler.isIncomplete)
        #expect(assembler.flush() == .one(.notUTF8))
        #expect(!assembler.isIncomplete && assembler.flush() == .nothing)
        #expect(assembler.feed(0x41) == .one(.scalar(0x41)))
    }
}
