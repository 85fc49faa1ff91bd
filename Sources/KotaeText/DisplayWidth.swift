/// How wide East Asian Ambiguous characters (○ ■ ※ ① ─ …) are drawn: 1 cell in most terminals,
/// 2 in CJK-configured ones (xterm -cjk_width, VTE with ambiguous width 2, mlterm in a ja locale).
public enum AmbiguousWidth: Int, Sendable, CaseIterable {
    case narrow = 1
    case wide = 2
}

/// The one width function that decides where every character goes: cells per scalar from the
/// generated East Asian Width table, a `Character`'s width the sum of its scalars' (so ｶﾞ is 2,
/// か + U+3099 is 2, 👍🏽 is 4 as glibc and tmux draw it). Independent of the process locale.
public struct DisplayWidth: Sendable, Equatable {
    public var ambiguous: AmbiguousWidth

    public init(ambiguous: AmbiguousWidth = .narrow) {
        self.ambiguous = ambiguous
    }

    public static let unicodeVersion = EastAsianWidthTable.unicodeVersion

    @inlinable
    public func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        let tableClass = value < 0x1_0000 ? UInt64(Self.basicPlane[Int(value)]) : Self.tableClass(of: value)
        switch tableClass {
        case 0: return 0
        case 2: return 2
        case 3: return ambiguous.rawValue
        default: return 1
        }
    }

    public func width(of character: Character) -> Int {
        var total = 0
        for scalar in character.unicodeScalars { total += width(of: scalar) }
        return total
    }

    public func width<S: StringProtocol>(of text: S) -> Int {
        var total = 0
        for scalar in text.unicodeScalars { total += width(of: scalar) }
        return total
    }

    /// Each text padded with spaces to the cells of the widest, so that what follows them lines up
    /// in a column (`String.padding` counts characters, and a kanji takes two cells).
    public func padded(_ texts: [String]) -> [String] {
        let widest = texts.map { width(of: $0) }.max() ?? 0
        return texts.map { $0 + String(repeating: " ", count: widest - width(of: $0)) }
    }

    /// The cells a `Character` takes once drawn: controls become their sanitiser placeholders.
    public func drawnWidth(of character: Character) -> Int {
        var total = 0
        for scalar in character.unicodeScalars {
            if Sanitizer.needsPlaceholder(scalar) { return width(of: Sanitizer.displayText(String(character))) }
            total += width(of: scalar)
        }
        return total
    }

    /// `tableClass` of every scalar below U+10000, one byte each (64 KB), made once from the
    /// generated ranges: every cell drawn asks, and a binary search per cell showed in profiles.
    @usableFromInline
    static let basicPlane: [UInt8] = {
        var classes = [UInt8](repeating: 1, count: 0x1_0000)
        for entry in EastAsianWidthTable.ranges {
            let lower = Int(entry >> 24), upper = Int((entry >> 2) & 0x3F_FFFF)
            guard lower < 0x1_0000 else { break }
            for value in lower...min(upper, 0xFFFF) { classes[value] = UInt8(entry & 0b11) }
        }
        return classes
    }()

    /// Binary search of the generated ranges; 1 (not listed) when no range holds `value`.
    @usableFromInline
    static func tableClass(of value: UInt32) -> UInt64 {
        let ranges = EastAsianWidthTable.ranges
        let key = UInt64(value)
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle] >> 24 <= key { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return 1 }
        let entry = ranges[low - 1]
        let upper = (entry >> 2) & 0x3F_FFFF
        return key <= upper ? entry & 0b11 : 1
    }
}
