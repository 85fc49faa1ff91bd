/// Makes text from files and paste safe to draw: nothing in it can reach the terminal as a
/// control sequence. Controls become visible placeholders of known width, so a respondent sees
/// that something is there (and the export keeps it as typed).
public enum Sanitizer {
    /// The text to draw for `text`. With `keepNewlines`, "\n" stays a line break for the layout
    /// (a "\r\n" pair becomes "\n"); otherwise it shows as ␊.
    public static func displayText(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsPlaceholder) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if keepNewlines && scalar == "\r" && pending == "\n" { continue }
            if keepNewlines && scalar == "\n" {
                result.append(scalar)
            } else if needsPlaceholder(scalar) {
                result.append(contentsOf: placeholder(for: scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that can reorder
    /// what a reader sees (U+202A–U+202E, U+2066–U+2069).
    public static func needsPlaceholder(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// C0 controls and DEL as their Control Pictures (␛ for ESC, one cell wide); C1 controls
    /// and bidi controls, which have no picture, as "<U+XXXX>" in ASCII.
    public static func placeholder(for scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00...0x1F: return String(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: return "\u{2421}"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
        }
    }
}
