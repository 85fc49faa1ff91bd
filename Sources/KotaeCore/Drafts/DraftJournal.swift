import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only file of edits made since the last snapshot, one JSON object a line.
/// Appending costs the size of the edit, not of the draft, so every keystroke can be persisted
/// before the next key is read. Each entry has a sequence number; the snapshot records the last one
/// it contains, so a crash between writing the snapshot and emptying the journal replays nothing twice.
struct DraftJournal {
    struct Entry: Codable, Equatable {
        var sequence: Int
        var time: Timestamp
        var edit: DraftEdit

        enum CodingKeys: String, CodingKey {
            case sequence = "n", time = "t", kind = "k", item = "i", field = "f", value = "v"
            case from, remove, insert
        }

        init(sequence: Int, time: Timestamp, edit: DraftEdit) {
            self.sequence = sequence
            self.time = time
            self.edit = edit
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sequence = try container.decode(Int.self, forKey: .sequence)
            time = try container.decode(Timestamp.self, forKey: .time)
            switch try container.decode(String.self, forKey: .kind) {
            case "set":
                edit = .set(item: try container.decode(String.self, forKey: .item),
                            field: try container.decode(String.self, forKey: .field),
                            value: try container.decode(FieldValue.self, forKey: .value))
            case "splice":
                edit = .splice(item: try container.decode(String.self, forKey: .item),
                               field: try container.decode(String.self, forKey: .field),
                               from: try container.decode(Int.self, forKey: .from),
                               remove: try container.decode(Int.self, forKey: .remove),
                               insert: try container.decode(String.self, forKey: .insert))
            case "exported":
                edit = .exported
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown edit '\(other)'")
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(time, forKey: .time)
            switch edit {
            case .set(let item, let field, let value):
                try container.encode("set", forKey: .kind)
                try container.encode(item, forKey: .item)
                try container.encode(field, forKey: .field)
                try container.encode(value, forKey: .value)
            case .splice(let item, let field, let from, let remove, let insert):
                try container.encode("splice", forKey: .kind)
                try container.encode(item, forKey: .item)
                try container.encode(field, forKey: .field)
                try container.encode(from, forKey: .from)
                try container.encode(remove, forKey: .remove)
                try container.encode(insert, forKey: .insert)
            case .exported:
                try container.encode("exported", forKey: .kind)
            }
        }
    }

    /// The entries of a journal file. A last line without its newline is a write cut short by a
    /// crash and is ignored; any other unreadable line means the file is damaged. The file ends
    /// at its first zero byte: no entry holds one (JSON escapes control characters), and a mapped
    /// journal is zeros past its last entry, or inside an entry a kill cut short.
    static func entries(in data: Data, path: String) throws -> [Entry] {
        var entries: [Entry] = []
        let written = data.firstIndex(of: 0).map { data[data.startIndex..<$0] } ?? data
        let lines = written.split(separator: 0x0A, omittingEmptySubsequences: false)
        let decoder = JSONDecoder()
        for (number, line) in lines.enumerated() where !line.isEmpty {
            let isLast = number == lines.count - 1
            if isLast { break }  // no newline after it: torn by a crash
            do {
                entries.append(try decoder.decode(Entry.self, from: Data(line)))
            } catch {
                throw KotaeError.corruptDraft(path: path, damage: .journalLine(number + 1))
            }
        }
        return entries
    }

    static func encode(_ entry: Entry, with encoder: JSONEncoder = journalEncoder()) -> Data {
        var line: [UInt8] = []
        encode(entry, into: &line, with: encoder)
        return Data(line)
    }

    /// Appends the entry's line to `line`; the journal writer keeps one buffer for all of them.
    static func encode(_ entry: Entry, into line: inout [UInt8], with encoder: JSONEncoder) {
        if case .splice(let item, let field, let from, let remove, let insert) = entry.edit {
            // One of these is written per key; JSONEncoder's generic machinery cost more than the
            // write itself. The same keys and values, read back by JSONDecoder like any other line.
            line.reserveCapacity(line.count + insert.utf8.count + item.utf8.count + field.utf8.count + 112)
            line += #"{"n":"#.utf8
            line.appendDecimal(entry.sequence)
            line += #","t":"#.utf8
            appendJSONString(entry.time.iso8601, to: &line)
            line += #","k":"splice","i":"#.utf8
            appendJSONString(item, to: &line)
            line += #","f":"#.utf8
            appendJSONString(field, to: &line)
            line += #","from":"#.utf8
            line.appendDecimal(from)
            line += #","remove":"#.utf8
            line.appendDecimal(remove)
            line += #","insert":"#.utf8
            appendJSONString(insert, to: &line)
            line += "}\n".utf8
            return
        }
        line += (try? encoder.encode(entry)) ?? Data()
        line.append(0x0A)
    }

    /// Appends `text` as a JSON string (RFC 8259): quotes, backslashes and control characters
    /// escaped, everything else as its UTF-8 (whose multi-byte sequences never need escaping).
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        var text = text  // `withUTF8` needs a variable; a native string is not copied
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape go in whole: byte by byte, a line's strings were
            // a tenth of recording a keystroke.
            var start = 0
            for index in utf8.indices where utf8[index] < 0x20 || utf8[index] == 0x22 || utf8[index] == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscaped(utf8[index], to: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(0x22)
    }

    private static func appendEscaped(_ byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case 0x22: bytes += #"\""#.utf8
        case 0x5C: bytes += #"\\"#.utf8
        case 0x0A: bytes += #"\n"#.utf8
        case 0x0D: bytes += #"\r"#.utf8
        case 0x09: bytes += #"\t"#.utf8
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes += #"\u00"#.utf8
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        }
    }

    static func journalEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}

/// The open journal file of a draft being edited: mapped into memory where the file system
/// allows (`MappedJournal`), written with `pwrite` where it does not or once the disk is full.
final class JournalWriter {
    let path: String
    private let fd: Int32
    private var mapping: MappedJournal?
    private(set) var isDirty = false
    /// One encoder for the session: making one per key cost more than the write.
    private let encoder = DraftJournal.journalEncoder()

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KotaeError.writeFailed(path: path, reason: FileSystem.errnoReason()) }
        fchmod(fd, 0o600)
        self.path = path
        size = JournalWriter.lengthOfWholeLines(fd)
        // A last line cut short (a crash mid-append) is cut off before anything follows it: the
        // reader ignores a torn last line, but one with lines after it would read as damage.
        if size < lseek(fd, 0, SEEK_END) && ftruncate(fd, size) != 0 {
            let reason = FileSystem.errnoReason()
            close(fd)
            throw KotaeError.writeFailed(path: path, reason: reason)
        }
        // Its first page is touched after the first screen (`prepareNextAppend`), not here.
        mapping = MappedJournal(fd: fd, size: Int(size))
    }

    /// The length of the file up to and including the last newline before its first zero byte
    /// (see `DraftJournal.entries`).
    private static func lengthOfWholeLines(_ fd: Int32) -> off_t {
        // Sized to the file (a new draft's is empty): 64 KB zeroed for nothing were sixteen
        // fresh pages at every start.
        let length = lseek(fd, 0, SEEK_END)
        guard length != 0 else { return 0 }
        var buffer = [UInt8](repeating: 0, count: length > 0 ? Int(min(length, 1 << 16)) : 1 << 16)
        var start: off_t = 0
        var whole: off_t = 0
        while true {
            let count = pread(fd, &buffer, buffer.count, start)
            guard count > 0 else { return count == 0 ? whole : lseek(fd, 0, SEEK_END) }  // unreadable: left as it is
            let chunk = buffer[..<count]
            let written = chunk.firstIndex(of: 0) ?? count
            if let newline = chunk[..<written].lastIndex(of: 0x0A) { whole = start + off_t(newline) + 1 }
            if written < count { return whole }
            start += off_t(count)
        }
    }

    deinit { close(fd) }

    /// The length of the entries written whole, kept rather than asked of the file on every key.
    private var size: off_t
    /// No entries since the last snapshot (none left by an earlier kotae either).
    var isEmpty: Bool { size == 0 }

    /// The line being appended, kept between entries so that a keystroke allocates nothing.
    private var line: [UInt8] = []

    /// Appends one entry whole or not at all: a failed write is cut back off the file.
    func append(_ entry: DraftJournal.Entry) throws {
        line.removeAll(keepingCapacity: true)
        DraftJournal.encode(entry, into: &line, with: encoder)
        let mapped = mapping.map { file in line.withUnsafeBytes { file.write($0, at: Int(size)) } } ?? false
        if !mapped {
            // Not mapped, or the file cannot grow: plain writes from here, which say why.
            mapping = nil
            if let failure = FileSystem.writeAll(fd, line, at: size) {
                // Should the cut fail too, the reader still stops at the torn line's end.
                _ = ftruncate(fd, size)
                throw KotaeError.writeFailed(path: path, reason: failure)
            }
        }
        size += off_t(line.count)
        isDirty = true
    }

    /// Readies the next append while nobody waits for it: after a keystroke is on screen.
    func prepareNextAppend() {
        mapping?.prepare(at: Int(size))
    }

    /// Makes the entries durable; `fsync` writes the mapped pages too.
    func sync() {
        if isDirty && fsync(fd) == 0 { isDirty = false }
    }

    /// Empties the journal once a snapshot holds everything in it.
    func reset() {
        // Already empty and mapped, as at a new draft's first snapshot, which gave back the 256 KB
        // allocated ahead and allocated them again, before the first screen.
        guard size > 0 || mapping == nil else { return }
        mapping = nil
        if ftruncate(fd, 0) == 0 {
            isDirty = false
            size = 0
        }
        mapping = MappedJournal(fd: fd, size: Int(size))
    }

    /// Leaves the file as long as its entries: without the room allocated ahead.
    func finish() {
        mapping = nil
        _ = ftruncate(fd, size)
    }
}
