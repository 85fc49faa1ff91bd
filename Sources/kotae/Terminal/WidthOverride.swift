import KotaeText
import Synchronization

/// Whether East Asian Ambiguous characters are 2 cells wide; set once before ncurses starts.
let ambiguousIsWide = Atomic<Bool>(false)

/// ncursesw asks libc's wcwidth where characters go. This executable puts its own in that place
/// (exported to the dynamic linker, or in the static release build linked in before the C library
/// is searched: Package.swift), so ncurses and KotaeText agree on every character, Ambiguous ones
/// included, whatever glibc's table or the locale says.
@_cdecl("wcwidth")
public func kotaeWcwidth(_ character: Int32) -> Int32 {
    guard character != 0 else { return 0 }
    guard character > 0, let scalar = Unicode.Scalar(UInt32(character)) else { return -1 }
    if Sanitizer.needsPlaceholder(scalar) && !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value) {
        return -1
    }
    let widths = DisplayWidth(ambiguous: ambiguousIsWide.load(ordering: .relaxed) ? .wide : .narrow)
    return Int32(widths.width(of: scalar))
}
