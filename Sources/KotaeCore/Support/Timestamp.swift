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
        let values = [parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec]
        var bytes = Self.shape
        for (digits, value) in zip(Self.fields, values) {
            var rest = value
            for index in digits.reversed() {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        iso8601 = String(decoding: bytes, as: UTF8.self)
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
        let zero = UInt8(ascii: "0")
        guard bytes.count == Self.shape.count,
              zip(bytes, Self.shape).allSatisfy({ $1 == zero ? (zero...zero + 9).contains($0) : $0 == $1 }) else { return nil }
        let values = Self.fields.map { digits in bytes[digits].reduce(Int32(0)) { $0 * 10 + Int32($1 - zero) } }
        guard (1...12).contains(values[1]), (1...31).contains(values[2]), values[3] < 24, values[4] < 60, values[5] < 61 else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (values[0] - 1900, values[1] - 1, values[2])
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (values[3], values[4], values[5])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// What every timestamp looks like, a digit where a 0 is.
    private static let shape = Array("0000-00-00T00:00:00Z".utf8)
    /// Where the year, month, day, hour, minute and second are in `shape`.
    private static let fields = [0..<4, 5..<7, 8..<10, 11..<13, 14..<16, 17..<19]

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
