import KotaeCore
import KotaeText
import KotaeTestSupport
import Testing
@testable import KotaeTUI

/// The run loop draws with a `Renderer`, which copies unchanged parts of the frame before; what it
/// draws must never differ from `view` by a single cell.
@Suite struct RendererTests {
    static let actions: [Action] = [
        .type("あ"), .type("a"), .type("委託"), .type("e\u{301}"), .space, .enter, .edit(.deleteBackward), .edit(.undo),
        .edit(.pageUp(rows: 10)), .edit(.pageDown(rows: 10)), .edit(.textStart), .edit(.textEnd), .edit(.rowStart), .up, .up,
        .nextField, .previousField, .nextItem, .previousItem, .up, .down, .typingPaused, .typingPaused,
        .paste("一行目\n二行目"), .openReview, .openExport, .openHelp, .openGoTo, .escape, .escape,
        .resize(rows: 30, columns: 100), .resize(rows: 24, columns: 80), .resize(rows: 40, columns: 120), .resize(rows: 8, columns: 30),
        .saved("10:00:00"), .saveFailed(.other("ディスクがいっぱいです。")), .failed(.other("開けません。")),
        // Messages longer than the hint line, which take rows from the panes while they last.
        .saveFailed(.kotae(.writeFailed(path: "/home/hanako/.local/share/kotae/drafts/2026年度_答え通信_提出用.json", reason: "No space left on device"))),
        .failed(.other(String(repeating: "とても長い知らせです。", count: 30))), .takeOverFailed(process: 4242),
    ]

    /// Seeds 1-4 start empty; 5-8 with long answers, so that text boxes scroll and rows move.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func framesAlwaysEqualAFreshView(_ seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        var answers = Answers()
        if seed > 4 {
            let paragraph = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。"
            answers.set(item: "1-1", field: "", to: FieldValue(text: Array(repeating: paragraph, count: 40).joined(separator: "\n")), at: nil)
            answers.set(item: "1-2", field: "details", to: FieldValue(text: String(repeating: paragraph, count: 12)), at: nil)
        }
        var app = try Harness(rows: 30, columns: 100, answers: answers)
        var renderer = Renderer()
        var before: Canvas?
        for step in 0..<400 {
            let action = Self.actions.randomElement(using: &random)!
            app.send(action)
            let frame = renderer.frame(app.state)
            let fresh = view(app.state)
            #expect(frame == fresh, "seed \(seed), step \(step), after \(action)")
            if frame != fresh { return }
            // The back end compares only the rows the frame says changed: every other row must
            // be as the frame before left it, marks included.
            if let before, before.rows == frame.rows, before.columns == frame.columns {
                for row in 0..<frame.rows where !frame.changedRows[row] {
                    #expect((0..<frame.columns).allSatisfy { before.text(at: row * frame.columns + $0) == frame.text(at: row * frame.columns + $0)
                        && before[row, $0].style == frame[row, $0].style }, "seed \(seed), step \(step), row \(row) changed unannounced")
                }
            }
            before = frame
        }
    }

    /// The confirmation is drawn over the bottom of the item pane, on the rows of a text box; the
    /// frames after it must not take those rows for the box's.
    @Test func rowsUnderAConfirmationAreNotReused() throws {
        let paragraph = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。"
        var answers = Answers()
        answers.set(item: "2-1", field: "explanation", to: FieldValue(text: Array(repeating: paragraph, count: 30).joined(separator: "\n")), at: nil)
        answers.set(item: "2-1", field: "answer", to: FieldValue(selected: ["entrusted"]), at: nil)
        answers.set(item: "2-2", field: "", to: FieldValue(text: "覚書に定めている。"), at: nil)
        var app = try Harness(rows: 30, columns: 100, answers: answers)
        var renderer = Renderer()
        app.press([control("g")])
        app.type("2-1")
        let keys: [RawKey] = [.key(.enter), .key(.tab), .key(.down), .key(.down), .key(.down), .key(.backTab), .key(.down), .key(.enter),
                              .key(.escape), .key(.tab), .scalar(0x3042), .key(.backTab), .key(.enter), .key(.escape), .key(.up)]
        var confirmed = false
        for (step, key) in keys.enumerated() {
            app.press([key])
            if case .confirm = app.state.mode { confirmed = true }
            #expect(renderer.frame(app.state) == view(app.state), "step \(step), after \(key)")
        }
        #expect(confirmed, "the sequence reached the confirmation")
    }

    /// A long export failure stops above the hint line, and the filling screen after the export
    /// screen draws its bars afresh.
    @Test func barsUnderAnExportReportAreNotReused() throws {
        var app = try Harness(rows: 24, columns: 80, answers: completeAnswers(try bundledQuestionnaire()))
        var renderer = Renderer()
        let reason = String(repeating: "書き込めません。ディスクがいっぱいです。", count: 40)
        let actions: [Action] = [.openExport, .exportFailed(.other(reason)), .escape, .nextItem, .openExport, .escape]
        for (step, action) in actions.enumerated() {
            app.send(action)
            #expect(renderer.frame(app.state) == view(app.state), "step \(step), after \(action)")
            if case .exportFailed = action {
                #expect(view(app.state).line(23).contains("回答済み"), "the report stops above the hint and status lines")
            }
        }
    }

    /// A row stays when it comes from the same version of its paragraph. Two copies of one state,
    /// typed in apart and drawn in turn by one renderer, share their versions up to the key that
    /// parts them: each frame must still show its own state's text.
    @Test func copiesOfAStateTypedInApartDrawTheirOwnText() throws {
        let paragraph = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。"
        var answers = Answers()
        answers.set(item: "1-1", field: "", to: FieldValue(text: Array(repeating: paragraph, count: 8).joined(separator: "\n")), at: nil)
        var first = try Harness(rows: 30, columns: 100, answers: answers)
        first.send(.nextItem, .edit(.textEnd), .edit(.pageUp(rows: 3)))
        var renderer = Renderer()
        #expect(renderer.frame(first.state) == view(first.state))
        var second = first
        first.send(.type("甲"))
        second.send(.type("乙"))
        for step in 0..<3 {
            for app in [first, second] {
                let frame = renderer.frame(app.state)
                #expect(frame == view(app.state), "step \(step)")
            }
        }
        #expect((0..<30).map(view(first.state).line).contains { $0.contains("甲") })
        #expect((0..<30).map(view(second.state).line).contains { $0.contains("乙") })
    }

    /// A frame takes the item's layout from the frame before while nothing it is made from has
    /// changed. The cursor's row is among those things: on an item taller than the pane, the pane
    /// scrolls to keep the cursor's row in view, though the field's rows stay as they were.
    @Test func thePaneFollowsTheCursorBetweenTheRowsOfAWrappedField() throws {
        var answers = Answers()
        for field in ["company", "department", "person"] {
            answers.set(item: Item.respondentID, field: field, to: FieldValue(text: String(repeating: "委託先監督", count: 20)), at: nil)
        }
        answers.set(item: Item.respondentID, field: "email", to: FieldValue(text: String(repeating: "a", count: 240) + "@example.jp"), at: nil)
        var app = try Harness(rows: 24, columns: 80, answers: answers)
        var renderer = Renderer()
        app.send(.nextField, .nextField, .nextField)
        var scrolls = Set<String>()
        for (step, action) in [Action.edit(.textEnd), .edit(.textStart), .edit(.textEnd), .edit(.textStart)].enumerated() {
            app.send(action)
            let frame = renderer.frame(app.state)
            #expect(frame == view(app.state), "step \(step), after \(action)")
            scrolls.insert(frame.line(1))
        }
        #expect(scrolls.count == 2, "the pane shows another first line with the cursor at the field's end than at its start")
    }

    @Test func anOutlineMarkFollowsTypingAtThePause() throws {
        var app = try Harness(rows: 30, columns: 100)
        var renderer = Renderer()
        app.send(.nextItem)
        func outlineLine(_ canvas: Canvas) -> String {
            (0..<canvas.rows).map(canvas.line).first { $0.hasPrefix("○ 1-1") || $0.hasPrefix("✓ 1-1") } ?? ""
        }
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("○ 1-1"))
        app.send(.type("年"), .type("一"), .type("回"))
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("○ 1-1"), "unchanged while keys come")
        app.send(.typingPaused)
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("✓ 1-1"), "answered once typing pauses")
    }
}

/// `update` keeps the cursor in view with text-box heights computed from a count of the item's
/// head lines; `view` lays the same lines out. Were the two to differ, the box would scroll by
/// one height and be drawn with another, and the cursor could leave the screen.
@Suite struct ItemLayoutTests {
    @Test(arguments: [Language.ja, .en])
    func theHeadLineCountIsTheNumberOfHeadLines(_ language: Language) throws {
        var app = try Harness(language: language)
        for _ in app.filling.items {
            for width in stride(from: 12, through: 100, by: 11) {
                for applies in [true, false] {
                    let lines = ItemLayout.headLines(of: app.filling, applies: applies, width: width, widths: app.state.widths, strings: app.state.strings)
                    let count = ItemLayout.headLineCount(of: app.filling, applies: applies, width: width, widths: app.state.widths, strings: app.state.strings)
                    #expect(count == lines.count, "\(app.itemID) at \(width) columns, applies \(applies)")
                }
            }
            app.send(.nextItem)
        }
    }

    /// The one box's height `update` works out is the height the layout gives that box, for every
    /// item, screen size, and with その他 chosen (its text adds a stop) or not.
    @Test func aBoxsHeightIsTheLayoutsHeightForIt() throws {
        for (rows, columns) in [(24, 80), (30, 100), (50, 120)] {
            var answers = completeAnswers(try bundledQuestionnaire())
            answers.set(item: "1-2", field: "kinds", to: FieldValue(text: "派遣", selected: ["other"]), at: nil)
            for answers in [Answers(), answers] {
                var app = try Harness(rows: rows, columns: columns, answers: answers)
                for _ in app.filling.items {
                    let state = app.state
                    let layout = ItemLayout(state.filling!, focused: nil, geometry: state.geometry, widths: state.widths, strings: state.strings)
                    for path in state.filling!.stops(of: state.filling!.item) {
                        let height = ItemLayout.boxHeight(of: path, in: state.filling!, geometry: state.geometry, widths: state.widths, strings: state.strings)
                        #expect(height == layout.boxHeights[path], "\(path) at \(columns)×\(rows)")
                    }
                    app.send(.nextItem)
                }
            }
        }
    }
}
