import Foundation
import KotaeCore
import KotaeText
import Testing
@testable import KotaeTUI

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func bundledQuestionnaire() throws -> Questionnaire {
    try DefinitionLoader.load(path: repositoryRoot.appendingPathComponent("questionnaires/mic-entrustment-2024.yaml").path)
}

/// An app with the bundled questionnaire open on a draft, driven by actions as the run loop
/// would drive it; the effects it asked for are kept.
struct Harness {
    var state: AppState
    var effects: [Effect] = []

    init(rows: Int = 24, columns: Int = 80, language: Language = .ja, answers: Answers = Answers(), readOnly: Bool = false,
         migration: DraftMigration? = nil, heldBy: OtherWriter? = nil) throws {
        state = AppState(rows: rows, columns: columns, language: language)
        let opened = OpenedDraft(questionnaire: try bundledQuestionnaire(), name: "答え通信2025", answers: answers,
                                 readOnly: readOnly, savedAt: "09:30:00", exportFolder: "/home/hanako/提出",
                                 migration: migration, heldBy: heldBy)
        effects += update(&state, .draftOpened(OpenedDraftBox(opened)))
    }

    mutating func send(_ actions: Action...) {
        for action in actions { effects += update(&state, action) }
    }

    /// Keys as a terminal would deliver them, through the decoder and the key map.
    mutating func press(_ keys: [RawKey]) {
        var decoder = KeyDecoder()
        var events: [InputEvent] = []
        for key in keys { decoder.feed(key, into: &events) }
        decoder.idle(into: &events)
        for event in events {
            if let action = KeyMap.action(for: event) { effects += update(&state, action) }
        }
        // The run loop reports the pause that follows, as a person stops typing.
        effects += update(&state, .typingPaused)
    }

    mutating func type(_ text: String) {
        press(text.unicodeScalars.map { RawKey.scalar($0.value) })
    }

    var filling: FillingState { state.filling! }
    var itemID: String { filling.item.id }

    /// The answers as typed: the UI's, with the keys of a burst of typing that they take only
    /// when typing pauses or another key comes (`FillingState.apply`).
    var answers: Answers {
        var filling = filling
        filling.applyPendingEdits()
        return filling.answers
    }

    func text(_ item: String, _ field: String = "") -> String { answers.value(item: item, field: field).text }

    /// Replays the recorded edits on empty answers, as a reopened draft would.
    func replayedAnswers() -> Answers {
        var answers = Answers()
        for case .record(let edit, _) in effects { answers.apply(edit, at: nil) }
        return answers
    }
}

func control(_ letter: Character) -> RawKey { .scalar(letter.unicodeScalars.first!.value - 0x60) }

/// Compares a canvas with a golden text file under Tests/KotaeTUITests/Golden.
/// KOTAE_RECORD_GOLDEN=1 writes the files anew; review the diff before committing.
func assertGolden(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/KotaeTUITests/Golden/\(name).txt")
    let actual = canvas.text
    if ProcessInfo.processInfo.environment["KOTAE_RECORD_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(name).txt; record it with KOTAE_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let a = actual.components(separatedBy: "\n")
        let e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        Issue.record("""
            \(name) differs at line \(line + 1):
              expected: \(line < e.count ? e[line] : "<end>")
              actual:   \(line < a.count ? a[line] : "<end>")
            """, sourceLocation: sourceLocation)
    }
}

/// Answers that complete the bundled questionnaire, with 2-2 applying and 2-4 not.
func completeAnswers(_ questionnaire: Questionnaire) -> Answers {
    var answers = Answers()
    func set(_ item: String, _ field: String = "", _ value: FieldValue) { answers.set(item: item, field: field, to: value, at: nil) }
    for (field, text) in [("company", "答え通信株式会社"), ("department", "法務部"), ("person", "山田 花子"),
                          ("email", "hanako@example.jp"), ("phone", "03-1234-5678"), ("date", "2025-01-31")] {
        set("respondent", field, FieldValue(text: text))
    }
    set("1-2", "kinds", FieldValue(selected: ["outsourcing"]))
    set("2-1", "answer", FieldValue(selected: ["entrusted"]))
    set("2-3", "answer", FieldValue(selected: ["not-re-entrusted"]))
    for item in ["2-5", "2-7-1", "2-7-2", "3-4"] {
        set(item, "answer", FieldValue(selected: ["yes"]))
        set(item, "explanation", FieldValue(text: "具体的な内容。"))
    }
    for item in ["1-1", "2-2", "2-6", "2-8", "2-9", "3-1", "3-2", "3-3"] { set(item, "", FieldValue(text: "\(item) の回答。")) }
    for field in ["content", "method", "frequency"] { set("2-10", field, FieldValue(text: "年1回の点検")) }
    set("2-10", "document-inspections", FieldValue(text: "120"))
    set("2-10", "onsite-inspections", FieldValue(text: "15"))
    set("2-11", "contractors", FieldValue(text: "300"))
    set("2-11", "subcontractors", FieldValue(text: "45"))
    set("2-12", "", FieldValue(text: "0"))
    return answers
}

extension KeyDecoder {
    /// The events one raw key makes, as a list (the run loop appends them to a list it keeps).
    mutating func feed(_ raw: RawKey) -> [InputEvent] {
        var events: [InputEvent] = []
        feed(raw, into: &events)
        return events
    }

    mutating func idle() -> [InputEvent] {
        var events: [InputEvent] = []
        idle(into: &events)
        return events
    }
}
