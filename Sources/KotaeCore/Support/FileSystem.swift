import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations Kotae needs, done so that a crash, a full disk or a strange umask
/// can never leave a half-written or world-readable file behind.
public enum FileSystem {
    /// Marks Kotae's temporary files so a later start can recognise and remove leftovers.
    static let temporaryMarker = ".kotae-tmp-"

    /// Writes `data` to `path` through a temporary file in the same folder: fsync, then rename.
    /// Readers see the old file or the new one, never a mix; on any failure the old file is untouched.
    /// With `durable` false the two fsyncs are left to the caller (`syncFile`), who has something
    /// more urgent to do first.
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o600, durable: Bool = true) throws {
        let (folder, name) = folderAndName(of: path)
        let temporary = folder + "/" + temporaryMarker + "\(getpid())-" + name
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw KotaeError.writeFailed(path: path, reason: errnoReason()) }
        var failure: String?
        if fchmod(fd, mode) != 0 { failure = errnoReason() }
        if failure == nil { failure = writeAll(fd, data) }
        if failure == nil && durable && fsync(fd) != 0 { failure = errnoReason() }
        close(fd)
        if failure == nil && rename(temporary, path) != 0 { failure = errnoReason() }
        if let failure {
            unlink(temporary)
            throw KotaeError.writeFailed(path: path, reason: failure)
        }
        if durable { syncFolder(folder) }
    }

    /// Makes a file written with `durable: false`, and its name, durable.
    public static func syncFile(_ path: String) {
        syncPath(path, flags: O_RDONLY | O_CLOEXEC)
        syncFolder(folderAndName(of: path).folder)
    }

    /// Writes every byte, at `position` if one is given, or returns why not.
    public static func writeAll(_ fd: Int32, _ bytes: some ContiguousBytes, at position: off_t? = nil) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let start = buffer.baseAddress! + offset, count = buffer.count - offset
                let written = position.map { pwrite(fd, start, count, $0 + off_t(offset)) } ?? write(fd, start, count)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errnoReason()
                }
                if written == 0 { return "nothing could be written" }
                offset += written
            }
            return nil
        }
    }

    /// Removes temporary files left in `folder` by Kotae processes that no longer run (killed
    /// between writing and renaming); a live writer's file is left alone.
    public static func removeLeftoverTemporaryFiles(in folder: String) {
        for file in fileNames(in: folder) where file.hasPrefix(temporaryMarker) {
            let rest = file.dropFirst(temporaryMarker.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink("\(folder)/\(file)")
            }
        }
    }

    /// The folder a file is in and its name ("." for a bare name). Not by URL: its `path` cost
    /// 370,000 instructions the first time, at every start, for a new draft's first save.
    static func folderAndName(of path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.utf8.index(after: slash)...]))
    }

    /// Makes the rename itself durable.
    static func syncFolder(_ folder: String) {
        syncPath(folder, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    private static func syncPath(_ path: String, flags: Int32) {
        let fd = open(path, flags)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Creates `path` and its parents; the last folder gets `mode` whatever the umask.
    public static func makeFolder(_ path: String, mode: mode_t = 0o700) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw KotaeError.writeFailed(path: path, reason: reason(error))
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw KotaeError.writeFailed(path: path, reason: errnoReason(ENOTDIR))  // said in Japanese on the Japanese screen
        }
        if info.st_mode & 0o777 != mode && chmod(path, mode) != 0 {
            throw KotaeError.writeFailed(path: path, reason: errnoReason())
        }
    }

    /// A file's bytes as text: UTF-8, without the byte-order mark that Windows editors (and
    /// サクラエディタ by default) put first, which would otherwise go invisibly into an answer and
    /// the submission. nil when the bytes are not UTF-8.
    public static func utf8Text(_ data: Data) -> String? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            // Validated from contiguous memory: through Data's own iteration, byte by byte, this
            // cost ten times as much.
            return String(validating: bytes.starts(with: bom) ? UnsafeBufferPointer(rebasing: bytes.dropFirst(bom.count)) : bytes,
                          as: UTF8.self)
        }
    }

    /// A file's bytes, read to its end: a regular file at its size in one call, and a pipe
    /// (`--file <(command)`) or a /proc file, which have no size, until they end. The C library
    /// directly, because Foundation's Data(contentsOf:) and String(contentsOfFile:) cost tens of
    /// thousands of instructions a file where this costs a few system calls, on every start.
    public static func read(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KotaeError.unreadableFile(path: path, reason: errnoReason()) }
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
        // One byte more than the size, so that the read finding the end needs no room of its own.
        var data = Data(count: Swift.max(size + 1, 4096))
        var filled = 0
        while true {
            if filled == data.count { data.count *= 2 }
            let count = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw KotaeError.unreadableFile(path: path, reason: errnoReason())
            }
            filled += count
        }
        data.count = filled
        return data
    }

    /// A small text file (a /proc entry, a lock) as UTF-8 text; nil if it cannot be read.
    public static func text(_ path: String) -> String? {
        (try? read(path)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names of the entries in `folder` (not "." and ".."), in no particular order; none if
    /// it cannot be read. FileManager's listing cost 200,000 instructions even for a missing folder.
    public static func fileNames(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func errnoReason(_ code: Int32 = errno) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// A short reason for a Foundation error, without its domain and code noise.
    public static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return errnoReason(Int32(underlying.code))
        }
        if nsError.domain == NSPOSIXErrorDomain { return errnoReason(Int32(nsError.code)) }
        switch nsError.code {
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }
}

extension Sequence<UInt8> {
    /// Lower-case hex, two digits a byte: how digests are written.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
