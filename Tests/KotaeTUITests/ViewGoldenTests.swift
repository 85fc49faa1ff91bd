@testable import KotaeCore
import KotaeText
import Testing
@testable import KotaeTUI

/// Every screen, drawn to a canvas and compared with a golden text file, at the smallest
/// supported size and a large one, in both languages. The last line of each file is the cursor.
@Suite struct ViewGoldenTests {
    static let sizes = [(24, 80), (40, 120)]
    static let cases: [(Int, Int, Language)] = sizes.flatMap { size in Language.allCases.map { (size.0, size.1, $0) } }

    private func name(_ screen: String, _ rows: Int, _ columns: Int, _ language: Language) -> String {
        "\(screen)-\(columns)x\(rows)-\(language.rawValue)"
    }

    @Test(arguments: cases)
    func launcher(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var state = AppState(rows: rows, columns: columns, language: language)
        _ = update(&state, .launcherLoaded(
            drafts: [
                DraftSummary(name: "2025年度_答え通信", title: "電気通信事業者における委託先の監督に関する確認項目",
                             answered: 12, total: 18, savedAt: "18:40:12"),
                DraftSummary(name: "総務部", title: "電気通信事業者における委託先の監督に関する確認項目",
                             answered: 3, total: 18, savedAt: "09:02:44",
                             heldBy: OtherWriter(process: 4507, host: "office-pc", since: "08:55:10", onThisMachine: true)),
                DraftSummary(name: "broken", title: "", answered: 0, total: 0, savedAt: "",
                             problem: .kotae(.corruptDraft(path: "/home/hanako/.local/share/kotae/drafts/broken.json",
                                                           damage: .notADraft))),
            ],
            questionnaires: [QuestionnaireSummary(title: "電気通信事業者における委託先の監督に関する確認項目", version: "2024.1")]))
        _ = update(&state, .down)
        try assertGolden(view(state), named: name("launcher", rows, columns, language))
        _ = update(&state, .up)
        _ = update(&state, .enter)
        _ = update(&state, .type("新しい下書き"))
        try assertGolden(view(state), named: name("launcher-naming", rows, columns, language))
    }

    /// More drafts than rows: the list scrolls with the selection, which stays on screen.
    @Test func aLongListOfDraftsScrollsToTheSelection() throws {
        var state = AppState(rows: 24, columns: 80, language: .ja)
        let drafts = (1...25).map { DraftSummary(name: "支社\($0)", title: "確認項目", answered: $0 % 18, total: 18, savedAt: "09:30:00") }
        _ = update(&state, .launcherLoaded(drafts: drafts, questionnaires: []))
        for _ in 0..<24 { _ = update(&state, .down) }
        let canvas = view(state)
        let cursor = try #require(canvas.cursor, "the selected draft has the cursor")
        #expect(canvas.line(cursor.row).contains("支社24  "), "\(canvas.text)")
        #expect(canvas[cursor.row, 2].style == .selected)
        for _ in 0..<24 { _ = update(&state, .up) }
        #expect(view(state).line(4).contains("新しい回答を作成"), "back at the top")
    }

    @Test(arguments: cases)
    func respondentBlock(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.type("答え通信株式会社")
        try assertGolden(view(app.state), named: name("respondent", rows, columns, language))
    }

    @Test(arguments: cases)
    func longWrappedJapaneseAnswer(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.press([control("n")])
        let sentence = "委託先（再委託先を含む）における個人データの取扱状況は、年1回の立入り調査と、チェックシートによる書面点検で把握している。"
        app.type(String(repeating: sentence + "\n", count: 3) + "「禁則」の確認。")
        app.press(Array(repeating: .key(.up), count: 2))
        try assertGolden(view(app.state), named: name("long-answer", rows, columns, language))
    }

    @Test(arguments: cases)
    func invalidInteger(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.press([control("g")])
        app.type("2-10")
        app.press([.key(.enter)])
        app.type("安全管理措置の点検")
        app.press([.key(.tab)])
        app.type("書面")
        app.press([.key(.tab)])
        app.type("年1回")
        app.press([.key(.tab)])
        app.type("12件")
        try assertGolden(view(app.state), named: name("invalid-integer", rows, columns, language))
    }

    /// A problem longer than the pane is wide is wrapped, not cut at the edge.
    @Test(arguments: cases)
    func longProblemWraps(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.type(String(repeating: "あいうえおかきくけこ", count: 12))
        try assertGolden(view(app.state), named: name("long-problem", rows, columns, language))
    }

    /// A message longer than the hint line takes rows above it (the questionnaire changed, and
    /// the answers that had no place are kept in a file named in full).
    @Test(arguments: cases)
    func longMessage(_ rows: Int, _ columns: Int, _ language: Language) throws {
        let migration = DraftMigration(orphaned: ["3-4"], backupPath: "/home/hanako/.local/share/kotae/drafts/2025年度_答え通信.backup-2026-11-27T101500Z.json")
        let app = try Harness(rows: rows, columns: columns, language: language, migration: migration)
        try assertGolden(view(app.state), named: name("long-message", rows, columns, language))
    }

    @Test(arguments: cases)
    func choiceAndConfirmation(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.press([control("g")])
        app.type("2-1")
        app.press([.key(.enter), .key(.enter), .key(.pageDown)])
        app.type("覚書に定めている。")
        app.press([.key(.pageUp)])
        try assertGolden(view(app.state), named: name("choice", rows, columns, language))
        app.press([.key(.down), .key(.enter)])
        try assertGolden(view(app.state), named: name("confirm", rows, columns, language))
    }

    @Test(arguments: cases)
    func reviewWithMissingItems(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var answers = completeAnswers(try bundledQuestionnaire())
        answers.set(item: "3-3", field: "", to: .empty, at: nil)
        answers.set(item: "2-12", field: "", to: FieldValue(text: "-1"), at: nil)
        answers.set(item: "respondent", field: "email", to: FieldValue(text: "hanako"), at: nil)
        var app = try Harness(rows: rows, columns: columns, language: language, answers: answers)
        app.press([control("r"), .key(.down)])
        try assertGolden(view(app.state), named: name("review", rows, columns, language))
        app.press([control("x")])
        try assertGolden(view(app.state), named: name("export-refused", rows, columns, language))
    }

    @Test(arguments: cases)
    func exportScreen(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language, answers: completeAnswers(try bundledQuestionnaire()))
        app.press([control("x")])
        try assertGolden(view(app.state), named: name("export", rows, columns, language))
        app.press([.key(.enter)])
        app.send(.exported(["/home/hanako/提出/答え通信2025.json", "/home/hanako/提出/答え通信2025.md", "/home/hanako/提出/答え通信2025.csv"]))
        try assertGolden(view(app.state), named: name("export-done", rows, columns, language))
    }

    @Test(arguments: cases)
    func goToAndHelp(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var app = try Harness(rows: rows, columns: columns, language: language)
        app.press([control("g")])
        app.type("2-7")
        try assertGolden(view(app.state), named: name("goto", rows, columns, language))
        app.press([.key(.escape), .key(.function(1))])
        try assertGolden(view(app.state), named: name("help", rows, columns, language))
    }

    @Test(arguments: cases)
    func escapeSequencesInAnAnswerAreShownAsPlaceholders(_ rows: Int, _ columns: Int, _ language: Language) throws {
        var answers = Answers()
        answers.set(item: "1-1", field: "", to: FieldValue(text: "前\u{1B}[2J\u{1B}]0;偽のタイトル\u{07}後\u{9B}31m赤\u{202E}逆"), at: nil)
        var app = try Harness(rows: rows, columns: columns, language: language, answers: answers)
        app.press([control("n")])
        let canvas = view(app.state)
        #expect(!(0..<canvas.rows).map(canvas.line).joined().unicodeScalars.contains(where: Sanitizer.needsPlaceholder))
        try assertGolden(canvas, named: name("escape-sequences", rows, columns, language))
    }

    @Test func tooSmall() throws {
        var app = try Harness(rows: 24, columns: 80)
        app.send(.resize(rows: 20, columns: 70))
        try assertGolden(view(app.state), named: "too-small-70x20-ja")
    }

    @Test func wideAmbiguousCharactersStillFit() throws {
        var state = AppState(rows: 24, columns: 80, language: .ja, widths: DisplayWidth(ambiguous: .wide))
        let opened = OpenedDraft(questionnaire: try bundledQuestionnaire(), name: "wide", answers: Answers(), readOnly: false,
                                 savedAt: nil, exportFolder: "/tmp")
        _ = update(&state, .draftOpened(OpenedDraftBox(opened)))
        _ = update(&state, .nextItem)
        _ = update(&state, .type("①※○■─①※○■─①※○■─①※○■─①※○■─①※○■─①※○■─①※○■─"))
        _ = update(&state, .typingPaused)
        try assertGolden(view(state), named: "ambiguous-wide-80x24-ja")
    }
}
