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

    public var description: String { "kotae \(command), process \(pid) on \(host) since \(since)" }

    /// Only a holder on this machine can be checked; a lock from another host is respected.
    var isAlive: Bool {
        guard host == LockHolder.hostName else { return true }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !LockHolder.isZombie(pid)
    }

    /// A killed kotae whose parent has not reaped it yet (common in containers, whose first
    /// process may never reap) still answers `kill(pid, 0)`, but holds nothing.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let nameEnd = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: nameEnd)...].drop { $0 == " " }.first == "Z"
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
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
        let me = LockHolder(pid: getpid(), host: LockHolder.hostName, since: .now(), command: command)
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
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: data)
    }

    func release() {
        guard !released else { return }
        released = true
        unlink(path)
    }

    deinit { release() }
}
