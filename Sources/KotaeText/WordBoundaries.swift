/// Word motion for mixed Japanese and Latin text. The rule: a word is a run of characters of one
/// script class — kanji, hiragana, katakana (with ー), Latin letters and digits — except that a
/// kanji run takes the hiragana that follow it (送り仮名: 委託する, 取扱い, 監督を are one word each,
/// as in Word and most Japanese editors). Punctuation runs are words of their own; spaces are
/// skipped over.
enum WordBoundaries {
    enum Class: Equatable {
        case space, kanji, hiragana, katakana, alphanumeric, punctuation
    }

    static func classify(_ character: Character) -> Class {
        guard let scalar = character.unicodeScalars.first else { return .punctuation }
        let value = scalar.value
        if character.isWhitespace { return .space }
        switch value {
        case 0x3041...0x309F: return .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .katakana
        case 0x3005, 0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return .kanji
        default: break
        }
        if character.isLetter || character.isNumber || character == "_" { return .alphanumeric }
        return .punctuation
    }

    /// Whether `next` continues a word whose previous character is of class `current`.
    static func continues(_ current: Class, with next: Class) -> Bool {
        current == next || (current == .kanji && next == .hiragana)
    }

    /// The end of the word at or after `offset` (spaces before it skipped).
    static func wordEnd(in characters: [Character], from offset: Int) -> Int {
        var index = offset
        while index < characters.count && classify(characters[index]) == .space { index += 1 }
        guard index < characters.count else { return index }
        var current = classify(characters[index])
        index += 1
        while index < characters.count {
            let next = classify(characters[index])
            guard continues(current, with: next) else { break }
            current = next
            index += 1
        }
        return index
    }

    /// The start of the word before `offset` (spaces after it skipped).
    static func wordStart(in characters: [Character], before offset: Int) -> Int {
        var index = offset
        while index > 0 && classify(characters[index - 1]) == .space { index -= 1 }
        guard index > 0 else { return 0 }
        var current = classify(characters[index - 1])
        index -= 1
        while index > 0 {
            let previous = classify(characters[index - 1])
            guard continues(previous, with: current) else { break }
            current = previous
            index -= 1
        }
        return index
    }
}
