import Foundation

/// A moment written as ISO 8601 in UTC to the second ("2026-11-26T09:30:00Z"): the form that
/// drafts and exports store, and that sorts as text in time order.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let iso8601: String

    public init(iso8601: String) {
        self.iso8601 = iso8601
    }

    public init(_ date: Date) {
        iso8601 = date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
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

    public var date: Date? { try? Date(iso8601, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) }

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
