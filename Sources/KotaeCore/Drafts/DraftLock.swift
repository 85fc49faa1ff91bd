import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a draft: written into its lock file so a second kotae can say so.
public struct LockHolder: Sendable, Equatable, Codable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    public var since: Timestamp
    /// "fill" for the full-screen UI, "answer" for the one-shot command, …
    public var command: String
    /// Which start of the machine the holder ran in (the kernel's boot id), and when in it the
    /// process started (clock ticks since boot): with the pid they name one process for good.
    /// A pid alone is given again to other programs, after a power cut or a long while. Locks
    /// written by an older kotae have neither.
    public var boot: String? = nil
    public var started: UInt64? = nil

    public var description: String { "kotae \(command), process \(pid) on \(host) since \(since)" }

    /// Whether the holder runs on this machine, where it can be checked and asked to close.
    public var isOnThisMachine: Bool { host == LockHolder.hostName }

    /// Only a holder on this machine can be checked; a lock from another host is respected.
    var isAlive: Bool {
        guard isOnThisMachine else { return true }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !LockHolder.isZombie(pid) && !pidNamesAnotherProcess
    }

    /// Whether the pid now belongs to another process than the one that took the lock: the
    /// machine has been started again since (a power cut), or a new process got the pid. That
    /// process is no holder, and is never asked to close.
    var pidNamesAnotherProcess: Bool {
        guard let boot, let started, let bootNow = LockHolder.bootID else { return false }
        guard boot == bootNow else { return true }
        return LockHolder.startTicks(of: pid).map { $0 != started } ?? false
    }

    /// This process, as a lock names its holder.
    static func me(command: String) -> LockHolder {
        let pid = getpid()
        return LockHolder(pid: pid, host: hostName, since: .now(), command: command, boot: bootID, started: startTicks(of: pid))
    }

    /// The kernel's id of this start of the machine (nil where there is none).
    static var bootID: String? {
        FileSystem.text("/proc/sys/kernel/random/boot_id")?.split(whereSeparator: \.isWhitespace).first.map(String.init)
    }

    /// When process `pid` started, in clock ticks since boot (nil where /proc does not say).
    static func startTicks(of pid: Int32) -> UInt64? {
        guard let fields = statusFields(of: pid) else { return nil }
        return fields.count > 19 ? UInt64(String(decoding: fields[19], as: UTF8.self)) : nil
    }

    /// The fields of /proc/`pid`/stat after the process's name (which may hold spaces and
    /// parentheses): its state first, its start time the twentieth. Split as bytes, because by
    /// `Character`s this cost a quarter of a million instructions at every start.
    private static func statusFields(of pid: Int32) -> [ArraySlice<UInt8>]? {
        guard let stat = try? FileSystem.read("/proc/\(pid)/stat"), let nameEnd = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return Array(stat[(nameEnd + 1)...]).split(separator: UInt8(ascii: " "))
    }

    /// A killed kotae whose parent has not reaped it yet (common in containers, whose first
    /// process may never reap) still answers `kill(pid, 0)`, but holds nothing.
    static func isZombie(_ pid: Int32) -> Bool {
        statusFields(of: pid)?.first?.first == UInt8(ascii: "Z")
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What came of asking the kotae that holds a draft to close (`DraftStore.closeHolder`).
public enum HolderClosing: Sendable, Equatable {
    /// The draft is free: its holder closed, or had gone already.
    case closed
    /// The lock names another holder than the one asked about (it changed hands meanwhile), or
    /// one on another machine, which cannot be asked from here; nothing was done to it.
    case heldBy(LockHolder)
    /// The holder is still there after being asked and then stopped.
    case didNotClose(LockHolder)
}

/// One writer per draft: a lock file created exclusively, naming its holder. A lock left by a
/// process that died (kill -9, power cut) is taken over.
final class DraftLock {
    let path: String
    private var released = false

    private init(path: String) {
        self.path = path
    }

    /// Takes the lock at `path`. If a live holder is a short command (`answer`), waits up to
    /// `patience` seconds for it, so two scripted `kotae answer` calls queue instead of failing.
    static func acquire(path: String, draftPath: String, command: String, patience: Double) throws -> DraftLock {
        let me = LockHolder.me(command: command)
        let deadline = Date().addingTimeInterval(patience)
        while true {
            if try create(path: path, holder: me) { return DraftLock(path: path) }
            let holder = readHolder(path)
            if let holder, holder.isAlive {
                if holder.command == "answer" && Date() < deadline {
                    usleep(20_000)
                    continue
                }
                throw KotaeError.draftLocked(path: draftPath, holder: holder)
            }
            if holder == nil && isFresh(path) {
                // Another process has just created the file and not yet written its name.
                usleep(20_000)
                continue
            }
            // Dead holder, or a lock file cut short by a crash: take it over. Only one of two
            // racing takers can then create the file; the other sees the winner as a live holder.
            if readHolder(path) == holder { unlink(path) }
        }
    }

    /// Asks process `pid`, on this machine and holding the lock at `path`, to close as a dropped
    /// connection would (SIGHUP; SIGCONT too, in case it is suspended): it saves and lets go.
    /// Like the terminal's hang-up, the request goes to its whole job when it leads one (a shell
    /// started it), so that an external editor open in it ends too and lets Kotae go on.
    /// After a laptop was closed mid-sentence, the kotae of that SSH session lives on until the
    /// server notices, often hours later, and holds the draft. One that has not let go after
    /// `patience` seconds (blocked writing to a terminal nobody reads) is killed: every edit it
    /// showed is in the journal already, which is what makes that safe.
    static func closeHolder(path: String, pid: Int32, patience: Double) -> HolderClosing {
        // A holder that is not alive (or a process with its pid that is not it) is not asked.
        guard let holder = readHolder(path), holder.isAlive else { return .closed }
        guard holder.pid == pid, holder.isOnThisMachine else { return .heldBy(holder) }
        func stillHeld() -> Bool { readHolder(path) == holder && holder.isAlive }
        func wait(_ seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while stillHeld() && Date() < deadline { usleep(20_000) }
            return !stillHeld()
        }
        // Never to a group it does not lead: that would reach the shell that started it.
        let target = getpgid(pid) == pid ? -pid : pid
        kill(target, SIGHUP)
        kill(target, SIGCONT)
        if wait(patience) { return .closed }
        kill(pid, SIGKILL)
        return wait(1) ? .closed : .didNotClose(holder)
    }

    private static func create(path: String, holder: LockHolder) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw KotaeError.writeFailed(path: path, reason: FileSystem.errnoReason())
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let data = (try? JSONEncoder().encode(holder)) ?? Data()
        if let failure = FileSystem.writeAll(fd, data) {
            unlink(path)
            throw KotaeError.writeFailed(path: path, reason: failure)
        }
        return true
    }

    private static func isFresh(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return time(nil) - info.st_mtim.tv_sec < 2
    }

    static func readHolder(_ path: String) -> LockHolder? {
        guard let data = try? FileSystem.read(path) else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: data)
    }

    func release() {
        guard !released else { return }
        released = true
        unlink(path)
    }

    deinit { release() }
}
