import Foundation
import Testing
@testable import KotaeCore

/// A sound definition; each test below breaks one thing in it and expects the problem at the
/// line and column where a person would fix it.
private let sound = """
id: demo
version: "1"
title: Demo
respondent:
  - id: company
    label: 事業者名
    type: line
sections:
  - id: "1"
    title: 最初
    items:
      - id: a
        question: 質問A
        type: choice
        options:
          - id: x
            label: X
          - id: y
            label: Y
      - id: b
        question: 質問B
        type: text
        when:
          item: a
          is: x
"""

private func replacing(_ old: String, with new: String) -> String {
    precondition(sound.contains(old), "fixture has no \(old)")
    return sound.replacingOccurrences(of: old, with: new)
}

private func expectProblem(_ yaml: String, line: Int, column: Int, containing text: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let found = problems(yaml)
    #expect(found.contains { $0.line == line && $0.column == column && $0.message.contains(text) },
            "expected \(line):\(column) '\(text)', got \(found.map(\.description))", sourceLocation: sourceLocation)
}

@Suite struct DefinitionLintTests {
    @Test func soundDefinitionLoads() throws {
        let questionnaire = try load(sound)
        #expect(questionnaire.items.map(\.id) == ["a", "b"])
        #expect(questionnaire.items[1].condition == .chosen(item: "a", field: "", option: "x"))
    }

    /// Saved on Windows: a byte-order mark and CRLF line ends. It loads as the same definition,
    /// problems keep the lines and columns an editor shows, and the digest is of the file's bytes.
    @Test func aDefinitionSavedOnWindowsLoads() throws {
        let windows = Data([0xEF, 0xBB, 0xBF] + Array(sound.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let questionnaire = try DefinitionLoader.load(bytes: windows, file: "windows.yaml")
        #expect(questionnaire.items.map(\.id) == ["a", "b"])
        #expect(questionnaire.sha256 != (try load(sound)).sha256, "the digest names the file's own bytes")
        let broken = Data([0xEF, 0xBB, 0xBF] + Array(replacing("      - id: b", with: "      - id: a").utf8))
        #expect(throws: DefinitionError.self) { try DefinitionLoader.load(bytes: broken, file: "windows.yaml") }
        do {
            _ = try DefinitionLoader.load(bytes: broken, file: "windows.yaml")
        } catch let error as DefinitionError {
            #expect(error.problems.contains { $0.line == 20 && $0.column == 13 && $0.message.contains("duplicate item id 'a'") })
        }
    }

    @Test func unknownKey() {
        expectProblem(replacing("        question: 質問B", with: "        question: 質問B\n        colour: red"),
                      line: 22, column: 9, containing: "unknown key 'colour'")
    }

    @Test func duplicateItemID() {
        expectProblem(replacing("      - id: b", with: "      - id: a"), line: 20, column: 13, containing: "duplicate item id 'a'")
    }

    @Test func conditionOnUnknownItem() {
        expectProblem(replacing("          item: a", with: "          item: zz"), line: 24, column: 17, containing: "unknown item 'zz'")
    }

    @Test func conditionOnUnknownOption() {
        expectProblem(replacing("          is: x", with: "          is: maybe"), line: 25, column: 15, containing: "unknown option 'maybe'")
    }

    @Test func conditionOnLaterItem() {
        let yaml = replacing("          item: a\n          is: x", with: "          item: a\n          is: x\n") + """

              - id: c
                question: 質問C
                type: choice
                options:
                  - id: p
                    label: P
                  - id: q
                    label: Q
        """
        // Item a now depends on c, which comes after it.
        let forward = yaml.replacingOccurrences(of: "        type: choice\n        options:\n          - id: x",
                                                with: "        type: choice\n        when:\n          item: c\n          is: p\n        options:\n          - id: x")
        expectProblem(forward, line: 16, column: 17, containing: "comes later")
    }

    @Test func conditionOnItself() {
        expectProblem(replacing("          item: a", with: "          item: b"), line: 24, column: 17, containing: "a cycle")
    }

    @Test func minGreaterThanMax() {
        expectProblem(replacing("        type: text\n", with: "        type: integer\n        min: 10\n        max: 2\n"),
                      line: 23, column: 14, containing: "min 10 is greater than max 2")
    }

    @Test func minLengthGreaterThanMaxLength() {
        expectProblem(replacing("        type: text\n", with: "        type: text\n        max-length: 5\n        min-length: 9\n"),
                      line: 24, column: 21, containing: "min-length 9 is greater than max-length 5")
    }

    @Test func emptyQuestion() {
        expectProblem(replacing("        question: 質問B", with: "        question: \"\""), line: 21, column: 19, containing: "'question' of item b is empty")
    }

    @Test func keyThatDoesNotFitTheType() {
        expectProblem(replacing("        type: text\n", with: "        type: text\n        unit: 件\n"),
                      line: 23, column: 9, containing: "'unit' does not apply to a text field")
    }

    @Test func unknownType() {
        expectProblem(replacing("        type: text", with: "        type: essay"), line: 22, column: 15, containing: "unknown type 'essay'")
    }

    @Test func yamlSyntaxError() {
        expectProblem(replacing("        question: 質問B", with: "        question: [質問B"), line: 22, column: 13, containing: "YAML syntax: did not find expected ',' or ']'")
    }

    @Test func duplicateKeyInOneMapping() {
        expectProblem(replacing("        question: 質問B", with: "        question: 質問B\n        question: again"),
                      line: 21, column: 9, containing: "duplicate key 'question'")
    }

    @Test func invalidUTF8IsLocated() throws {
        var bytes = Data(replacing("title: Demo", with: "title: Dem").utf8)
        let titleLine = bytes.firstRange(of: Data("title: Dem".utf8))!
        bytes.insert(0xFF, at: titleLine.upperBound)
        #expect(throws: DefinitionError.self) { try DefinitionLoader.load(bytes: bytes, file: "bad.yaml") }
        do {
            _ = try DefinitionLoader.load(bytes: bytes, file: "bad.yaml")
        } catch let error as DefinitionError {
            #expect(error.problems.first?.description == "bad.yaml:3:11: the file is not valid UTF-8 text")
        }
    }

    @Test func controlCharactersInTextsAreRefused() {
        expectProblem(replacing("        question: 質問B", with: "        question: \"質問\\e[2JB\""),
                      line: 21, column: 19, containing: "control character U+001B")
    }

    /// Each kind of control character is refused, whichever byte its UTF-8 starts with (the
    /// loader looks at the bytes before it looks for one); ellipses, marks, tabs and line breaks
    /// are text.
    @Test(arguments: [("\\x01", "U+0001"), ("\\x7F", "U+007F"), ("\\x9B", "U+009B"), ("\\u202E", "U+202E"), ("\\u2067", "U+2067")])
    func everyKindOfControlCharacterIsRefused(escape: String, named: String) throws {
        expectProblem(replacing("        question: 質問B", with: "        question: \"質問\(escape)B\""),
                      line: 21, column: 19, containing: "control character \(named)")
        let text = try load(replacing("        question: 質問B", with: "        question: \"質問…※→\\t\\nB\""))
        #expect(text.item("b")?.question == "質問…※→\t\nB")
    }

    /// What lists show of a question: its first line that is not empty, by every line break a
    /// `Character` knows.
    @Test func anItemsHeadlineIsItsFirstLineThatIsNotEmpty() {
        let cases = [("質問", "質問"), ("\n\n  質問\n二行目", "  質問"), ("一行目\r\n二行目", "一行目"), ("\u{2028}一\u{2029}二", "一"),
                     ("一\u{85}二", "一"), ("…※→\u{2027}\n次", "…※→\u{2027}"), ("\n\r\n", "\n\r\n"), ("", "")]
        for (question, headline) in cases {
            #expect(Item(id: "a", question: question, fields: []).headline == headline, "\(question.debugDescription)")
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml = replacing("          item: a", with: "          item: zz")
            .replacingOccurrences(of: "        type: text", with: "        type: essay")
            .replacingOccurrences(of: "title: Demo", with: "title: Demo\nowner: me")
        let found = problems(yaml)
        #expect(found.count == 3, "\(found)")
        #expect(found.map(\.line) == found.map(\.line).sorted())
    }

    /// A billion-laughs file: ten levels of ten aliases each would be 10^10 nodes if expanded.
    @Test func aliasBombIsRefusedWithoutExpanding() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "id: x\nversion: \"1\"\ntitle: t\nrespondent: *a9\nsections: *a9\n"
        let found = problems(yaml)
        #expect(!found.isEmpty)
        #expect(found.count < 100, "problems are reported per written node, not per expanded node")
    }

    @Test func emptyFile() {
        expectProblem("", line: 1, column: 1, containing: "empty")
    }
}

@Suite struct BundledQuestionnaireTests {
    @Test func hasTheNineteenItemsInOrder() throws {
        let questionnaire = try bundledQuestionnaire()
        #expect(questionnaire.items.map(\.id) == [
            "1-1", "1-2", "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7-1", "2-7-2", "2-8",
            "2-9", "2-10", "2-11", "2-12", "3-1", "3-2", "3-3", "3-4",
        ])
        #expect(questionnaire.respondent.fields.map(\.label) == [
            "事業者名", "部署", "担当者", "連絡先（e-mail）", "連絡先（電話）", "回答日",
        ])
    }

    @Test func sectionTitlesAreTheSeeds() throws {
        let questionnaire = try bundledQuestionnaire()
        var headings: [String] = []
        func walk(_ section: Section) {
            headings.append(section.heading)
            section.sections.forEach(walk)
        }
        questionnaire.sections.forEach(walk)
        #expect(headings == [
            "1. 委託先について", "2. 委託先の監督について", "(1) 外部サービス利用に対する認識", "(2) 委託先の選定",
            "(3) 委託契約の締結", "(4) 個人データの取扱いの委託先における個人データの取扱状況の把握",
            "(5) 個人データの取扱いの委託及び再委託の実施状況", "3. その他", "(1) 物理的・技術的安全管理措置",
            "(2) 委託に関する利用者への説明", "(3) 漏えい発生後の対応",
        ])
    }

    /// Every question must be the seed's text word for word. The seed sits in ../shared beside
    /// the repository (as on CI); without it the check cannot run.
    @Test func questionsAreTheSeedsWordForWord() throws {
        let seed = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seed/000_c31e8d76552dfc89.txt")
        let text = try String(contentsOf: seed, encoding: .utf8)
        var seedQuestions: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("- ") {
            let parts = line.dropFirst(2).split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].first?.isNumber == true, parts[0].contains("-") {
                seedQuestions[String(parts[0])] = String(parts[1])
            }
        }
        let questionnaire = try bundledQuestionnaire()
        #expect(seedQuestions.count == 19)
        for item in questionnaire.items {
            #expect(item.question == seedQuestions[item.id], "item \(item.id)")
        }
    }

    @Test func conditionsAreThoseTheQuestionsState() throws {
        let questionnaire = try bundledQuestionnaire()
        #expect(questionnaire.item("2-2")?.condition == .chosen(item: "2-1", field: "answer", option: "entrusted"))
        #expect(questionnaire.item("2-4")?.condition == .chosen(item: "2-3", field: "answer", option: "re-entrusted"))
        #expect(questionnaire.item("2-1")?.field("answer")?.option("entrusted")?.label == "個人データの委託として扱っている")
    }

    /// Items and fields keep their parts in a shared object; equality still compares what the
    /// definition says, so a definition read twice is the same and one edited is not.
    @Test func itemsAndFieldsCompareByWhatTheDefinitionSays() throws {
        let once = try load(sound), again = try load(sound)
        #expect(once.answerableItems == again.answerableItems)
        #expect(once.item("b")?.condition == .chosen(item: "a", field: "", option: "x"))
        let edited = try load(replacing("question: 質問B", with: "question: 質問B（改）"))
        #expect(edited.item("b") != once.item("b"))
        #expect(edited.item("a") == once.item("a"))
        let relabelled = try load(replacing("label: Y", with: "label: Z"))
        #expect(relabelled.item("a")?.fields != once.item("a")?.fields)
        #expect(once.item("b")?.with(condition: nil).condition == nil)
        #expect(once.item("b")?.with(condition: nil) != once.item("b"), "the condition is part of what an item is")
    }
}
