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
            if let reply = reply(in: bytes, at: escape) { return reply }
            start = escape + 1
        }
        return nil
    }

    /// The reply that starts at `escape`, if one does.
    private static func reply(in bytes: [UInt8], at escape: Int) -> CursorPositionReply? {
        guard escape + 1 < bytes.count, bytes[escape + 1] == UInt8(ascii: "[") else { return nil }
        let parameters = bytes[(escape + 2)...].prefix { $0 == UInt8(ascii: ";") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let end = parameters.endIndex
        guard end < bytes.count, bytes[end] == UInt8(ascii: "R") else { return nil }
        return CursorPositionReply(parameters: parameters)
    }
}

extension CursorPositionReply {
    /// The reply whose parameters, between `ESC [` and `R`, are `parameters`: two numbers. The key
    /// decoder reads the answer this way too (`EscapeSequence`).
    init?(parameters: some Collection<UInt8>) {
        let numbers = parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { Int(String(decoding: $0, as: UTF8.self)) }
        guard numbers.count == 2, let row = numbers[0], let column = numbers[1] else { return nil }
        self.init(row: row, column: column)
    }
}
