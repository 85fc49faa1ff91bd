import Foundation
import Testing
@testable import KotaeCore

/// Drafts and exports store moments as "YYYY-MM-DDTHH:MM:SSZ"; the launcher shows them back in
/// local time. A wrong digit here is a wrong "last saved" in front of the user.
@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_685_400.75, "2026-11-26T09:30:00Z"),  // a fraction of a second is cut, not rounded
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
    ])
    func aMomentIsWrittenInUTCToTheSecond(_ seconds: Double, _ text: String) {
        #expect(Timestamp(Date(timeIntervalSince1970: seconds)).iso8601 == text)
        #expect(Timestamp(iso8601: text).date == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test func whatIsWrittenReadsBackAsTheSameSecond() {
        // 1,000 moments spread over 1970-2099, none on a round minute.
        for second in stride(from: 7, to: 4_102_444_800, by: 4_102_437) {
            let seconds = Double(second)
            let stamp = Timestamp(Date(timeIntervalSince1970: seconds))
            #expect(stamp.date?.timeIntervalSince1970 == seconds, "\(stamp)")
        }
    }

    @Test(arguments: ["", "2026-11-26", "2026-11-26T09:30:00", "2026-11-26 09:30:00Z", "2026-13-01T00:00:00Z",
                      "2026-11-26T24:00:00Z", "2026-11-26T09:30:00.5Z", "２０２６-11-26T09:30:00Z", "2026-1-026T09:30:00Z"])
    func anythingElseHasNoDate(_ text: String) {
        #expect(Timestamp(iso8601: text).date == nil)
    }
}
