import Foundation
import Testing
@testable import KotaeCore

/// Typing journals a splice per key through a hand-made JSON line; it must read back exactly,
/// whatever the text holds, or a reopened draft would differ from what was typed.
@Suite struct JournalLineTests {
    @Test(arguments: ["あ", "a", "", "\"引用\"と\\", "改行\n\r\t", "\u{0}\u{1}\u{1B}[31m\u{1F}\u{7F}\u{85}", "👍🏽🇯🇵か\u{3099}", "\u{2028}\u{2029}/</script>"])
    func aSpliceLineReadsBackExactly(_ insert: String) throws {
        let entry = DraftJournal.Entry(sequence: 42, time: Timestamp(iso8601: "2026-11-26T09:30:00Z"),
                                       edit: .splice(item: "2-10", field: "method\"", from: 7, remove: 2, insert: insert))
        let line = DraftJournal.encode(entry)
        #expect(line.last == 0x0A)
        #expect(line.dropLast().contains(0x0A) == false, "one entry, one line")
        let entries = try DraftJournal.entries(in: line + Data("\n".utf8), path: "test.journal")
        #expect(entries == [entry])
    }

    /// Positions and sequence numbers are written as digits by hand; they must read back as the
    /// same numbers, at the edges too.
    @Test(arguments: [0, 7, 10, 99, 100, 123_456_789, Int.max, -1, Int.min])
    func numbersReadBackExactly(_ number: Int) throws {
        let entry = DraftJournal.Entry(sequence: number, time: Timestamp(iso8601: "2026-11-27T09:30:00Z"),
                                       edit: .splice(item: "1-1", field: "", from: number, remove: number, insert: "あ"))
        #expect(try DraftJournal.entries(in: DraftJournal.encode(entry) + Data("\n".utf8), path: "test.journal") == [entry])
    }
}
