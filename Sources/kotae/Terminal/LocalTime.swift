import Foundation
import KotaeCore
#if canImport(Glibc)
import Glibc
#endif

/// Times as people read them, in the local time zone (`TZ`, else the system's), where drafts
/// store UTC. strftime rather than DateFormatter: the latter wakes ICU, which costs milliseconds
/// and megabytes at start.
enum LocalTime {
    /// "14:05:09" today, "2026-11-20 14:05" on another day: the status bar and the launcher.
    static func clock(of time: Timestamp? = nil) -> String {
        let now = time_t(Date().timeIntervalSince1970)
        let then = time?.date.map { time_t($0.timeIntervalSince1970) } ?? now
        let local = parts(of: then), today = parts(of: now)
        let sameDay = local.tm_year == today.tm_year && local.tm_yday == today.tm_yday
        return format(local, sameDay ? "%H:%M:%S" : "%Y-%m-%d %H:%M")
    }

    /// "2026-11-20 14:05:09": command-line listings, read on any day. A stored time that cannot
    /// be read is shown as stored.
    static func dateAndTime(of time: Timestamp) -> String {
        guard let date = time.date else { return time.iso8601 }
        return format(parts(of: time_t(date.timeIntervalSince1970)), "%Y-%m-%d %H:%M:%S")
    }

    private static func parts(of seconds: time_t) -> tm {
        var seconds = seconds
        var local = tm()
        localtime_r(&seconds, &local)
        return local
    }

    private static func format(_ parts: tm, _ pattern: String) -> String {
        var parts = parts
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
