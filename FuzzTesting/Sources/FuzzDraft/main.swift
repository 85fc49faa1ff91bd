import Foundation
import KotaeCore

/// A good snapshot for the journal half (a static, not a top-level global: libFuzzer's own
/// main runs, so top-level code never does).
enum Seed {
    static let snapshot = Data("""
{"format":"kotae-draft","formatVersion":1,"name":"seed","questionnaire":{"id":"q","version":"1","sha256":"0"},\
"createdAt":"2026-11-26T09:00:00Z","savedAt":"2026-11-26T09:00:00Z","answers":{},"journalSequence":0}
""".utf8)
}

/// Any bytes as a draft snapshot, and as the journal of a good one: read, or reported as damaged
/// naming the file — never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDraft(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    for (snapshot, journal) in [(bytes, nil), (Seed.snapshot, bytes)] as [(Data, Data?)] {
        do {
            _ = try DraftStore.decode(snapshot: snapshot, snapshotPath: "fuzz.json", journal: journal, journalPath: "fuzz.journal")
        } catch let error as KotaeError {
            precondition(error.description.contains("fuzz."), "the error names the file")
        } catch {
            fatalError("unexpected error type \(error)")
        }
    }
    return 0
}
