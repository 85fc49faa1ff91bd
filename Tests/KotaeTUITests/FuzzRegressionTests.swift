import Foundation
import KotaeCore
import KotaeText
import Testing
@testable import KotaeTUI

/// Replays the fuzzers' seeds and every input a fuzzer ever crashed on (FuzzTesting/FailCases),
/// so CI keeps checking them without fuzzing. See scripts/fuzz.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [URL] {
        ["Seeds", "FailCases"].flatMap { kind -> [URL] in
            let folder = repositoryRoot.appendingPathComponent("FuzzTesting/\(kind)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    @Test func definitions() throws {
        let inputs = Self.inputs("FuzzDefinition")
        #expect(!inputs.isEmpty)
        for input in inputs {
            do {
                _ = try DefinitionLoader.load(bytes: try Data(contentsOf: input), file: input.lastPathComponent)
            } catch let error as DefinitionError {
                #expect(!error.problems.isEmpty, "\(input.lastPathComponent)")
            }
        }
    }

    @Test func drafts() throws {
        let seedSnapshot = try Data(contentsOf: repositoryRoot.appendingPathComponent("FuzzTesting/Seeds/FuzzDraft/draft.json"))
        let inputs = Self.inputs("FuzzDraft")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let bytes = try Data(contentsOf: input)
            // The bytes as a snapshot, and as the journal of a good snapshot.
            for (snapshot, journal) in [(bytes, nil), (seedSnapshot, bytes)] as [(Data, Data?)] {
                do {
                    _ = try DraftStore.decode(snapshot: snapshot, snapshotPath: "fuzz.json", journal: journal, journalPath: "fuzz.journal")
                } catch let error as KotaeError {
                    #expect(error.description.contains("fuzz."), "\(input.lastPathComponent): \(error)")
                }
            }
        }
    }

    @Test func keyStreams() throws {
        let inputs = Self.inputs("FuzzKeys")
        #expect(!inputs.isEmpty)
        for input in inputs {
            var app = try Harness()
            app.press(try Data(contentsOf: input).map { RawKey.scalar(UInt32($0)) })
            if app.state.filling != nil {
                #expect(app.replayedAnswers() == app.filling.answers, "the journal replays to the screen's answers: \(input.lastPathComponent)")
            }
            let canvas = view(app.state)
            #expect(!(0..<canvas.rows).map(canvas.line).joined().unicodeScalars.contains(where: Sanitizer.needsPlaceholder))
        }
    }
}
