/// The escape sequences keys send (ECMA-48 control sequences, `ESC [ parameters final`, and
/// SS3, `ESC O final`), as xterm, VTE, PuTTY, Tera Term, rxvt and the Linux console send them,
/// read one character at a time after the ESC.
///
/// The back end's key table (terminfo) knows the sequences of the terminal TERM names; these are
/// for the others. A person on PuTTY with TERM=xterm presses Home and the terminal sends
/// `ESC [ 1 ~` where xterm's table says `ESC O H`; read as ESC, "[", "1" and "~", it typed "1~"
/// into the answer. A sequence that names no key Kotae uses is dropped whole.
enum EscapeSequence {
    /// How far a sequence has come.
    enum Progress: Sendable, Equatable {
        /// ESC alone: the Escape key, or Alt with the next character, or a sequence's start.
        case escape
        /// `ESC [` and the parameter and intermediate bytes after it.
        case control([UInt8])
        /// `ESC O`.
        case singleShift
        /// `ESC [ [`: the Linux console's F1–F5.
        case linuxFunction
    }

    enum Step: Equatable {
        case more(Progress)
        /// The sequence is whole: what it means, nil for nothing Kotae uses.
        case done(InputEvent?)
        /// This character does not continue the sequence (which is then dropped, or after a lone
        /// ESC is the Escape key), and is read on its own.
        case notPart
    }

    /// Parameter bytes are short; a longer run is not a key.
    static let longestParameters = 16

    static func next(_ progress: Progress, _ value: UInt32) -> Step {
        switch progress {
        case .escape:
            switch value {
            case 0x5B: return .more(.control([]))  // "["
            case 0x4F: return .more(.singleShift)  // "O"
            case 0x20..<0x7F, 0x80...:
                guard let scalar = Unicode.Scalar(value) else { return .notPart }
                return .done(.alt(Character(scalar)))
            default: return .notPart
            }
        case .control(let bytes):
            switch value {
            case 0x20...0x3F:
                guard bytes.count < longestParameters else { return .done(nil) }
                return .more(.control(bytes + [UInt8(value)]))
            case 0x5B where bytes.isEmpty: return .more(.linuxFunction)
            case 0x40...0x7E:
                if let key = controlSequence(bytes, final: UInt8(value)) { return .done(.key(key)) }
                return .done(value == 0x52 ? cursorPosition(bytes) : nil)  // "R"
            default: return .notPart
            }
        case .singleShift:
            guard (0x40...0x7E).contains(value) else { return .notPart }
            return .done(singleShift(UInt8(value)))
        case .linuxFunction:
            guard (0x41...0x45).contains(value) else { return (0x40...0x7E).contains(value) ? .done(nil) : .notPart }
            return .done(.key(.function(Int(value) - 0x40)))
        }
    }

    /// `ESC [ parameters final`. The second parameter, when there is one, is xterm's modifier:
    /// 1 + 1 for Shift, + 2 for Alt, + 4 for Ctrl.
    static func controlSequence(_ parameters: [UInt8], final: UInt8) -> Key? {
        // Private parameters (?, >, =) and intermediates are in a terminal's replies, not in keys.
        guard parameters.allSatisfy({ (0x30...0x3B).contains($0) }) else { return nil }
        let numbers = parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { Int(String(decoding: $0, as: UTF8.self)) }
        let first = numbers.first ?? nil
        let modifier = numbers.count > 1 ? (numbers[1] ?? 1) - 1 : 0
        let control = modifier & 4 != 0, alt = modifier & 2 != 0
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return control || alt ? .wordRight : .right
        case UInt8(ascii: "D"): return control || alt ? .wordLeft : .left
        case UInt8(ascii: "H"): return control ? .textStart : .home
        case UInt8(ascii: "F"): return control ? .textEnd : .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "R"), UInt8(ascii: "S"):
            // xterm's F1–F4 with a modifier, `ESC [ 1 ; m P`. A terminal's late answer to Kotae's
            // question where the cursor is, `ESC [ row ; column R`, is not a key.
            return numbers.count == 2 && first == 1 && (1...15).contains(modifier) ? .function(Int(final) - 0x4F) : nil
        case UInt8(ascii: "~"), UInt8(ascii: "^"), UInt8(ascii: "$"):
            // "^" and "$" are rxvt's Ctrl and Shift forms of the same keys.
            let control = control || final == UInt8(ascii: "^")
            return numberedKey(first ?? 0, control: control)
        default: return nil
        }
    }

    /// `ESC [ row ; column R`, a terminal's answer to `ESC [ 6 n`. (Row 1 with a small column
    /// reads as F1–F4 with a modifier, which `controlSequence` takes first: the question is asked
    /// on another row.)
    static func cursorPosition(_ parameters: [UInt8]) -> InputEvent? {
        CursorPositionReply(parameters: parameters).map { .cursorPosition(row: $0.row, column: $0.column) }
    }

    private static func numberedKey(_ number: Int, control: Bool) -> Key? {
        switch number {
        case 1, 7: return control ? .textStart : .home
        case 4, 8: return control ? .textEnd : .end
        case 2: return .insert
        case 3: return .delete
        case 5: return .pageUp
        case 6: return .pageDown
        case 11...15: return .function(number - 10)
        case 17...21: return .function(number - 11)
        case 23, 24: return .function(number - 12)
        default: return nil  // 200 and 201 (paste markers) are the back end's; others name nothing
        }
    }

    /// `ESC O final`: cursor keys in application mode, F1–F4, and the numeric keypad in
    /// application mode, whose keys type what is printed on them.
    static func singleShift(_ final: UInt8) -> InputEvent? {
        switch final {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .key(.function(Int(final) - 0x4F))
        case UInt8(ascii: "M"): return .key(.enter)
        case UInt8(ascii: "p")...UInt8(ascii: "y"): return .text(String(UnicodeScalar(final - UInt8(ascii: "p") + UInt8(ascii: "0"))))
        default:
            let keypad: [UInt8: String] = [UInt8(ascii: "j"): "*", UInt8(ascii: "k"): "+", UInt8(ascii: "l"): ",",
                                           UInt8(ascii: "m"): "-", UInt8(ascii: "n"): ".", UInt8(ascii: "o"): "/", UInt8(ascii: "X"): "="]
            return keypad[final].map(InputEvent.text)
        }
    }
}
