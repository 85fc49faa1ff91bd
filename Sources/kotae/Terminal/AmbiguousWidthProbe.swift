import KotaeText
#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal how wide it draws an East Asian Ambiguous character, as vim does: print
/// U+25BD at the start of a line, ask for the cursor position (ESC[6n), erase it. Runs before
/// curses starts; gives nil when the terminal does not answer within 300 ms.
enum AmbiguousWidthProbe {
    static func detect() -> AmbiguousWidth? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var rawMode = saved
        cfmakeraw(&rawMode)
        tcsetattr(STDIN_FILENO, TCSANOW, &rawMode)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

        emit("\r\u{25BD}\u{1B}[6n")
        defer { emit("\r\u{1B}[K") }
        var reply: [UInt8] = []
        var waited = 0
        while waited < 300 && !reply.contains(UInt8(ascii: "R")) {
            var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let started = monotonicMilliseconds()
            if poll(&poller, 1, Int32(300 - waited)) > 0 {
                var byte: UInt8 = 0
                if Glibc.read(STDIN_FILENO, &byte, 1) == 1 { reply.append(byte) }
            }
            waited += max(1, monotonicMilliseconds() - started)
        }
        guard let column = column(in: reply) else { return nil }
        return column >= 3 ? .wide : .narrow
    }

    /// The column of an "ESC [ row ; column R" reply.
    static func column(in reply: [UInt8]) -> Int? {
        guard let escape = reply.lastIndex(of: 0x1B) else { return nil }
        let text = String(decoding: reply[escape...], as: UTF8.self)
        guard text.hasPrefix("\u{1B}["), text.hasSuffix("R"), let semicolon = text.firstIndex(of: ";") else { return nil }
        return Int(text[text.index(after: semicolon)..<text.index(before: text.endIndex)])
    }

    private static func emit(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    private static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }
}
