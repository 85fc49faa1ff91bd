/// A terminal's answer to "where is the cursor?" (`ESC [ 6 n`): `ESC [ row ; column R`.
///
/// Kotae asks once, as its first screen is drawn, and the answer comes with the keys (the key
/// decoder's `InputEvent.cursorPosition`). When the terminal is handed to the shell or an editor
/// before it came, the back end reads until `find` sees it, so that it does not arrive there as
/// typed text.
public struct CursorPositionReply: Sendable, Equatable {
    public let row: Int
    public let column: Int

    /// The first reply in `bytes`, among whatever else came (keys typed meanwhile).
    public static func find(in bytes: [UInt8]) -> CursorPositionReply? {
        var start = 0
        while let escape = bytes[start...].firstIndex(of: 0x1B) {
            if let (reply, _) = reply(in: bytes, at: escape) { return reply }
            start = escape + 1
        }
        return nil
    }

    /// The reply that starts at `escape`, and the index just past it.
    private static func reply(in bytes: [UInt8], at escape: Int) -> (CursorPositionReply, Int)? {
        var index = escape + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var numbers: [Int] = [0]
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // Rows and columns are small; a long run of digits is not an answer.
                guard numbers[numbers.count - 1] < 100_000 else { return nil }
                numbers[numbers.count - 1] = numbers[numbers.count - 1] * 10 + Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: ";") where numbers.count == 1:
                numbers.append(0)
            case UInt8(ascii: "R") where numbers.count == 2:
                return (CursorPositionReply(row: numbers[0], column: numbers[1]), index + 1)
            default:
                return nil
            }
            index += 1
        }
        return nil
    }
}
