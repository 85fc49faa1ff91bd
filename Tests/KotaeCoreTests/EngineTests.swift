import Foundation
import Testing
@testable import KotaeCore
import KotaeTestSupport

@Suite struct ConditionTests {
    @Test func answering21OtherwiseMakes22NotApplicableAndTheDraftCompleteWithoutIt() throws {
        let questionnaire = try bundledQuestionnaire()
        var answers = completeAnswers(questionnaire)
        let item22 = try #require(questionnaire.item("2-2"))
        #expect(questionnaire.status(of: item22, answers: answers) == .answered)

        answers.set(item: "2-2", field: "", to: .empty, at: fixedTime)
        #expect(!questionnaire.isComplete(answers), "2-2 applies and is empty")

        answers.set(item: "2-1", field: "answer", to: FieldValue(selected: ["not-entrusted"]), at: fixedTime)
        #expect(questionnaire.status(of: item22, answers: answers) == .notApplicable)
        #expect(questionnaire.isComplete(answers))
    }

    @Test func flippingBackBringsTheKeptAnswerBack() throws {
        let questionnaire = try bundledQuestionnaire()
        var answers = completeAnswers(questionnaire)
        let kept = answers.value(item: "2-2", field: "")
        answers.set(item: "2-1", field: "answer", to: FieldValue(selected: ["not-entrusted"]), at: fixedTime)
        #expect(answers.value(item: "2-2", field: "") == kept, "hidden, not deleted")
        answers.set(item: "2-1", field: "answer", to: FieldValue(selected: ["entrusted"]), at: fixedTime)
        let item22 = try #require(questionnaire.item("2-2"))
        #expect(questionnaire.status(of: item22, answers: answers) == .answered)
        #expect(answers.value(item: "2-2", field: "") == kept)
    }

    @Test func allAnyAndNotCombine() throws {
        let questionnaire = try loadItems("""
        - id: a
          question: a
          type: multi
          options: [{id: x, label: X}, {id: y, label: Y}]
        - id: b
          question: b
          type: choice
          options: [{id: p, label: P}, {id: q, label: Q}]
        - id: c
          question: c
          type: text
          when:
            all:
              - any: [{item: a, is: x}, {item: a, is: y}]
              - not: {item: b, is: q}
        """)
        let c = try #require(questionnaire.item("c"))
        var answers = Answers()
        #expect(!questionnaire.applies(c, answers: answers))
        answers.set(item: "a", field: "", to: FieldValue(selected: ["y"]), at: fixedTime)
        #expect(questionnaire.applies(c, answers: answers))
        answers.set(item: "b", field: "", to: FieldValue(selected: ["q"]), at: fixedTime)
        #expect(!questionnaire.applies(c, answers: answers))
    }

    @Test func anOptionChosenInAHiddenItemDoesNotCount() throws {
        let questionnaire = try loadItems("""
        - id: a
          question: a
          type: choice
          options: [{id: on, label: On}, {id: off, label: Off}]
        - id: b
          question: b
          type: choice
          options: [{id: x, label: X}, {id: y, label: Y}]
          when: {item: a, is: "on"}
        - id: c
          question: c
          type: text
          when: {item: b, is: x}
        """)
        var answers = Answers()
        answers.set(item: "a", field: "", to: FieldValue(selected: ["on"]), at: fixedTime)
        answers.set(item: "b", field: "", to: FieldValue(selected: ["x"]), at: fixedTime)
        let c = try #require(questionnaire.item("c"))
        #expect(questionnaire.applies(c, answers: answers))
        answers.set(item: "a", field: "", to: FieldValue(selected: ["off"]), at: fixedTime)
        #expect(!questionnaire.applies(c, answers: answers))
    }
}

@Suite struct ValidationTests {
    private func field(_ kind: FieldKind, required: Bool = true) -> Field {
        Field(name: "", kind: kind, required: required)
    }

    @Test func lengthsCountCharactersNotScalars() {
        let limited = field(.text(TextRules(maxLength: 3)))
        let decomposedGa = "か\u{3099}"  // が as two scalars
        let thumbsUpWithSkinTone = "👍🏽"
        #expect(decomposedGa.unicodeScalars.count == 2)
        #expect(Validator.problem(with: FieldValue(text: decomposedGa + thumbsUpWithSkinTone + "a"), in: limited) == nil)
        #expect(Validator.problem(with: FieldValue(text: decomposedGa + thumbsUpWithSkinTone + "ab"), in: limited)?.contains("now 4") == true)
        let minimum = field(.text(TextRules(minLength: 2)))
        #expect(Validator.problem(with: FieldValue(text: decomposedGa), in: minimum) != nil)
    }

    @Test func requiredAndOptional() {
        #expect(Validator.problem(with: .empty, in: field(.text(TextRules()))) != nil)
        #expect(Validator.problem(with: .empty, in: field(.text(TextRules()), required: false)) == nil)
    }

    @Test func lineIsOneLine() {
        #expect(Validator.problem(with: FieldValue(text: "一行目\n二行目"), in: field(.line(TextRules()))) != nil)
        #expect(Validator.problem(with: FieldValue(text: "一行目\n二行目"), in: field(.text(TextRules()))) == nil)
    }

    @Test func integers() {
        let count = field(.integer(IntegerRules(min: 0, max: 1000, unit: "件")))
        for good in ["0", "12", " 12 ", "１２", "1,000"] {
            #expect(Validator.problem(with: FieldValue(text: good), in: count) == nil, "\(good)")
        }
        for bad in ["12a", "1.5", "-1", "1001", "十二"] {
            #expect(Validator.problem(with: FieldValue(text: bad), in: count) != nil, "\(bad)")
        }
        #expect(Validator.parseInteger("－３") == -3)
    }

    @Test func dates() {
        let date = field(.date)
        #expect(Validator.problem(with: FieldValue(text: "2024-02-29"), in: date) == nil)
        for bad in ["2023-02-29", "2024-13-01", "2024-1-1", "令和6年", "2024-04-31"] {
            #expect(Validator.problem(with: FieldValue(text: bad), in: date) != nil, "\(bad)")
        }
        // A date in the right form that no calendar has is told so, not told the form again.
        for missing in ["2023-02-29", "2024-13-01", "2024-04-31", "2024-04-00"] {
            #expect(Validator.problem(with: FieldValue(text: missing), in: date) == "\(missing) という日付はありません (there is no such date)")
        }
        #expect(Validator.problem(with: FieldValue(text: "2024-1-1"), in: date)?.contains("YYYY-MM-DD") == true)
        #expect(Validator.problem(with: FieldValue(text: "２０２４－０２－２９"), in: date) == Validator.halfWidthProblem)
    }

    @Test func emailAndPhone() {
        let email = field(.line(TextRules(format: .email)))
        #expect(Validator.problem(with: FieldValue(text: "hanako@example.jp"), in: email) == nil)
        for bad in ["hanako", "hanako@", "@example.jp", "hanako@example", "hanako @example.jp"] {
            #expect(Validator.problem(with: FieldValue(text: bad), in: email) != nil, "\(bad)")
        }
        let phone = field(.line(TextRules(format: .phone)))
        #expect(Validator.problem(with: FieldValue(text: "03-1234-5678"), in: phone) == nil)
        #expect(Validator.problem(with: FieldValue(text: "でんわ"), in: phone) != nil)
        // Typed with the IME in full-width mode: said so, and the wrong form is still told as such.
        #expect(Validator.problem(with: FieldValue(text: "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"), in: email) == Validator.halfWidthProblem)
        #expect(Validator.problem(with: FieldValue(text: "０３－１２３４－５６７８"), in: phone) == Validator.halfWidthProblem)
        #expect(Validator.problem(with: FieldValue(text: "０３（１２３４）５６７８"), in: phone) == Validator.halfWidthProblem)
        #expect(Validator.problem(with: FieldValue(text: "ｈａｎａｋｏ"), in: email) == "メールアドレスの形式ではありません (not an e-mail address)")
    }

    @Test func pattern() {
        let code = field(.line(TextRules(pattern: "[A-Z]{3}-[0-9]+")))
        #expect(Validator.problem(with: FieldValue(text: "ABC-12"), in: code) == nil)
        #expect(Validator.problem(with: FieldValue(text: "ABC-12x"), in: code) != nil)
    }

    @Test func choicesAndTheirOtherText() {
        let options = [ChoiceOption(id: "a", label: "A"), ChoiceOption(id: "other", label: "その他", takesText: true)]
        let choice = field(.choice(options))
        #expect(Validator.problem(with: FieldValue(selected: ["a"]), in: choice) == nil)
        #expect(Validator.problem(with: FieldValue(selected: ["a", "other"], ), in: choice) != nil)
        #expect(Validator.problem(with: FieldValue(selected: ["zz"]), in: choice) != nil)
        #expect(Validator.problem(with: FieldValue(selected: ["other"]), in: choice)?.contains("その他") == true)
        #expect(Validator.problem(with: FieldValue(text: "共同利用", selected: ["other"]), in: choice) == nil)
        let multi = field(.multi(options))
        #expect(Validator.problem(with: FieldValue(selected: ["a", "other"]), in: multi) != nil)
        #expect(Validator.problem(with: FieldValue(text: "x", selected: ["a", "other"]), in: multi) == nil)
    }

    @Test func compoundItemStatusNamesTheField() throws {
        let questionnaire = try bundledQuestionnaire()
        var answers = completeAnswers(questionnaire)
        answers.set(item: "2-10", field: "onsite-inspections", to: FieldValue(text: "多数"), at: fixedTime)
        let item = try #require(questionnaire.item("2-10"))
        guard case .invalid(let reasons) = questionnaire.status(of: item, answers: answers) else {
            Issue.record("2-10 should be invalid")
            return
        }
        #expect(reasons == ["2023年度の実施件数（立入り調査）: 整数で入力してください (a whole number, e.g. 12)"])
    }

    @Test func shortfallsListEveryMissingItem() throws {
        let questionnaire = try bundledQuestionnaire()
        let shortfalls = questionnaire.shortfalls(Answers())
        // Everything but 2-2 and 2-4, whose deciding answers are not given yet.
        #expect(shortfalls.map(\.itemID) == ["respondent", "1-1", "1-2", "2-1", "2-3", "2-5", "2-6", "2-7-1", "2-7-2",
                                             "2-8", "2-9", "2-10", "2-11", "2-12", "3-1", "3-2", "3-3", "3-4"])
        #expect(questionnaire.isComplete(completeAnswers(questionnaire)))
    }
}

/// A copy of the answers takes a burst of typing as one splice (`PendingEdits`): typing near the
/// start of a long answer must not move the rest of it once per key, and what the copy holds once
/// the edits are applied must be exactly what applying each would give.
@Suite struct PendingEditsTests {
    /// The splice the editor makes for `insert` over `remove` characters at character `from` of
    /// `text`, placed by its UTF-8 as the editor places it.
    private func splice(_ text: String, from: Int, remove: Int, insert: String, field: String = "") -> (DraftEdit, SpliceBytes) {
        let start = text.index(text.startIndex, offsetBy: from)
        let end = text.index(start, offsetBy: remove)
        let bytes = SpliceBytes(from: text.utf8.distance(from: text.startIndex, to: start), removed: text.utf8.distance(from: start, to: end))
        return (.splice(item: "1-1", field: field, from: from, remove: remove, insert: insert), bytes)
    }

    private func answers(_ text: String) -> Answers {
        var answers = Answers()
        answers.set(item: "1-1", field: "", to: FieldValue(text: text), at: nil)
        return answers
    }

    @Test func aBurstOfTypingWithBackspacesIsHeldAsOneSpliceAndAppliedOnce() {
        let long = String(repeating: "委託先の監督。\n", count: 2_000)
        var expected = answers(long)
        var held = PendingEdits()
        var text = long
        // Typed at the start: 委託先, two Backspaces, 監督 (the editor's splices, in order).
        for (from, remove, insert) in [(0, 0, "委"), (1, 0, "託"), (2, 0, "先"), (2, 1, ""), (1, 1, ""), (1, 0, "監"), (2, 0, "督")] {
            let (edit, bytes) = splice(text, from: from, remove: remove, insert: insert)
            held.append(edit, bytes: bytes)
            expected.apply(edit, at: nil, bytes: bytes)
            text = expected.value(item: "1-1", field: "").text
        }
        #expect(held.entries.count == 1, "one splice for the burst")
        #expect(held.entries.first?.edit == .splice(item: "1-1", field: "", from: 0, remove: 0, insert: "委監督"))
        var copy = answers(long)
        held.apply(to: &copy)
        #expect(copy == expected)
        #expect(copy.value(item: "1-1", field: "").text == "委監督" + long)
        #expect(held.isEmpty)
    }

    @Test func editsElsewhereInAnotherFieldOrWithoutBytesAreHeldApart() {
        var held = PendingEdits()
        let (first, firstBytes) = splice("あいう", from: 3, remove: 0, insert: "え")
        held.append(first, bytes: firstBytes)
        let (elsewhere, elsewhereBytes) = splice("あいうえ", from: 0, remove: 0, insert: "ん")
        held.append(elsewhere, bytes: elsewhereBytes)
        let (other, otherBytes) = splice("", from: 0, remove: 0, insert: "x", field: "details")
        held.append(other, bytes: otherBytes)
        held.append(.splice(item: "1-1", field: "details", from: 1, remove: 0, insert: "y"))
        held.append(.set(item: "1-2", field: "kinds", value: FieldValue(selected: ["other"])))
        held.append(.exported)
        #expect(held.entries.count == 6)
        #expect(held.typingField == nil, "the last edit is not typing")
    }

    /// Random edits (typing, Backspace and Delete anywhere, in two fields, a value set now and
    /// then) applied through `PendingEdits` give what applying each at once gives.
    @Test func heldEditsApplyToWhatApplyingEachGives() {
        var random = SplitMix(seed: 0x4B4F_5441_45)
        let pieces = ["あ", "a", "委託", "\n", "é", "e\u{301}", "🇯🇵", " ", "、"]
        for round in 0..<200 {
            let start = answers(String(repeating: "監督。\n", count: Int(random.next() % 40)))
            var direct = start
            var held = PendingEdits()
            var cursor = 0
            for _ in 0..<Int(random.next() % 60) {
                let field = random.next() % 10 == 0 ? "details" : ""
                if random.next() % 25 == 0 {
                    let edit = DraftEdit.set(item: "1-1", field: "details", value: FieldValue(text: "値\(round)"))
                    direct.apply(edit, at: nil)
                    held.append(edit)
                    continue
                }
                let text = direct.value(item: "1-1", field: field).text
                let count = text.count
                // Mostly where the last key left the cursor, as typing goes; now and then elsewhere.
                if random.next() % 5 == 0 || cursor > count { cursor = Int(random.next() % UInt64(count + 1)) }
                let (from, remove, insert): (Int, Int, String)
                switch random.next() % 4 {
                case 0 where cursor > 0: (from, remove, insert) = (cursor - 1, 1, "")  // Backspace
                case 1 where cursor < count: (from, remove, insert) = (cursor, 1, "")  // Delete
                default: (from, remove, insert) = (cursor, 0, pieces[Int(random.next() % UInt64(pieces.count))])
                }
                let (edit, bytes) = splice(text, from: from, remove: remove, insert: insert, field: field)
                direct.apply(edit, at: nil, bytes: bytes)
                held.append(edit, bytes: bytes)
                cursor = from + insert.count
            }
            var copy = start
            held.apply(to: &copy)
            #expect(copy == direct, "round \(round)")
        }
    }
}
