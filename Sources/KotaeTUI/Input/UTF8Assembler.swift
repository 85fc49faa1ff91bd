/// Characters put together from the terminal's bytes one at a time, telling apart bytes that are
/// not UTF-8 (a terminal set to Shift_JIS or EUC-JP, a stray byte on a noisy line) from the
/// characters around them.
///
/// ncurses' `wget_wch` kept adding bytes to a character that could never be valid until it held
/// sixteen, so one stray byte swallowed the keys typed after it: "ABC" and the next Japanese
/// characters were lost behind a 0xFF. Here a byte that cannot continue the character ends it as
/// invalid and is read again as the start of the next one. Every key goes through here: it keeps
/// no array and makes no string.
public struct UTF8Assembler: Sendable {
    /// What a byte completed.
    public enum Piece: Sendable, Equatable {
        case scalar(UInt32)
        /// Bytes that are not UTF-8, however many.
        case notUTF8
    }

    /// What one byte completed: nothing while a character is incomplete, usually one piece, and
    /// two when it ended an incomplete character as invalid and is itself complete.
    public enum Fed: Sendable, Equatable {
        case nothing
        case one(Piece)
        case two(Piece, Piece)

        public var pieces: [Piece] {
            switch self {
            case .nothing: return []
            case .one(let piece): return [piece]
            case .two(let first, let second): return [first, second]
            }
        }
    }

    /// The bits of the character so far, how many of its bytes came, and how many it has.
    private var value: UInt32 = 0
    private var count = 0
    private var length = 0

    public init() {}

    /// Whether a character has begun and its last bytes are still to come.
    public var isIncomplete: Bool { count > 0 }

    public mutating func feed(_ byte: UInt8) -> Fed {
        if count > 0 {
            guard byte & 0xC0 == 0x80 else {
                count = 0
                return start(byte).map { .two(.notUTF8, $0) } ?? .one(.notUTF8)
            }
            value = value << 6 | UInt32(byte & 0x3F)
            count += 1
            return count == length ? .one(finish()) : .nothing
        }
        return start(byte).map { .one($0) } ?? .nothing
    }

    /// Ends a character whose last bytes did not come: what it has is not UTF-8.
    public mutating func flush() -> Fed {
        guard count > 0 else { return .nothing }
        count = 0
        return .one(.notUTF8)
    }

    /// The whole of `bytes`, as pieces; a character cut off at the end is not UTF-8.
    public static func pieces(of bytes: some Sequence<UInt8>) -> [Piece] {
        var assembler = UTF8Assembler()
        return bytes.flatMap { assembler.feed($0).pieces } + assembler.flush().pieces
    }

    /// The piece a first byte is by itself, or nil when it begins a character of several bytes.
    private mutating func start(_ byte: UInt8) -> Piece? {
        switch byte {
        case 0x00...0x7F: return .scalar(UInt32(byte))
        case 0xC2...0xDF: (value, length) = (UInt32(byte & 0x1F), 2)
        case 0xE0...0xEF: (value, length) = (UInt32(byte & 0x0F), 3)
        case 0xF0...0xF4: (value, length) = (UInt32(byte & 0x07), 4)
        default: return .notUTF8  // a continuation byte without its start, or never UTF-8
        }
        count = 1
        return nil
    }

    private mutating func finish() -> Piece {
        count = 0
        // The lead byte and the count were right; what is left to refuse is a value written
        // with more bytes than it needs, a UTF-16 surrogate, or one past U+10FFFF.
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x1_0000
        guard value >= smallest, !(0xD800...0xDFFF).contains(value), value <= 0x10_FFFF else { return .notUTF8 }
        return .scalar(value)
    }
}

extension RawKey {
    /// What a back end hands on for a piece of the terminal's bytes.
    public init(_ piece: UTF8Assembler.Piece) {
        switch piece {
        case .scalar(let value): self = .scalar(value)
        case .notUTF8: self = .notUTF8
        }
    }
}
