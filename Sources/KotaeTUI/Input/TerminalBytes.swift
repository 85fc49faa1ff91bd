/// What the terminal's table of key sequences says of some bytes that start with ESC.
public enum SequenceMatch: Sendable, Equatable {
    /// The whole sequence of a key; nil for a key Kotae has no use for (it is dropped, as
    /// ncurses would have dropped it).
    case key(RawKey?)
    /// The beginning of one or more longer sequences.
    case prefix
    /// Neither.
    case none
}

/// Bytes read straight from the terminal, made into raw keys the way ncurses makes them: an
/// escape sequence the terminal's key table knows becomes its key, anything else is UTF-8
/// text, one scalar at a time (a lone ESC stays ESC, for the key decoder's Escape and Alt).
///
/// The back end reads the terminal itself, all that has come at once (ncurses reads one byte
/// per system call), and makes its keys here with ncurses' key table. Keys that came in one read
/// with a paste are made the same way: an arrow key typed just after a paste once came out as
/// ESC, "[" and "D" (the letter D, typed).
public enum TerminalBytes {
    /// The keys in `bytes`, and the tail whose rest has not arrived yet (empty when there is
    /// none): what may be the start of a key's sequence, or a character cut between two reads,
    /// which as text would be a replacement character and garbage after it.
    public static func keys(in bytes: [UInt8], match: ([UInt8]) -> SequenceMatch) -> (keys: [RawKey], incomplete: [UInt8]) {
        var keys: [RawKey] = []
        var textStart = 0
        var index = 0
        func takeText(upTo end: Int) {
            if textStart < end { keys += text(bytes[textStart..<end]) }
        }
        while index < bytes.count {
            guard bytes[index] == 0x1B else {
                index += 1
                continue
            }
            switch sequence(in: bytes, at: index, match: match) {
            case .key(let key, let length):
                takeText(upTo: index)
                if let key { keys.append(key) }
                index += length
                textStart = index
            case .incomplete:
                takeText(upTo: index)
                return (keys, Array(bytes[index...]))
            case .notAKey:
                index += 1
            }
        }
        let characterStart = bytes.count - cutCharacterLength(bytes[textStart...])
        takeText(upTo: characterStart)
        return (keys, Array(bytes[characterStart...]))
    }

    /// How many bytes at the end begin a UTF-8 character whose last bytes are missing.
    static func cutCharacterLength(_ bytes: ArraySlice<UInt8>) -> Int {
        var length = 0
        for byte in bytes.reversed().prefix(4) {
            length += 1
            if byte & 0xC0 == 0x80 { continue }  // a continuation byte: look further back
            let needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return needed > length ? length : 0
        }
        return 0
    }

    /// A paste's body as one piece of text. Bytes in it that are not UTF-8 are dropped, as typed
    /// ones are, and told (`notUTF8`, which the decoder reports once the paste ends); they once
    /// became U+FFFD in the answer.
    public static func pasted(_ body: [UInt8]) -> [RawKey] {
        if let text = String(validating: body, as: UTF8.self) { return [.text(text)] }
        var text = String.UnicodeScalarView()
        for case .scalar(let value) in UTF8Assembler.pieces(of: body) { text.append(Unicode.Scalar(value)!) }
        return [.text(String(text)), .notUTF8]
    }

    /// UTF-8 text as keys, one scalar each; bytes that are not UTF-8 as `notUTF8`.
    public static func text(_ bytes: some Collection<UInt8>) -> [RawKey] {
        UTF8Assembler.pieces(of: bytes).map(RawKey.init)
    }

    private enum Found {
        case key(RawKey?, length: Int)
        case incomplete
        case notAKey
    }

    /// The longest-known reading of the sequence starting at `start`, which is ESC.
    private static func sequence(in bytes: [UInt8], at start: Int, match: ([UInt8]) -> SequenceMatch) -> Found {
        // Key sequences are short; a longer run is text that happens to follow an ESC.
        let longest = 16
        var length = 1
        while length < longest {
            guard start + length < bytes.count else { return .incomplete }
            length += 1
            switch match(Array(bytes[start..<start + length])) {
            case .key(let key): return .key(key, length: length)
            case .prefix: continue
            case .none: return .notAKey
            }
        }
        return .notAKey
    }
}
