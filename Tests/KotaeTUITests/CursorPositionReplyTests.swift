import Testing
@testable import KotaeTUI

/// The terminal's answer to "where is the cursor?", found among keys typed meanwhile.
@Suite struct CursorPositionReplyTests {
    static func find(_ text: String) -> CursorPositionReply? {
        CursorPositionReply.find(in: Array(text.utf8))
    }

    @Test func theAnswerAloneGivesRowAndColumn() {
        #expect(Self.find("\u{1B}[12;3R") == CursorPositionReply(row: 12, column: 3))
    }

    @Test func theAnswerIsFoundAmongKeysTypedBeforeAndAfterIt() {
        #expect(Self.find("委託\u{1B}[A先\u{1B}[5;2Rの監督\r") == CursorPositionReply(row: 5, column: 2),
                "an arrow key typed ahead is not mistaken for the answer")
    }

    @Test func noAnswerYetIsNotFound() {
        #expect(Self.find("委託先") == nil)
        #expect(Self.find("\u{1B}[12;") == nil, "an answer cut short is not an answer yet")
        #expect(Self.find("\u{1B}[12R") == nil, "a row without a column is not an answer")
        #expect(Self.find("\u{1B}[1;2;3R") == nil)
    }
}
