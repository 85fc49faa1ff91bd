import KotaeText
import KotaeTUI
#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal how wide it draws an East Asian Ambiguous character, as vim does: print
/// U+25BD at the start of a line, ask for the cursor position (ESC[6n), erase it. Runs before
/// curses starts, and waits at most 300 ms for the answer.
enum AmbiguousWidthProbe {
    struct Finding {
        /// nil when the terminal did not answer in time.
        var width: AmbiguousWidth?
        /// What the person typed while Kotae waited (keys pressed right after Enter on the
        /// command line land here): Kotae's to type into its first screen.
        var typedAhead: [UInt8]
    }

    static let patience = 300

    static func detect() -> Finding {
        let nothing = Finding(width: nil, typedAhead: [])
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nothing }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nothing }
        var rawMode = saved
        cfmakeraw(&rawMode)
        tcsetattr(STDIN_FILENO, TCSANOW, &rawMode)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

        emit("\r\u{25BD}\u{1B}[6n")
        defer { emit("\r\u{1B}[K") }
        let received = readUntilReply()
        guard let (reply, others) = CursorPositionReply.find(in: received) else {
            return Finding(width: nil, typedAhead: received)
        }
        return Finding(width: reply.column >= 3 ? .wide : .narrow, typedAhead: others)
    }

    /// Everything the terminal sends until its answer has come or the patience is spent. Bytes
    /// still unread then stay in the terminal's queue, after these, for curses to read.
    private static func readUntilReply() -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = monotonicMilliseconds() + patience
        while CursorPositionReply.find(in: received) == nil {
            let left = deadline - monotonicMilliseconds()
            guard left > 0 else { break }
            var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = Glibc.read(STDIN_FILENO, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return received
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
