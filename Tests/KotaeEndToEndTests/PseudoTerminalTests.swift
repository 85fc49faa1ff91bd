import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A terminal played by the test (a pseudo-terminal of 100×30), for what tmux cannot play: when
/// and how the terminal answers Kotae's question how wide it draws ○. tmux answers at once, and
/// with one cell.
final class PseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    /// Everything kotae wrote, as it came.
    private(set) var output: [UInt8] = []

    init(_ arguments: [String], home: String) throws {
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.ENOTTY) }
        self.master = master
        defer { Glibc.close(slave) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, descriptor) }
        posix_spawn_file_actions_addclose(&actions, master)
        let environment = ["KOTAE_HOME=\(home)", "TERM=xterm-256color", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"]
        let argv: [UnsafeMutablePointer<CChar>?] = ([KotaeBinary.path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = withSignalsUnblocked { posix_spawn(&child, KotaeBinary.path, &actions, &$0, argv, envp) }
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        Glibc.close(master)
    }

    /// Reads until `done` holds for everything written so far (true), or 10 s pass (false).
    func read(until done: ([UInt8]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !done(output) {
            guard Date() < deadline else { return false }
            if readOnce() == .end { return done(output) }
        }
        return true
    }

    /// Reads on until nothing has come for 100 ms: the end of a frame that came in more than one read.
    func settle() {
        while readOnce() == .bytes {}
    }

    private enum Arrival { case bytes, quiet, end }

    /// One read of what kotae wrote, waiting at most 100 ms for it.
    private func readOnce() -> Arrival {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { return .quiet }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = Glibc.read(master, &buffer, buffer.count)
        guard count > 0 else { return .end }
        output += buffer[..<count]
        return .bytes
    }

    func type(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
    }

    /// Waits for kotae to end; its exit status, nil if it did not end within 10 s.
    func exitStatus() -> Int32? {
        _ = read(until: { _ in false })  // what it writes on its way out, until the end of it
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
            usleep(100_000)
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int {
        let needle = Array(needle.utf8)
        guard count >= needle.count else { return 0 }
        return (0...(count - needle.count)).filter { self[$0..<($0 + needle.count)].elementsEqual(needle) }.count
    }

    /// What follows the last occurrence of `needle`.
    func after(last needle: String) -> [UInt8] {
        let needle = Array(needle.utf8)
        guard count >= needle.count,
              let start = (0...(count - needle.count)).last(where: { self[$0..<($0 + needle.count)].elementsEqual(needle) }) else { return [] }
        return Array(self[(start + needle.count)...])
    }
}

@Suite(.serialized) struct PseudoTerminalTests {
    private static let question = "\u{1B}[6n"
    /// terminfo's `clear` for xterm-256color: every whole frame begins with it.
    private static let clear = "\u{1B}[H\u{1B}[2J"

    /// A frame as text to compare: the save time in the status line blanked (two starts may be a
    /// second apart).
    private static func comparable(_ frame: [UInt8]) -> String {
        String(decoding: frame, as: UTF8.self).replacing(/\d\d:\d\d:\d\d/, with: "--:--:--")
    }

    /// kotae started in `home` on a new draft, and its first frame, as text to compare, once it came.
    private static func start(_ arguments: [String], home: String) throws -> (PseudoTerminal, String) {
        let terminal = try PseudoTerminal(["fill", "--lang", "ja"] + arguments, home: home)
        #expect(terminal.read(until: { $0.occurrences(of: clear) == 1 && $0.after(last: clear).occurrences(of: "回答済み") == 1 }))
        terminal.settle()
        return (terminal, comparable(terminal.output.after(last: clear)))
    }

    /// Waits for the screen to be drawn whole for the `count`th time; that frame, as text to compare.
    private static func frame(_ count: Int, of terminal: PseudoTerminal) -> String {
        #expect(terminal.read(until: { $0.occurrences(of: clear) == count && $0.after(last: clear).occurrences(of: "回答済み") == 1 }))
        terminal.settle()
        return comparable(terminal.output.after(last: clear))
    }

    private static func quit(_ terminal: PseudoTerminal) {
        terminal.type("\u{11}")
        #expect(terminal.exitStatus() == 0)
    }

    /// Over SSH the answer to the question how wide ○ is drawn comes a round trip later. The first
    /// screen does not wait for it; when it comes and says two cells, the screen is drawn again,
    /// exactly as a kotae told `--ambiguous-width 2` draws it.
    @Test func aLateAnswerOfTwoCellsDrawsTheScreenAgainAtThatWidth() throws {
        try withHome { _, home in
            let (told, wide) = try Self.start(["--draft", "答え", "--ambiguous-width", "2"], home: home + "/told")
            #expect(told.output.occurrences(of: Self.question) == 0, "told the width, kotae does not ask")
            Self.quit(told)

            let (asking, first) = try Self.start(["--draft", "答え"], home: home + "/asking")
            #expect(asking.output.occurrences(of: Self.question) == 1, "asked before the first screen")
            #expect(first != wide, "drawn at one cell")
            asking.type("\u{1B}[2;3R")  // ▽ took two cells: the cursor is in column 3
            #expect(Self.frame(2, of: asking) == wide)
            Self.quit(asking)
        }
    }

    /// The answer is kept for the next start on the same type of terminal, which is drawn at that
    /// width at once (and still asks: a different answer is drawn and kept in its turn).
    @Test func theNextStartIsDrawnAtTheWidthLastAnswered() throws {
        try withHome { _, home in
            let (told, wide) = try Self.start(["--draft", "二回目", "--ambiguous-width", "2"], home: home + "/told")
            Self.quit(told)
            let (toldNarrow, narrow) = try Self.start(["--draft", "二回目", "--ambiguous-width", "1"], home: home + "/narrow")
            Self.quit(toldNarrow)
            let kept = home + "/asking/terminal-widths"

            let (first, _) = try Self.start(["--draft", "一回目"], home: home + "/asking")
            first.type("\u{1B}[2;3R")
            _ = Self.frame(2, of: first)
            Self.quit(first)
            #expect(try String(contentsOfFile: kept, encoding: .utf8) == "xterm-256color 2\n")

            let (second, drawn) = try Self.start(["--draft", "二回目"], home: home + "/asking")
            #expect(drawn == wide, "at two cells before any answer")
            #expect(second.output.occurrences(of: Self.question) == 1)
            second.type("\u{1B}[2;2R")  // another terminal of the type, at one cell
            #expect(Self.frame(2, of: second) == narrow)
            Self.quit(second)
            #expect(try String(contentsOfFile: kept, encoding: .utf8) == "xterm-256color 1\n")
        }
    }

    /// A terminal that never answers: the first screen still comes, keys work, and on the way out
    /// nothing is left for the shell.
    @Test func aTerminalThatNeverAnswersStillGetsItsScreenAndKeys() throws {
        try withHome { _, home in
            let terminal = try PseudoTerminal(["fill", "--draft", "silent", "--lang", "ja"], home: home)
            #expect(terminal.read(until: { $0.occurrences(of: "回答済み") == 1 }))
            terminal.type("\u{1B}[6~委託先")  // Page Down to 1-1, and type
            #expect(terminal.read(until: { String(decoding: $0, as: UTF8.self).contains("委託先") }))
            terminal.type("\u{11}")
            #expect(terminal.exitStatus() == 0)
            let draft = try String(contentsOfFile: home + "/drafts/silent.json", encoding: .utf8)
            #expect(draft.contains("委託先"))
        }
    }
}
