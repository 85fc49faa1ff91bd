import Foundation
import Testing
@testable import KotaeCore

/// The repository's root, found from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let bundledDefinitionPath = repositoryRoot.appendingPathComponent("questionnaires/mic-entrustment-2024.yaml").path

func bundledQuestionnaire() throws -> Questionnaire {
    try DefinitionLoader.load(path: bundledDefinitionPath)
}

/// Loads a definition from text, as if read from `test.yaml`.
func load(_ yaml: String) throws -> Questionnaire {
    try DefinitionLoader.load(bytes: Data(yaml.utf8), file: "test.yaml")
}

/// A one-section definition holding `items` (YAML list entries, written from column 0).
func loadItems(_ items: String, id: String = "c", version: String = "1", title: String = "t") throws -> Questionnaire {
    let indented = items.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    return try load("""
    id: \(id)
    version: "\(version)"
    title: \(title)
    respondent:
      - id: name
        type: line
    sections:
      - id: s
        title: s
        items:
    \(indented)
    """)
}

/// The problems a definition text has (empty when it loads).
func problems(_ yaml: String) -> [LintProblem] {
    do {
        _ = try load(yaml)
        return []
    } catch let error as DefinitionError {
        return error.problems
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// A fresh folder under /tmp, removed by the caller with `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "kotae-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

let fixedTime = Timestamp(iso8601: "2026-11-26T09:00:00Z")

/// Answers that make every item of the bundled questionnaire complete, with 2-1 and 2-3 chosen so
/// 2-2 applies and 2-4 does not.
func completeAnswers(_ questionnaire: Questionnaire) -> Answers {
    var answers = Answers()
    func set(_ item: String, _ field: String = "", _ value: FieldValue) {
        answers.set(item: item, field: field, to: value, at: fixedTime)
    }
    set("respondent", "company", FieldValue(text: "答え通信株式会社"))
    set("respondent", "department", FieldValue(text: "法務部"))
    set("respondent", "person", FieldValue(text: "山田 花子"))
    set("respondent", "email", FieldValue(text: "hanako@example.jp"))
    set("respondent", "phone", FieldValue(text: "03-1234-5678"))
    set("respondent", "date", FieldValue(text: "2025-01-31"))
    set("1-1", "", FieldValue(text: "顧客の氏名・住所を、コールセンター業務の委託先に提供している。\n代表例: 料金案内業務。"))
    set("1-2", "kinds", FieldValue(text: "共同利用契約", selected: ["outsourcing", "other"]))
    set("2-1", "answer", FieldValue(selected: ["entrusted"]))
    set("2-2", "", FieldValue(text: "覚書に安全管理措置, 秘密保持, \"再委託\"の条件を定めている。"))
    set("2-3", "answer", FieldValue(selected: ["not-re-entrusted"]))
    set("2-3", "explanation", FieldValue(text: "個別に判断している。"))
    set("2-4", "", FieldValue(text: "この回答は 2-3 の選択により提出されない。"))
    for item in ["2-5", "2-7-1", "2-7-2", "3-4"] {
        set(item, "answer", FieldValue(selected: ["yes"]))
        set(item, "explanation", FieldValue(text: "\(item) の具体的な内容。"))
    }
    for item in ["2-6", "2-8", "2-9", "3-1", "3-2", "3-3"] {
        set(item, "", FieldValue(text: "\(item) への回答。"))
    }
    set("2-10", "content", FieldValue(text: "チェックシートによる点検"))
    set("2-10", "method", FieldValue(text: "書面及び立入り"))
    set("2-10", "frequency", FieldValue(text: "年1回"))
    set("2-10", "document-inspections", FieldValue(text: "120"))
    set("2-10", "onsite-inspections", FieldValue(text: "１５"))
    set("2-11", "contractors", FieldValue(text: "1,234"))
    set("2-11", "subcontractors", FieldValue(text: "56"))
    set("2-12", "", FieldValue(text: "0"))
    return answers
}
