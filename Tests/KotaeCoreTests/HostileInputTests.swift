import Foundation
import Testing
@testable import KotaeCore

/// Files made to hurt: each is refused with a clear error naming the file, never crashes, never
/// hangs, and never costs the data already saved.
@Suite(.serialized) struct HostileInputTests {
    @Test func tenThousandDeepNestingIsRefused() {
        let yaml = "id: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let found = problems(yaml)
        #expect(found.first?.message.contains("Maximum nesting level") == true, "\(found)")
    }

    @Test func aDefinitionOverTheSizeLimitIsRefusedBeforeParsing() {
        let huge = Data(repeating: UInt8(ascii: "#"), count: DefinitionLoader.sizeLimit + 1)
        #expect(throws: DefinitionError.self) { try DefinitionLoader.load(bytes: huge, file: "huge.yaml") }
        do {
            _ = try DefinitionLoader.load(bytes: huge, file: "huge.yaml")
        } catch let error as DefinitionError {
            #expect(error.problems.first?.description.hasPrefix("huge.yaml:1:1: the file is 4096 KB") == true)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aDefinitionThatIsNotYAMLAtAll() {
        #expect(!problems("\u{0}\u{1}\u{2}binary garbage: [").isEmpty)
        #expect(!problems("- just\n- a\n- list\n").isEmpty)
        #expect(!problems("id: 12\nversion: 1\ntitle: [a, b]\n").isEmpty)
    }

    private func withDrafts(_ body: (DraftStore, Questionnaire) throws -> Void) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = DraftStore(home: KotaeHome(root: folder.path))
        try FileSystem.makeFolder(store.home.root)
        try FileSystem.makeFolder(store.folder)
        try body(store, try bundledQuestionnaire())
    }

    /// Writes `bytes` as draft `name`, tries to read and open it, and checks it is reported by
    /// name and left byte for byte.
    private func expectRefused(_ bytes: Data, _ store: DraftStore, _ questionnaire: Questionnaire,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = store.snapshotPath("hostile")
        try bytes.write(to: URL(fileURLWithPath: path))
        for attempt in [{ _ = try store.read("hostile") }, { _ = try store.open("hostile", questionnaire: questionnaire, command: "test") }] {
            do {
                try attempt()
                Issue.record("a hostile draft was accepted", sourceLocation: sourceLocation)
            } catch let error as KotaeError {
                #expect(error.description.contains(path), "\(error)", sourceLocation: sourceLocation)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, sourceLocation: sourceLocation)
    }

    @Test func damagedDraftsAreReportedAndNeverOverwritten() throws {
        try withDrafts { store, questionnaire in
            let session = try store.open("good", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "本物の回答")))
            try session.close()
            let good = try Data(contentsOf: URL(fileURLWithPath: store.snapshotPath("good")))

            try expectRefused(good.prefix(good.count / 2), store, questionnaire)  // truncated
            var random = SystemRandomNumberGenerator()
            try expectRefused(Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }), store, questionnaire)
            try expectRefused(Data(), store, questionnaire)
            let wrongTypes = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"journalSequence\" : 1", with: "\"journalSequence\" : \"one\"")
                .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : [1]")
            try expectRefused(Data(wrongTypes.utf8), store, questionnaire)
            try expectRefused(Data("{\"format\": \"kotae-draft\", \"formatVersion\": 99, \"name\": \"x\"}".utf8), store, questionnaire)
        }
    }

    @Test func aJournalDamagedInTheMiddleIsReportedByName() throws {
        try withDrafts { store, questionnaire in
            let session = try store.open("journal", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "一")))
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "二")))
            let journal = store.journalPath("journal")
            var lines = try String(contentsOfFile: journal, encoding: .utf8).components(separatedBy: "\n")
            lines[0] = "{not json"
            try lines.joined(separator: "\n").write(toFile: journal, atomically: false, encoding: .utf8)
            #expect(throws: KotaeError.corruptDraft(path: journal, damage: .journalLine(1))) {
                _ = try store.read("journal")
            }
        }
    }

    @Test func anotherQuestionnairesDraftIsNotTakenForThisOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let home = KotaeHome(root: folder.path)
        let other = try loadItems("""
        - id: q
          question: 質問
          type: text
        """, id: "another-survey", version: "9", title: "別の調査")
        try DraftStore(home: home).open("foreign", questionnaire: other, command: "test").close()
        let before = try Data(contentsOf: URL(fileURLWithPath: DraftStore(home: home).snapshotPath("foreign")))
        let workspace = Workspace(home: home, bundledQuestionnaires: repositoryRoot.appendingPathComponent("questionnaires").path)
        #expect(throws: KotaeError.questionnaireNotFound(id: "another-survey", version: "9")) {
            _ = try workspace.open("foreign", command: "test")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: DraftStore(home: home).snapshotPath("foreign"))) == before)
    }

    @Test func exportedFilesKeepHostileTextExactly() throws {
        let questionnaire = try bundledQuestionnaire()
        var draft = Draft(name: "hostile", questionnaire: questionnaire, at: fixedTime)
        draft.answers = completeAnswers(questionnaire)
        let hostile = "前\u{1B}]0;title\u{07}\u{1B}[2J\u{9B}31m\u{202E}後"
        draft.answers.set(item: "3-3", field: "", to: FieldValue(text: hostile), at: fixedTime)
        let submission = try Submission(questionnaire: questionnaire, draft: draft)
        let json = try JSONSerialization.jsonObject(with: ExportFormat.json.render(submission, exportedAt: fixedTime)) as? [String: Any]
        let items = json?["items"] as? [[String: Any]]
        #expect(items?.first { $0["id"] as? String == "3-3" }?["answer"] as? String == hostile)
        #expect(String(decoding: ExportFormat.csv.render(submission, exportedAt: fixedTime), as: UTF8.self).contains(hostile))
    }
}
