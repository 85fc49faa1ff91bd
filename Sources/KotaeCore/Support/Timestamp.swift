import Foundation

/// A moment written as ISO 8601 in UTC to the second ("2026-11-26T09:30:00Z"): the form that
/// drafts and exports store, and that sorts as text in time order.
///
/// Written and read with the C library's gmtime_r and timegm, not Foundation's ISO8601FormatStyle:
/// that one opens ICU's time zone data, which cost 0.9 MB of memory and 0.1 ms the first time a
/// draft was saved, for a format that has one fixed shape.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let iso8601: String

    public init(iso8601: String) {
        self.iso8601 = iso8601
    }

    public init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fields = [Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)]
        iso8601 = zip(fields, Self.layout.separators).map { field, separator in
            (field < 10 ? "0" : "") + String(field) + separator
        }.joined()
    }

    public static func now() -> Timestamp { Timestamp(Date()) }

    /// `now()` for a caller that asks on every key: formats once per second, not per call.
    public struct Clock: Sendable {
        private var second: Int = .min
        private var stamp = Timestamp(iso8601: "")

        public init() {}

        public mutating func now() -> Timestamp {
            let date = Date()
            let second = Int(date.timeIntervalSince1970.rounded(.down))
            if second != self.second {
                self.second = second
                stamp = Timestamp(date)
            }
            return stamp
        }
    }

    /// The moment, when the text has exactly the shape `init(_:)` writes; nil otherwise.
    public var date: Date? {
        let bytes = Array(iso8601.utf8)
        guard bytes.count == Self.layout.length else { return nil }
        var fields: [Int] = []
        var start = 0
        for (width, separator) in zip(Self.layout.widths, Self.layout.separators) {
            let digits = bytes[start..<start + width]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  bytes[(start + width)...].starts(with: separator.utf8) else { return nil }
            fields.append(digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
            start += width + separator.utf8.count
        }
        guard (1...12).contains(fields[1]), (1...31).contains(fields[2]), fields[3] < 24, fields[4] < 60,
              fields[5] < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(fields[0] - 1900)
        parts.tm_mon = Int32(fields[1] - 1)
        parts.tm_mday = Int32(fields[2])
        parts.tm_hour = Int32(fields[3])
        parts.tm_min = Int32(fields[4])
        parts.tm_sec = Int32(fields[5])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// "YYYY-MM-DDTHH:MM:SSZ": each field's digits and the text after it.
    private static let layout = (widths: [4, 2, 2, 2, 2, 2], separators: ["-", "-", "T", ":", ":", "Z"], length: 20)

    public var description: String { iso8601 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.iso8601 < rhs.iso8601 }

    public init(from decoder: Decoder) throws {
        iso8601 = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
