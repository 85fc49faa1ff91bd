import Testing
@testable import KotaeTUI

/// The terminal's answer to "where is the cursor?", found among keys typed meanwhile.
@Suite struct CursorPositionReplyTests {
    static func find(_ text: String) -> (reply: CursorPositionReply, others: String)? {
        CursorPositionReply.find(in: Array(text.utf8)).map { ($0.reply, String(decoding: $0.others, as: UTF8.self)) }
    }

    @Test func theAnswerAloneGivesRowAndColumn() throws {
        let found = try #require(Self.find("\u{1B}[12;3R"))
        #expect(found.reply == CursorPositionReply(row: 12, column: 3))
        #expect(found.others.isEmpty)
    }

    @Test func keysTypedBeforeAndAfterTheAnswerAreKeptInOrder() throws {
        let found = try #require(Self.find("委託\u{1B}[A先\u{1B}[5;2Rの監督\r"))
        #expect(found.reply == CursorPositionReply(row: 5, column: 2))
        #expect(found.others == "委託\u{1B}[A先の監督\r", "an arrow key typed ahead is not mistaken for the answer")
    }

    @Test func noAnswerYetIsNotFound() {
        #expect(Self.find("委託先") == nil)
        #expect(Self.find("\u{1B}[12;") == nil, "an answer cut short is not an answer yet")
        #expect(Self.find("\u{1B}[12R") == nil, "a row without a column is not an answer")
        #expect(Self.find("\u{1B}[1;2;3R") == nil)
    }
}
