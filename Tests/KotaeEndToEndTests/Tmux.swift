import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A real terminal for the real binary: a tmux server on its own socket, one window of a given
/// size, driven with send-keys and read with capture-pane.
final class Tmux {
    let socket = "kotae-test-" + UUID().uuidString.prefix(8)
    let home: String

    init(home: String, columns: Int = 100, rows: Int = 30, workingDirectory: String? = nil) throws {
        self.home = home
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let folder = workingDirectory ?? home
        // An interactive shell, so what is left after kotae exits can be checked.
        try tmux(quiet: true, ["new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-c", folder,
                  "env", "KOTAE_HOME=\(home)", "PS1=READY$ ", "TERM=tmux-256color", "bash", "--norc", "--noprofile", "-i"])
        _ = waitFor("READY$")
    }

    deinit { _ = try? tmux(quiet: true, ["kill-server"]) }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Runs a tmux command. `quiet` for the one that starts the server, which keeps whatever
    /// it inherits open forever: it gets /dev/null, and the client is reaped directly (the
    /// server's double fork confuses Foundation's Process).
    @discardableResult
    func tmux(quiet: Bool = false, _ arguments: [String]) throws -> String {
        try Tmux.spawn("/usr/bin/tmux", ["-L", socket] + arguments, capture: !quiet)
    }

    static func spawn(_ path: String, _ arguments: [String], capture: Bool) throws -> String {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            guard pipe(&pipeEnds) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // tmux, its shell and kotae get signals.
        var pid: pid_t = 0
        let result = withSignalsUnblocked { posix_spawn(&pid, path, &actions, &$0, argv, environ) }
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        var output = Data()
        if capture {
            close(pipeEnds[1])
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(pipeEnds[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipeEnds[0])
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Starts kotae in the shell.
    func startKotae(_ arguments: String) throws {
        try shell(kotaeCommand(arguments))
    }

    /// The command line that runs kotae and then says how it ended.
    func kotaeCommand(_ arguments: String) -> String {
        "exec_kotae() { \"\(KotaeBinary.path)\" \"$@\"; echo KOTAE-EXIT=$?; }; exec_kotae \(arguments)"
    }

    /// Clears the screen from the shell (Ctrl-L) and waits until only its prompt is left. A
    /// killed kotae's last screen stays otherwise, and waiting for a text would find it there.
    func clearScreen() throws {
        try keys("C-l")
        _ = waitUntil { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "READY$" }
    }

    /// A command line typed into the shell and entered.
    func shell(_ command: String) throws {
        try type(command)
        try keys("Enter")
    }

    /// Literal text, as typed.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Named keys: Enter, Tab, PgDn, C-n, …
    func keys(_ names: String...) throws { try tmux(["send-keys"] + names) }

    func capture() -> String { (try? tmux(["capture-pane", "-p"])) ?? "" }

    var cursor: (x: Int, y: Int) {
        let parts = ((try? tmux(["display", "-p", "#{cursor_x},#{cursor_y}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ",").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    }

    /// Waits until the screen shows `text` (up to `seconds`); true if it did.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if capture().contains(text) { return true }
            usleep(50_000)
        }
        return false
    }

    /// Waits until `check` holds for the screen.
    @discardableResult
    func waitUntil(seconds: Double = 10, _ check: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if check(capture()) { return true }
            usleep(50_000)
        }
        return false
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-x", "\(columns)", "-y", "\(rows)"])
    }

    func paste(_ text: String) throws {
        let file = home + "/paste-" + UUID().uuidString + ".txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try tmux(["load-buffer", file])
        try tmux(["paste-buffer", "-p"])
    }

    /// The pid of the kotae running in this session.
    var kotaePID: Int32? {
        let panePID = (try? tmux(["display", "-p", "#{pane_pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let output = (try? run("/usr/bin/pgrep", ["-P", panePID, "-f", "kotae"])) ?? ""
        return output.split(separator: "\n").compactMap { Int32($0) }.first
    }

    private func run(_ path: String, _ arguments: [String]) throws -> String {
        try Tmux.spawn(path, arguments, capture: true)
    }
}

/// Runs `spawn` with attributes that give the child no blocked signals: the test runner's threads
/// block them, and a child would inherit that.
func withSignalsUnblocked<T>(_ spawn: (inout posix_spawnattr_t) -> T) -> T {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    return spawn(&attributes)
}
