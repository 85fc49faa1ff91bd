#if canImport(Glibc)
import Glibc
#endif

/// The journal file mapped into memory, so that journaling a keystroke is a copy instead of a
/// system call.
///
/// A keystroke's entry must be in the file before the keystroke shows (DESIGN §4: after
/// `kill -9`, nothing that was on screen is lost). A `write` of 100 bytes to ext4 took 15 µs on
/// the benchmark machine, most of it the file system's own bookkeeping; copying them into a page
/// of the file that is already mapped takes under one (docs/performance.md). The page belongs
/// to the kernel either way, so a killed process loses neither. Power cuts are what the `fsync`
/// every couple of seconds is for, as before.
///
/// The file's blocks are allocated before they are mapped (`posix_fallocate`), so a copy never
/// needs a block the disk may not have: a full disk is met when allocating, as an error the
/// journal then reports through plain writes, never as a SIGBUS. Past the last entry the file
/// reads as zero bytes, where readers stop (`DraftJournal.entries`).
final class MappedJournal {
    private let fd: Int32
    private var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    /// Room for about 2,500 typed keys, more than the journal holds before it is folded.
    static let initialCapacity = 1 << 18
    private static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Maps `fd`, whose first `size` bytes are entries and the rest nothing; nil where the file
    /// cannot be allocated ahead (a full disk, a file system without the call, not Linux).
    init?(fd: Int32, size: Int) {
        #if os(Linux)
        let capacity = Self.capacity(toHold: size, from: Self.initialCapacity)
        guard Self.allocate(fd, capacity), let base = Self.map(fd, capacity) else { return nil }
        self.fd = fd
        self.base = base
        self.capacity = capacity
        #else
        return nil
        #endif
    }

    deinit { munmap(base, capacity) }

    /// Copies `line` to `offset`; false when the file cannot grow to hold it.
    func write(_ line: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        let end = offset + line.count
        guard end <= capacity || grow(toHold: end) else { return false }
        if let source = line.baseAddress {
            (base + offset).copyMemory(from: source, byteCount: line.count)
        }
        return true
    }

    /// Touches the pages the next entry will be copied to, so that no keystroke waits for a page
    /// fault: 30 µs on ext4 for a page first written, and again after each `fsync`. What is
    /// stored is the zero already there.
    func prepare(at offset: Int) {
        var page = offset
        let end = min(capacity, offset + Self.pageSize)
        while page < end {
            (base + page).storeBytes(of: 0, as: UInt8.self)
            page = (page / Self.pageSize + 1) * Self.pageSize
        }
    }

    private func grow(toHold end: Int) -> Bool {
        let larger = Self.capacity(toHold: end, from: capacity)
        guard Self.allocate(fd, larger), let moved = Self.map(fd, larger) else { return false }
        munmap(base, capacity)
        base = moved
        capacity = larger
        return true
    }

    private static func capacity(toHold size: Int, from start: Int) -> Int {
        var capacity = start
        while capacity < size + 1 { capacity *= 2 }
        return capacity
    }

    private static func allocate(_ fd: Int32, _ length: Int) -> Bool {
        #if os(Linux)
        return posix_fallocate(fd, 0, off_t(length)) == 0
        #else
        return false
        #endif
    }

    private static func map(_ fd: Int32, _ length: Int) -> UnsafeMutableRawPointer? {
        let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        return address == UnsafeMutableRawPointer(bitPattern: -1) ? nil : address
    }
}
