/// Keys that are not text.
public enum Key: Sendable, Hashable {
    case up, down, left, right, home, end, pageUp, pageDown, insert, delete, backspace
    case enter, tab, backTab, escape
    case wordLeft, wordRight, textStart, textEnd
    case function(Int)
}

/// What the person did, decoded from the terminal: the input of the key map.
public enum InputEvent: Sendable, Equatable {
    /// Printable text typed (one character, or an IME's commit of several).
    case text(String)
    case key(Key)
    /// Ctrl with a letter, as the lowercase letter ("q" for Ctrl-Q).
    case control(Character)
    /// Alt (Meta) with a character, sent by terminals as ESC before it.
    case alt(Character)
    /// A bracketed paste: everything between the markers, literally.
    case paste(String)
    case resize(rows: Int, columns: Int)
    /// Bytes that are not UTF-8 came, and were dropped (`UTF8Assembler`).
    case notUTF8
    /// The terminal's answer to "where is the cursor?" (`ESC [ row ; column R`): not a key, but
    /// the answer to the question the back end asks at start (how wide ○ is drawn).
    case cursorPosition(row: Int, column: Int)
}

/// What a terminal back end reads, before decoding: a character, a function key it recognised,
/// the paste markers, or a new size.
public enum RawKey: Sendable, Equatable {
    case scalar(UInt32)
    /// Characters read in one piece, as a back end reads a paste's body: the same as their
    /// scalars one by one, without a key apiece (24 bytes each, half a megabyte for a page).
    case text(String)
    case key(Key)
    case pasteStart
    case pasteEnd
    case resize(rows: Int, columns: Int)
    /// Bytes that are not UTF-8 (a terminal set to another encoding): nothing to type.
    case notUTF8
}

/// Turns raw keys into input events: control characters into keys, ESC + character into Alt,
/// and everything between the paste markers into one paste — an ESC inside a paste is text.
/// Invalid code points are dropped; bytes that are not UTF-8 are reported (`notUTF8`), so the
/// person can be told why what they typed did not appear.
///
/// Escape sequences the back end's key table did not know arrive as ESC and their characters;
/// they are read here as the terminal meant them (`EscapeSequence`) or dropped, and never typed
/// into an answer: PuTTY's and Tera Term's Home and End, a keypad in application mode, a
/// terminal's late answer to a query, under a TERM that names another terminal.
public struct KeyDecoder: Sendable {
    private var paste: String.UnicodeScalarView?
    /// Scalars in `paste` (the view's own count walks the whole text).
    private var pasteLength = 0
    /// Bytes that are not UTF-8 came inside the paste: told once it is delivered.
    private var pasteHadNotUTF8 = false
    /// After an ESC: what of a sequence has come so far.
    private var escape: EscapeSequence.Progress?

    /// A paste larger than this is delivered in parts, so a lost end marker cannot eat memory.
    public static let pasteLimit = 16 << 20

    public init() {}

    public var isInPaste: Bool { paste != nil }

    /// An ESC has come and what it is waits on the next character: a key's sequence follows at
    /// once, so a short silence means the Escape key.
    public var isAfterEscape: Bool { escape != nil }

    /// Decodes one raw key, appending what it means to `events`: most keys make one event, an
    /// ESC makes none until what follows it is known. The run loop keeps `events` from key to
    /// key, so decoding a key allocates nothing.
    public mutating func feed(_ raw: RawKey, into events: inout [InputEvent]) {
        if paste != nil {
            feedPaste(raw, into: &events)
            return
        }
        if let progress = escape {
            escape = nil
            if case .scalar(let value) = raw {
                switch EscapeSequence.next(progress, value) {
                case .more(let next):
                    escape = next
                    return
                case .done(let event):
                    if let event { events.append(event) }
                    return
                case .notPart: break
                }
            }
            // Not part of a sequence: a lone ESC was the Escape key; a sequence cut short is dropped.
            if progress == .escape { events.append(.key(.escape)) }
        }
        switch raw {
        case .pasteStart:
            paste = String.UnicodeScalarView()
            pasteLength = 0
        case .pasteEnd: break
        case .resize(let rows, let columns): events.append(.resize(rows: rows, columns: columns))
        case .notUTF8: events.append(.notUTF8)
        case .key(let key): events.append(.key(key))
        case .scalar(let value):
            if let event = decode(value) { events.append(event) }
        case .text(let text):
            for scalar in text.unicodeScalars { feed(.scalar(scalar.value), into: &events) }
        }
    }

    /// Called when no input came for a while: a lone ESC was the Escape key; a paste whose end
    /// marker never came is delivered as it is.
    public mutating func idle(into events: inout [InputEvent]) {
        if let pending = paste {
            paste = nil
            if !pending.isEmpty { events.append(.paste(String(pending))) }
            reportNotUTF8InPaste(into: &events)
        } else if let progress = escape {
            escape = nil
            if progress == .escape { events.append(.key(.escape)) }
        }
    }

    private mutating func feedPaste(_ raw: RawKey, into events: inout [InputEvent]) {
        switch raw {
        case .pasteEnd:
            events.append(.paste(String(paste ?? String.UnicodeScalarView())))
            paste = nil
            reportNotUTF8InPaste(into: &events)
        case .scalar(let value):
            if let scalar = Unicode.Scalar(value) {
                paste?.append(scalar)
                pasteLength += 1
            }
            deliverPasteAtLimit(into: &events)
        case .text(let text):
            paste?.append(contentsOf: text.unicodeScalars)
            pasteLength += text.unicodeScalars.count
            deliverPasteAtLimit(into: &events)
        case .key(.enter): paste?.append("\n")
        case .key(.tab): paste?.append("\t")
        case .resize(let rows, let columns): events.append(.resize(rows: rows, columns: columns))
        case .notUTF8: pasteHadNotUTF8 = true
        case .pasteStart, .key: break
        }
    }

    private mutating func reportNotUTF8InPaste(into events: inout [InputEvent]) {
        if pasteHadNotUTF8 { events.append(.notUTF8) }
        pasteHadNotUTF8 = false
    }

    private mutating func deliverPasteAtLimit(into events: inout [InputEvent]) {
        guard pasteLength >= Self.pasteLimit else { return }
        events.append(.paste(String(paste ?? String.UnicodeScalarView())))
        paste = String.UnicodeScalarView()
        pasteLength = 0
    }

    private mutating func decode(_ value: UInt32) -> InputEvent? {
        switch value {
        case 0x1B: escape = .escape; return nil
        case 0x0D, 0x0A: return .key(.enter)
        case 0x09: return .key(.tab)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(value + 0x60)!))
        case 0x00...0x1F, 0x80...0x9F: return nil
        default: return Unicode.Scalar(value).map { .text(String($0)) }
        }
    }
}
