import Foundation
import KotaeTestSupport
import Testing
@testable import KotaeCore

/// The full-screen UI in a real terminal (tmux, 100×30): keys, paste, resize, signals.
@Suite(.serialized) struct TerminalTests {
    private func withTerminal(workingDirectory: String? = nil, _ body: (Tmux, String) throws -> Void) throws {
        try #require(Tmux.isAvailable, "tmux is needed for these tests (apt-get install tmux)")
        let home = NSTemporaryDirectory() + "kotae-tmux-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: home) }
        let terminal = try Tmux(home: home, workingDirectory: workingDirectory)
        try body(terminal, home)
    }

    /// A terminal whose shell starts in an empty folder (`exports`, which Kotae offers for
    /// exports), with `draft` answered as a script would (`completeAnswers`), but for the items
    /// `left`.
    private func withAnsweredDraft(_ draft: String, leaving left: Set<String> = [], subfolder: String? = nil,
                                   _ body: (Tmux, _ exports: String) throws -> Void) throws {
        let exports = NSTemporaryDirectory() + "kotae-exports-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: exports + (subfolder.map { "/" + $0 } ?? ""), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: exports) }
        try withTerminal(workingDirectory: exports) { terminal, home in
            let kotae = KotaeBinary(home: home)
            for answer in completeAnswers where !left.contains(answer[0]) {
                #expect(try kotae.run(["answer", draft] + answer).status == 0, "\(answer)")
            }
            try body(terminal, exports)
        }
    }

    /// Starts kotae on `draft` and goes on to 1-1, ready to type its answer.
    private func openItem11(_ terminal: Tmux, draft: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try terminal.startKotae("fill --draft \(draft) --lang ja")
        #expect(terminal.waitFor("回答者"), sourceLocation: sourceLocation)
        try terminal.keys("PgDn")
        #expect(terminal.waitFor("1-1  1. 委託先について"), sourceLocation: sourceLocation)
    }

    /// Starts kotae on `draft`, which holds an answer to 1-1 changed last: it opens there.
    private func reopenAtItem11(_ terminal: Tmux, draft: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try terminal.startKotae("fill --draft \(draft) --lang ja")
        #expect(terminal.waitFor("1-1  1. 委託先について"), sourceLocation: sourceLocation)
    }

    private func storedText(_ home: String, _ draft: String, _ item: String, _ field: String = "") throws -> String {
        try DraftStore(home: KotaeHome(root: home)).read(draft).answers.value(item: item, field: field).text
    }

    /// Types `text` into 1-1 of a new `draft`, then stops kotae with Ctrl-Z: the shell has the
    /// terminal.
    private func typeThenSuspend(_ terminal: Tmux, draft: String, _ text: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        try openItem11(terminal, draft: draft, sourceLocation: sourceLocation)
        try terminal.type(text)
        #expect(terminal.waitFor("| " + text), sourceLocation: sourceLocation)
        try terminal.keys("C-z")
        #expect(terminal.waitUntil { !$0.contains("回答者") }, sourceLocation: sourceLocation)
    }

    /// Expects the screen kotae shows now (its answer `text` typed into 1-1) to be the one a
    /// fresh start on `draft` draws at the same size: quits with Ctrl-Q, waits for `quit` to hold
    /// on the screen, and starts kotae again.
    private func expectTheScreenOfAFreshStart(_ terminal: Tmux, draft: String, showing text: String, quit: @escaping (String) -> Bool,
                                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        Thread.sleep(forTimeInterval: 0.5)  // the character count catches up at the pause
        let shown = terminal.capture().split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)
        try terminal.keys("C-q")
        #expect(terminal.waitUntil(quit), sourceLocation: sourceLocation)
        try terminal.clearScreen()
        try reopenAtItem11(terminal, draft: draft, sourceLocation: sourceLocation)
        #expect(terminal.waitFor("| " + text), sourceLocation: sourceLocation)
        Thread.sleep(forTimeInterval: 0.5)
        let fresh = terminal.capture().split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)
        #expect(shown == fresh, sourceLocation: sourceLocation)
    }

    @Test func typeJapaneseInto11AndSeeIt() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "e2e")
            try terminal.type("委託先における個人データの取扱状況を確認している。")
            #expect(terminal.waitFor("| 委託先における個人データの取扱状況を確認している。"))
            #expect(terminal.cursor.y == 6, "the cursor is at the insertion point, on the answer's row")
            #expect(try storedText(home, "e2e", "1-1") == "委託先における個人データの取扱状況を確認している。")
        }
    }

    /// The last answer typed and Ctrl-X pressed at once, before typing pauses: the export is
    /// offered (the draft is complete) and every file holds what was typed. Typing is held back
    /// from the answers' copies until the pause or the next other key; this is the key that
    /// must find it applied.
    @Test func anAnswerTypedAndExportedAtOnceIsInTheExport() throws {
        // Kotae offers the folder it was started in; all three formats are chosen at first.
        try withAnsweredDraft("typed", leaving: ["1-1"]) { terminal, folder in
            // It opens at the item answered last, which depends on when each answer's second
            // turned: Ctrl-G goes to 1-1 wherever that is.
            try terminal.startKotae("fill --draft typed --lang ja")
            #expect(terminal.waitFor("| typed"))
            try terminal.keys("C-g")
            try terminal.type("1-1")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("1-1  1. 委託先について"))
            // Back to back, far less than the typing pause apart; Ctrl-X and Enter in one
            // send-keys, so that both are read before any pause: Enter exports only from the
            // export screen, which a draft found incomplete does not offer.
            try terminal.type("顧客からの問い合わせ対応業務を委託している。")
            try terminal.keys("C-x", "Enter")
            #expect(terminal.waitFor("typed.csv"), "\(terminal.capture())")
            for format in ["json", "md", "csv"] {
                let written = try String(contentsOfFile: folder + "/typed." + format, encoding: .utf8)
                #expect(written.contains("顧客からの問い合わせ対応業務を委託している。"), "typed.\(format)")
            }
        }
    }

    /// Someone starts typing as soon as they press Enter on the command line, before the first
    /// screen, while Kotae asks the terminal how wide it draws ○: every key arrives, in order.
    @Test func keysTypedBeforeTheFirstScreenAreKept() throws {
        try withTerminal { terminal, home in
            // One send-keys: the command line, Enter and the keys reach the terminal together.
            try terminal.tmux(["send-keys", terminal.kotaeCommand("fill --draft ahead --lang ja"), "Enter",
                               "委託先の監督", "Tab", "総務部"])
            #expect(terminal.waitFor("| 総務部"))
            #expect(terminal.capture().contains("| 委託先の監督"))
            #expect(try storedText(home, "ahead", "respondent", "company") == "委託先の監督")
            #expect(try storedText(home, "ahead", "respondent", "department") == "総務部")
        }
    }

    /// Every keystroke is journaled before the next is read: once typing pauses, the status line
    /// says so with the time, not the time the draft was opened.
    @Test func theSaveTimeFollowsTypingWhenItPauses() throws {
        func saveTime(_ screen: String) -> String? {
            guard let line = screen.split(separator: "\n").last(where: { $0.contains("保存済み ") }),
                  let range = line.range(of: "保存済み ") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
        try withTerminal { terminal, _ in
            try openItem11(terminal, draft: "clock")
            let opened = try #require(saveTime(terminal.capture()))
            Thread.sleep(forTimeInterval: 1.2)
            try terminal.type("年に一度")
            #expect(terminal.waitFor("| 年に一度"))
            #expect(terminal.waitUntil(seconds: 3) { saveTime($0).map { $0 != opened } ?? false },
                    "the save time moves on from \(opened): \(terminal.capture())")
        }
    }

    /// TERM names another terminal than the one in use (xterm's table inside tmux, as PuTTY or Tera
    /// Term under TERM=xterm): Home, End and Delete still do what they say, and nothing of their
    /// sequences is typed into the answer.
    @Test func homeAndEndWorkUnderAMismatchedTerm() throws {
        try withTerminal { terminal, home in
            try terminal.shell("export TERM=xterm-256color")
            try openItem11(terminal, draft: "keys")
            try terminal.type("年に一度")
            #expect(terminal.waitFor("| 年に一度"))
            try terminal.keys("Home")
            try terminal.type("毎")
            #expect(terminal.waitFor("| 毎年に一度"))
            try terminal.keys("End", "BSpace", "DC")
            try terminal.type("回")
            #expect(terminal.waitFor("| 毎年に一回"))
            #expect(try storedText(home, "keys", "1-1") == "毎年に一回")
        }
    }

    /// The numeric keypad in application mode (ncurses' keypad mode turns it on) types what is
    /// printed on its keys, whichever terminal TERM names: a telephone number or a count typed on
    /// it lost every key ncurses knew by name and Kotae did not.
    @Test(arguments: ["tmux-256color", "xterm-256color"])
    func theNumericKeypadTypesItsDigits(_ term: String) throws {
        try withTerminal { terminal, home in
            try terminal.shell("export TERM=\(term)")
            try terminal.startKotae("fill --draft keypad --lang ja")
            #expect(terminal.waitFor("連絡先（電話）"))
            try terminal.keys("Tab", "Tab", "Tab", "Tab")
            try terminal.keys("KP0", "KP3", "KP-", "KP1", "KP2", "KP3", "KP4", "KP-", "KP5", "KP6", "KP7", "KP8", "KP9", "KP.")
            #expect(terminal.waitFor("| 03-1234-56789."))
            #expect(try storedText(home, "keypad", Item.respondentID, "phone") == "03-1234-56789.")
        }
    }

    /// Escape acts after a short silence (an ESC that begins a key's sequence is followed at
    /// once), and Alt with a key, which terminals send as ESC and the key, is still Alt.
    @Test func escapeClosesAPromptAndAltStillMovesByWord() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "esc")
            try terminal.keys("C-g")
            #expect(terminal.waitFor("項目へ移動"))
            try terminal.keys("Escape")
            #expect(terminal.waitUntil(seconds: 2) { !$0.contains("項目へ移動") })
            try terminal.type("annual audit")
            try terminal.keys("M-b")
            try terminal.type("on-site ")
            #expect(terminal.waitFor("| annual on-site audit"))
            #expect(try storedText(home, "esc", "1-1") == "annual on-site audit")
        }
    }

    @Test func ctrlNCtrlPAndCtrlGMoveBetweenItems() throws {
        try withTerminal { terminal, _ in
            try terminal.startKotae("fill --draft nav --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.keys("C-n")
            #expect(terminal.waitFor("1-1  1. 委託先について"))
            try terminal.keys("C-n")
            #expect(terminal.waitFor("1-2  1. 委託先について"))
            try terminal.keys("C-p")
            #expect(terminal.waitFor("1-1  1. 委託先について"))
            try terminal.keys("C-g")
            #expect(terminal.waitFor("項目へ移動"))
            try terminal.type("2-10")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("2-10  2. 委託先の監督について (4)"))
        }
    }

    @Test func choosingIn21ChangesTheMarkOf22() throws {
        try withTerminal { terminal, _ in
            try terminal.startKotae("fill --draft cond --lang ja")
            #expect(terminal.waitFor("回答者"))
            #expect(terminal.waitFor("- 2-2 2-1の回答が"), "2-2 does not apply before 2-1 is answered")
            try terminal.keys("C-g")
            try terminal.type("2-1")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("( ) 個人データの委託として扱っている"))
            try terminal.keys("Enter")
            #expect(terminal.waitFor("(*) 個人データの委託として扱っている"))
            #expect(terminal.waitFor("○ 2-2 2-1の回答が"), "2-2 now applies and is empty")
            try terminal.keys("Down", "Enter")
            #expect(terminal.waitFor("- 2-2 2-1の回答が"), "2-2 no longer applies")
        }
    }

    @Test func aTwentyThousandCharacterPasteShowsItsLastLine() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "paste")
            let line = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。"
            let body = String(String(repeating: line, count: 600).prefix(19_990))
            let text = body.prefix(9_000) + "\n" + body.dropFirst(9_000) + "\n最後の行です。"
            try terminal.paste(String(text))
            #expect(terminal.waitFor("最後の行です。", seconds: 20))
            #expect(terminal.waitFor("\(String(text).count) 文字"))
            #expect(try storedText(home, "paste", "1-1") == String(text))
        }
    }

    /// Two pastes and a key arriving in one write: the paste reader takes the first paste in
    /// large reads and must not drop what came after its end marker.
    @Test func twoPastesAndAKeyInOneWriteAllArrive() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "twice")
            let first = String(repeating: "一回目の貼り付け。", count: 40)
            let second = String(repeating: "二回目", count: 60)
            let bytes = Array(("\u{1B}[200~" + first + "\u{1B}[201~\u{1B}[200~" + second + "\u{1B}[201~末").utf8)
            try terminal.tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
            #expect(terminal.waitFor("末"))
            #expect(terminal.waitUntilStored("twice", first + second + "末"))
        }
    }

    /// A byte that is not UTF-8 (a terminal set to Shift_JIS, a noisy line) among typed keys:
    /// the keys after it are typed, and the person is told why something did not appear. ncurses
    /// put the byte and the next fifteen into one character that was never valid, and dropped them.
    @Test func aByteThatIsNotUTF8DoesNotSwallowTheKeysAfterIt() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "bytes")
            let bytes: [UInt8] = [0x41, 0xFF] + Array("BC委託先".utf8)
            try terminal.tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
            #expect(terminal.waitFor("ABC委託先"))
            #expect(terminal.waitFor("UTF-8 ではない文字が届いたため"))
            #expect(terminal.waitUntilStored("bytes", "ABC委託先"))
            // In a paste (read past ncurses): dropped and told too, not made U+FFFD in the answer.
            try terminal.keys("Escape")
            #expect(terminal.waitUntil { !$0.contains("UTF-8 ではない") }, "Esc clears the message")
            let paste = Array("\u{1B}[200~貼り".utf8) + [0xFF] + Array("付け\u{1B}[201~".utf8)
            try terminal.tmux(["send-keys", "-H"] + paste.map { String(format: "%02x", $0) })
            #expect(terminal.waitFor("ABC委託先貼り付け"))
            #expect(terminal.waitFor("UTF-8 ではない文字が届いたため"))
            #expect(terminal.waitUntilStored("bytes", "ABC委託先貼り付け"))
        }
    }

    /// Arrow keys typed straight after a paste, in the same write: the paste reader has read them
    /// along with the paste and must decode them as keys (they once came out as the letter D).
    @Test func arrowKeysRightAfterAPasteMoveTheCursor() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "arrows")
            let left = "\u{1B}OD"  // the Left key of tmux-256color, the harness's TERM (kcub1)
            let bytes = Array(("\u{1B}[200~貼り付けた文\u{1B}[201~" + left + left + "「挿入」").utf8)
            try terminal.tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
            #expect(terminal.waitFor("貼り付け「挿入」た文"))
            #expect(terminal.waitUntilStored("arrows", "貼り付け「挿入」た文"))
        }
    }

    /// A draft another kotae has open (here, this test process holds its lock) opens read-only,
    /// and the screen says which process has it, and that Ctrl-T takes it over.
    @Test func aDraftOpenElsewhereOpensReadOnlyNamingTheOtherKotae() throws {
        try withTerminal { terminal, home in
            try terminal.startKotae("answer held 1-1 --value 元の回答")
            #expect(terminal.waitFor("KOTAE-EXIT=0"))
            let holder = LockHolder(pid: getpid(), host: LockHolder.hostName, since: Timestamp.now(), command: "fill")
            try JSONEncoder().encode(holder).write(to: URL(fileURLWithPath: home + "/drafts/held.lock"))
            try terminal.clearScreen()
            try terminal.startKotae("fill --draft held --lang ja")
            #expect(terminal.waitFor("読み取り専用：kotae（プロセス \(getpid())）が開いています。"))
            #expect(terminal.waitFor("1-1  1. 委託先について"), "opened at the item answered last")
            try terminal.type("追記")
            #expect(terminal.waitFor("読み取り専用で開いています。Ctrl-T で引き継げます。"))
            #expect(terminal.waitFor("| 元の回答"))
            #expect(try storedText(home, "held", "1-1") == "元の回答", "nothing is written while the other kotae has it")
        }
    }

    @Test func killNineMidTypingLosesNothingThatWasOnScreen() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "crash")
            var typed = ""
            for chunk in ["委託先の", "選定にあたり、", "安全管理措置を", "確認している"] {
                try terminal.type(chunk)
                typed += chunk
            }
            #expect(terminal.waitFor(typed))
            let shown = terminal.capture()
            let pid = try #require(terminal.kotaePID)
            kill(pid, SIGKILL)
            #expect(terminal.waitFor("KOTAE-EXIT=137"))
            #expect(shown.contains(typed))
            #expect(try storedText(home, "crash", "1-1") == typed)

            try terminal.clearScreen()
            try reopenAtItem11(terminal, draft: "crash")
            #expect(terminal.waitFor("| " + typed), "reopened after the kill, with the stale lock taken over")
        }
    }

    @Test func resizeKeepsTheTextAndTheCursor() throws {
        try withTerminal { terminal, _ in
            try terminal.startKotae("fill --draft resize --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.keys("PgDn")
            let sentence = "委託先（再委託先を含む）における個人データの取扱状況を把握している。"
            try terminal.type(sentence + sentence + "最後")
            #expect(terminal.waitFor("最後"))
            try terminal.keys("Left", "Left")
            usleep(200_000)
            let before = terminal.cursor
            try terminal.resize(columns: 80, rows: 24)
            #expect(terminal.waitUntil { $0.contains("回答済み") && $0.split(separator: "\n").count == 24 })
            #expect(terminal.waitFor("最後"))
            try terminal.resize(columns: 100, rows: 30)
            #expect(terminal.waitUntil { _ in terminal.cursor == before })
            #expect(terminal.capture().contains("最後"))
        }
    }

    /// Suspended with Ctrl-Z and brought back with fg, kotae still reads arrow keys: leaving the
    /// screen hands the terminal's key mode back to the shell, and kotae must ask for it again.
    @Test func arrowKeysStillWorkAfterSuspendAndFg() throws {
        try withTerminal { terminal, home in
            try typeThenSuspend(terminal, draft: "suspend", "前後")
            try terminal.shell("fg")
            #expect(terminal.waitFor("| 前後"))
            try terminal.keys("Left")
            try terminal.type("中")
            #expect(terminal.waitFor("| 前中後"))
            #expect(terminal.waitUntilStored("suspend", "前中後"))
        }
    }

    /// The terminal resized while Kotae was stopped (Ctrl-Z): a stopped program is not told, so
    /// fg lays the screen out at the size the terminal has then, the same screen a fresh start
    /// at that size draws.
    @Test func aResizeWhileSuspendedIsTakenOnFg() throws {
        try withTerminal { terminal, _ in
            try typeThenSuspend(terminal, draft: "suspend-resize", "止めてから広げた")
            try terminal.resize(columns: 120, rows: 35)
            try terminal.shell("fg")
            #expect(terminal.waitUntil { $0.contains("| 止めてから広げた") && $0.split(separator: "\n").count == 35 })
            // The shell went on past the stopped command: no exit status is printed when it quits.
            try expectTheScreenOfAFreshStart(terminal, draft: "suspend-resize", showing: "止めてから広げた",
                                             quit: { !$0.contains("回答者") })
        }
    }

    /// With the disk full (here `ulimit -f`, which fails writes past a size as a full disk
    /// does), Ctrl-Q does not quietly drop what could not be saved: it asks, and quitting anyway
    /// says on the command line what was lost, with exit status 4. The last good draft stays.
    @Test func quittingWithUnsavedChangesAsksAndSaysSo() throws {
        try withTerminal { terminal, home in
            try openItem11(terminal, draft: "full")
            try terminal.type("保存済み")
            #expect(terminal.waitUntilStored("full", "保存済み"))
            try terminal.keys("C-q")
            #expect(terminal.waitFor("KOTAE-EXIT=0"))
            try terminal.shell("ulimit -f 16")
            try reopenAtItem11(terminal, draft: "full")
            try terminal.paste(String(repeating: "書けない回答。", count: 3_000))
            #expect(terminal.waitFor("保存できません", seconds: 20))
            try terminal.keys("C-q")
            #expect(terminal.waitFor("Enter 破棄して終了"))
            #expect(!terminal.capture().contains("KOTAE-EXIT"), "still running")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("KOTAE-EXIT=4"))
            #expect(terminal.capture().contains("were not kept"))
            #expect(try storedText(home, "full", "1-1") == "保存済み")
        }
    }

    /// A key saved, then a paste the disk refuses, then Ctrl-Q, all before typing pauses: the
    /// status line's "saved" that the pause brings must not count as the paste being saved, which
    /// would end the question and quit with the paste lost.
    @Test func aSaveTimeDueAtThePauseDoesNotAnswerTheQuitQuestion() throws {
        try withTerminal { terminal, home in
            try terminal.shell("ulimit -f 16")
            try openItem11(terminal, draft: "race")
            try terminal.type("あ")
            try terminal.paste(String(repeating: "書けない回答。", count: 3_000))
            try terminal.keys("C-q")
            #expect(terminal.waitFor("Enter 破棄して終了", seconds: 20))
            Thread.sleep(forTimeInterval: 1)
            #expect(!terminal.capture().contains("KOTAE-EXIT"), "still asking: \(terminal.capture())")
            try terminal.keys("Escape")
            try terminal.keys("C-q")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("KOTAE-EXIT=4"))
            #expect(try storedText(home, "race", "1-1") == "あ")
        }
    }

    /// ncurses starts even on a terminal that cannot place its cursor (TERM=dumb, an editor's
    /// shell buffer), where the screen would be drawn on one line: Kotae says why it cannot run.
    @Test func aTerminalThatCannotPlaceTheCursorIsRefused() throws {
        try withTerminal { terminal, home in
            try terminal.shell("export TERM=dumb")
            try terminal.startKotae("fill --draft dumb")
            #expect(terminal.waitFor("KOTAE-EXIT=2"))
            #expect(terminal.capture().contains("cannot place the cursor"))
            // The draft, opened before the terminal was tried, is closed again: no lock is left.
            #expect(!FileManager.default.fileExists(atPath: home + "/drafts/dumb.lock"))
        }
    }

    /// A damaged draft is refused before the full screen starts: one sentence on the shell's
    /// screen, and the file is left as it was, with no lock.
    @Test func aDamagedDraftIsRefusedOnTheShellsScreen() throws {
        try withTerminal { terminal, home in
            try FileManager.default.createDirectory(atPath: home + "/drafts", withIntermediateDirectories: true)
            try "{\"name\": \"壊れた".write(toFile: home + "/drafts/broken.json", atomically: true, encoding: .utf8)
            try terminal.startKotae("fill --draft broken")
            #expect(terminal.waitFor("KOTAE-EXIT=2"))
            // Joined across the shell's line wrap (the path is long).
            #expect(terminal.capture().replacingOccurrences(of: "\n", with: "").contains("damaged"))
            #expect(try String(contentsOfFile: home + "/drafts/broken.json", encoding: .utf8) == "{\"name\": \"壊れた")
            #expect(!FileManager.default.fileExists(atPath: home + "/drafts/broken.lock"))
        }
    }

    /// Ctrl-E hands the answer to $EDITOR and takes back what it saved. This editor saves as
    /// Windows editors do, with a byte-order mark and CRLF line ends: neither is part of the answer.
    @Test func ctrlEEditsTheAnswerInTheExternalEditor() throws {
        try withTerminal { terminal, home in
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let editor = home + "/editor.sh"
            try "#!/bin/sh\nprintf '\\357\\273\\277%s\\r\\n外部で書いた二行目\\r\\n' \"$(cat \"$1\")\" > \"$1\"\n"
                .write(toFile: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor)
            try terminal.shell("export EDITOR=\(editor)")
            try openItem11(terminal, draft: "editor")
            try terminal.type("画面で書いた一行目")
            #expect(terminal.waitFor("| 画面で書いた一行目"))
            try terminal.keys("C-e")
            #expect(terminal.waitFor("| 外部で書いた二行目"))
            #expect(terminal.waitUntil { _ in
                (try? storedText(home, "editor", "1-1")) == "画面で書いた一行目\n外部で書いた二行目"
            })
        }
    }

    /// Writes an editor script into `home` and makes it $EDITOR: `body` runs with the file as $1.
    private func useEditor(_ terminal: Tmux, home: String, _ body: String) throws {
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let editor = home + "/editor.sh"
        try ("#!/bin/sh\n" + body).write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor)
        try terminal.shell("export EDITOR=\(editor)")
    }

    /// An editor as small as one can be that reads the keyboard: it asks for a line on the
    /// terminal and saves it, with the final newline editors add.
    private static let lineEditor = "printf '一行どうぞ: '\nIFS= read -r line\nprintf '%s\\n' \"$line\" > \"$1\"\n"

    /// Opens 1-1 of `draft`, types `typed` there if given, and opens the answer with Ctrl-E in
    /// `lineEditor`, which then waits for a line from the terminal.
    private func openInLineEditor(_ terminal: Tmux, home: String, draft: String, typed: String? = nil,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        try useEditor(terminal, home: home, Self.lineEditor)
        try openItem11(terminal, draft: draft, sourceLocation: sourceLocation)
        if let typed {
            try terminal.type(typed)
            #expect(terminal.waitFor("| " + typed), sourceLocation: sourceLocation)
        }
        try terminal.keys("C-e")
        #expect(terminal.waitFor("一行どうぞ:"), sourceLocation: sourceLocation)
    }

    /// Editors read the keyboard. Started in a process group of its own (as Foundation's Process
    /// starts one), an editor was stopped by the terminal at its first key, and Kotae waited for
    /// it for ever.
    @Test func theExternalEditorReadsTheKeyboard() throws {
        try withTerminal { terminal, home in
            try openInLineEditor(terminal, home: home, draft: "keyboard")
            try terminal.type("端末で書いた")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("| 端末で書いた"))
            #expect(terminal.waitUntilStored("keyboard", "端末で書いた"))
        }
    }

    /// On a server where the person's locale (ja_JP.UTF-8) is not installed, Kotae works in
    /// C.UTF-8; the editor does too, or it would show the answer's Japanese as bytes. The rest of
    /// the person's locale (LANG) is left as it is.
    @Test func theExternalEditorGetsAUTF8CharacterTypeWhenThePersonsLocaleIsMissing() throws {
        try withTerminal { terminal, home in
            try useEditor(terminal, home: home, "printf '%s %s' \"$(locale charmap 2>/dev/null)\" \"$LANG\" > \"$1\"\n")
            try terminal.shell("unset LC_ALL LC_CTYPE; export LANG=xx_XX.UTF-8")
            try openItem11(terminal, draft: "locale")
            try terminal.keys("C-e")
            #expect(terminal.waitUntilStored("locale", "UTF-8 xx_XX.UTF-8"),
                    "\((try? storedText(home, "locale", "1-1")) ?? "")")
        }
    }

    /// Ctrl-C in the editor is the editor's: it ends the editor, which changes nothing, and
    /// Kotae stays open with the answer as it was.
    @Test func ctrlCInTheExternalEditorLeavesKotaeOpen() throws {
        try withTerminal { terminal, home in
            try openInLineEditor(terminal, home: home, draft: "interrupt", typed: "そのまま")
            try terminal.keys("C-c")
            #expect(terminal.waitFor("| そのまま"))
            try terminal.type("残す")
            #expect(terminal.waitFor("| そのまま残す"))
            try terminal.keys("C-q")
            #expect(terminal.waitFor("KOTAE-EXIT=0"))
            #expect(try storedText(home, "interrupt", "1-1") == "そのまま残す")
        }
    }

    /// An editor suspended (vim's Ctrl-Z stops its whole process group) stops Kotae with it, so
    /// the shell has its prompt back; `fg` brings both back, and the editor's text arrives.
    @Test func suspendingTheExternalEditorSuspendsKotaeUntilFg() throws {
        try withTerminal { terminal, home in
            try useEditor(terminal, home: home, "kill -TSTP 0\n" + Self.lineEditor)
            try openItem11(terminal, draft: "editor-suspend")
            try terminal.keys("C-e")
            #expect(terminal.waitFor("Stopped"))
            try terminal.shell("fg")
            #expect(terminal.waitFor("一行どうぞ:"))
            try terminal.type("戻ってから")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("| 戻ってから"))
            #expect(terminal.waitUntilStored("editor-suspend", "戻ってから"))
        }
    }

    /// The window resized while $EDITOR has the terminal: back in Kotae, the screen is the one a
    /// fresh start at the new size draws. (A frame at the old size came first, then the resize's
    /// frame, drawn as if on a cleared screen over the first one's text.)
    @Test func aResizeWhileTheEditorIsOpenLeavesNoOldText() throws {
        try withTerminal { terminal, home in
            try openInLineEditor(terminal, home: home, draft: "editor-resize")
            try terminal.resize(columns: 120, rows: 35)
            try terminal.type("広げてから書いた")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("| 広げてから書いた"))
            try expectTheScreenOfAFreshStart(terminal, draft: "editor-resize", showing: "広げてから書いた",
                                             quit: { $0.contains("KOTAE-EXIT=0") })
        }
    }

    /// Another program writes over the screen (a `wall` message, a background job): Ctrl-L draws
    /// it whole again. Without it, Kotae redraws only what it changes, and the text stays.
    @Test func ctrlLDrawsTheScreenAgain() throws {
        try withTerminal { terminal, _ in
            try openItem11(terminal, draft: "redraw")
            try terminal.type("書きかけ")
            #expect(terminal.waitFor("| 書きかけ"))
            let tty = try terminal.tmux(["display", "-p", "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let other = try #require(FileHandle(forWritingAtPath: tty))
            try other.write(contentsOf: Data("\u{1B}[12;40HBroadcast message from root".utf8))
            try other.close()
            #expect(terminal.waitFor("Broadcast message from root"))
            try terminal.keys("C-l")
            #expect(terminal.waitUntil { !$0.contains("Broadcast message") && $0.contains("| 書きかけ") })
        }
    }

    /// With neither $VISUAL nor $EDITOR set, Ctrl-E opens nano when it is installed (here a
    /// script by that name, first on PATH), not vi, which strands people who have never used it.
    @Test func withoutEditorSetCtrlEOpensNano() throws {
        try withTerminal { terminal, home in
            try FileManager.default.createDirectory(atPath: home + "/bin", withIntermediateDirectories: true)
            let nano = home + "/bin/nano"
            try "#!/bin/sh\nprintf 'nanoで書いた' > \"$1\"\n".write(toFile: nano, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: nano)
            try terminal.shell("unset VISUAL EDITOR; export PATH=\(home)/bin:$PATH")
            try openItem11(terminal, draft: "nano")
            try terminal.keys("C-e")
            #expect(terminal.waitFor("| nanoで書いた"))
        }
    }

    /// An editor the shell cannot find is named on the status line; the answer stays.
    @Test func anEditorThatCannotBeFoundIsNamed() throws {
        try withTerminal { terminal, home in
            try terminal.shell("unset VISUAL; export EDITOR=no-such-editor")
            try openItem11(terminal, draft: "missing")
            try terminal.type("元の回答")
            try terminal.keys("C-e")
            #expect(terminal.waitFor("エディタ「no-such-editor」が見つかりません（EDITOR で指定）。回答はそのままです。"))
            #expect(terminal.capture().contains("| 元の回答"))
        }
    }

    @Test func aCompleteDraftExportsThroughCtrlX() throws {
        try withAnsweredDraft("done") { terminal, exports in
            try terminal.startKotae("fill --draft done --lang en")
            #expect(terminal.waitFor("Answered"))
            try terminal.keys("C-x")
            #expect(terminal.waitFor("All three (JSON, Markdown, CSV)"))
            try terminal.keys("Enter")
            #expect(terminal.waitFor("Exported"))
            for ext in ["json", "md", "csv"] {
                let path = exports + "/done." + ext
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                #expect(attributes[.posixPermissions] as? Int == 0o600, "\(path)")
            }
        }
    }

    /// No shell expands the folder typed in the export dialog: Kotae reads "~/提出" as the
    /// person means it, in their home folder.
    @Test func anExportFolderTypedWithATildeIsInTheHomeFolder() throws {
        try withAnsweredDraft("home", subfolder: "提出") { terminal, exports in
            try terminal.shell("export HOME=\(exports)")
            try terminal.startKotae("fill --draft home --lang en")
            #expect(terminal.waitFor("Answered"))
            try terminal.keys("C-x")
            #expect(terminal.waitFor("All three (JSON, Markdown, CSV)"))
            try terminal.keys("Tab")
            try terminal.tmux(["send-keys", "-N", "\(exports.count + 10)", "BSpace"])
            try terminal.type("~/提出")
            try terminal.keys("Enter")
            #expect(terminal.waitFor("Exported"))
            #expect(FileManager.default.fileExists(atPath: exports + "/提出/home.json"))
        }
    }

    @Test func theTerminalIsUsableAfterQuit() throws {
        try withTerminal { terminal, _ in
            try terminal.startKotae("fill --draft quit --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.type("答え通信")
            try terminal.keys("C-q")
            #expect(terminal.waitFor("KOTAE-EXIT=0"))
            try terminal.shell("echo usable-$((20+22))")
            #expect(terminal.waitFor("usable-42"))
            let screen = terminal.capture()
            #expect(!screen.contains("回答済み"), "the curses screen is gone")
            #expect(!screen.contains("\u{1B}"))
        }
    }

    /// The journal is mapped into memory; another program cutting it short under Kotae (it holds
    /// the lock, so no kotae does) stops Kotae with SIGBUS at its next key. The terminal is put
    /// back and one sentence says what happened, as for any crash.
    @Test func aJournalCutShortByAnotherProgramIsSaidInASentence() throws {
        try withTerminal { terminal, home in
            try terminal.startKotae("fill --draft cut --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.type("委託")
            #expect(terminal.waitFor("委託"))
            #expect(truncate(home + "/drafts/cut.journal", 0) == 0)
            try terminal.type("先")
            #expect(terminal.waitFor("KOTAE-EXIT=135"))
            #expect(terminal.capture().contains("cut the draft's journal file short"))
        }
    }

    /// A second kotae in another terminal on `home` opens `draft`, which another kotae holds,
    /// read-only, and takes it over: Ctrl-T, then Enter to the question.
    private func takeOver(_ draft: String, home: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tmux {
        let second = try Tmux(home: home)
        try reopenAtItem11(second, draft: draft, sourceLocation: sourceLocation)
        #expect(second.waitFor("Ctrl-T で引き継げます。"), sourceLocation: sourceLocation)
        try second.keys("C-t")
        #expect(second.waitFor("Enter 引き継ぐ  Esc やめる"), sourceLocation: sourceLocation)
        try second.keys("Enter")
        #expect(second.waitFor("引き継ぎました。"), sourceLocation: sourceLocation)
        return second
    }

    /// The laptop was closed mid-sentence, and that session's kotae (here suspended with Ctrl-Z,
    /// which it must be woken from) still holds the draft. Reconnected, the person opens the draft
    /// read-only and takes it over with Ctrl-T: the first kotae saves and exits as on a hang-up
    /// (129, not killed), and the second writes on from what it saved.
    @Test func ctrlTTakesTheDraftOverFromTheKotaeOfALostSession() throws {
        try withTerminal { first, home in
            try openItem11(first, draft: "laptop")
            try first.type("閉じる前の文")
            #expect(first.waitFor("| 閉じる前の文"))
            try first.keys("C-z")
            #expect(first.waitFor("Stopped"))
            let firstPID = try #require(first.kotaePID)

            let second = try takeOver("laptop", home: home)
            try second.type("続き")
            #expect(second.waitFor("| 閉じる前の文続き"))
            #expect(try storedText(home, "laptop", "1-1") == "閉じる前の文続き")

            // It lets go of the draft before it exits, and its shell reaps it a moment later.
            var waited = 0
            while kill(firstPID, 0) == 0 && waited < 200 {
                usleep(50_000)
                waited += 1
            }
            #expect(kill(firstPID, 0) != 0, "the first kotae has exited")
            try first.keys("Enter")  // the shell reports its stopped job's end at the next prompt
            #expect(first.waitFor("Exit 129"), "it closed as on a hang-up: \(first.capture())")
            #expect(first.capture().contains("another kotae took the draft over"), "and said why")
            try second.keys("C-q")
            #expect(second.waitFor("KOTAE-EXIT=0"))
            #expect(!FileManager.default.fileExists(atPath: home + "/drafts/laptop.lock"))
        }
    }

    /// The lost session's kotae had Ctrl-E's editor open. The editor ends as on a real hang-up
    /// (it is in kotae's job), so kotae closes by itself instead of being killed waiting for it.
    @Test func ctrlTTakesTheDraftOverFromAKotaeWithItsEditorOpen() throws {
        try withTerminal { first, home in
            try openInLineEditor(first, home: home, draft: "editing", typed: "エディタの前")
            _ = try takeOver("editing", home: home)
            #expect(first.waitFor("KOTAE-EXIT=129"), "closed, not killed: \(first.capture())")
            #expect(try storedText(home, "editing", "1-1") == "エディタの前")
        }
    }

    @Test func hangupSavesAndRestores() throws {
        try withTerminal { terminal, home in
            try terminal.startKotae("fill --draft hup --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.type("回線断の前に")
            #expect(terminal.waitFor("回線断の前に"))
            let pid = try #require(terminal.kotaePID)
            kill(pid, SIGHUP)
            #expect(terminal.waitFor("KOTAE-EXIT=129"))
            #expect(try storedText(home, "hup", "respondent", "company") == "回線断の前に")
            #expect(!FileManager.default.fileExists(atPath: home + "/drafts/hup.lock"), "the lock is released")
        }
    }

    /// The terminal goes away and no SIGHUP comes (here the shell ignores it, so it is neither
    /// sent on nor does the shell die): kotae notices the hung-up terminal, saves and leaves,
    /// instead of spinning on reads that fail at once and holding the draft's lock.
    @Test func aTerminalThatVanishesWithoutSIGHUPIsNoticed() throws {
        try withTerminal { terminal, home in
            try terminal.shell("trap '' HUP")
            try terminal.startKotae("fill --draft vanish --lang ja")
            #expect(terminal.waitFor("回答者"))
            try terminal.type("消える端末")
            #expect(terminal.waitFor("消える端末"))
            let pid = try #require(terminal.kotaePID)
            try terminal.tmux(["kill-server"])
            var gone = false
            for _ in 0..<100 where !gone {
                gone = kill(pid, 0) != 0
                if !gone { usleep(50_000) }
            }
            #expect(gone, "kotae ended when its terminal went away")
            #expect(try storedText(home, "vanish", "respondent", "company") == "消える端末")
            #expect(!FileManager.default.fileExists(atPath: home + "/drafts/vanish.lock"), "the lock is released")
        }
    }

    /// The crash test: 50 times, kotae is killed with SIGKILL at a moment chosen at random —
    /// between keys, right after keys it has not drawn yet, in the middle of a paste, during an
    /// export. After each kill the draft loads, holds every character that had been on screen and
    /// nothing that was never typed, and no temporary file is left behind.
    @Test func fiftyKillsAtRandomMomentsLoseNothingThatWasShown() throws {
        try withTerminal { terminal, home in
            var random = SplitMix(seed: 2026)
            let alphabet = Array("委託先の監督について確認しているデータ管理は年一回の立入り調査で行う、。ア")
            var shown = ""
            var typed = ""
            for round in 0..<50 {
                try terminal.clearScreen()
                try terminal.startKotae("fill --draft kills --lang ja")
                #expect(terminal.waitFor("回答済み"), "round \(round): kotae started")
                // A new draft opens at the respondent block; once 1-1 holds text, kotae opens there.
                if round == 0 { try terminal.keys("PgDn") }
                #expect(terminal.waitFor("1-1  1. 委託先について"), "round \(round)")
                let chunk = String((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
                switch round % 4 {
                case 0:  // between keys: everything typed was drawn
                    try terminal.type(chunk)
                    typed += chunk
                    // Drawn once processed; the text may wrap anywhere, so ask the screen for its last character.
                    #expect(terminal.waitUntil { _ in (try? storedText(home, "kills", "1-1"))?.hasSuffix(chunk) == true }, "round \(round)")
                    #expect(terminal.waitFor(String(chunk.last!)), "round \(round)")
                case 1:  // keys sent, killed before they can all be drawn
                    try terminal.type(chunk)
                    typed += chunk
                    usleep(UInt32.random(in: 0...30_000, using: &random))
                case 2:  // in the middle of a paste
                    let paste = String(repeating: chunk, count: 200)
                    try terminal.paste(paste)
                    typed += paste
                    usleep(UInt32.random(in: 0...50_000, using: &random))
                default:  // during an export (refused: the draft is incomplete) and a save
                    try terminal.keys("C-x", "Escape", "PgUp", "PgDn")
                    usleep(UInt32.random(in: 0...20_000, using: &random))
                }
                let screen = terminal.capture()
                let pid = try #require(terminal.kotaePID, "round \(round)")
                kill(pid, SIGKILL)
                #expect(terminal.waitFor("KOTAE-EXIT=137"), "round \(round)")
                let stored = try storedText(home, "kills", "1-1")
                let keptShown = stored.hasPrefix(shown)
                let nothingInvented = typed.hasPrefix(stored)
                #expect(keptShown, "round \(round): what was shown before is kept")
                #expect(nothingInvented, "round \(round): nothing garbled or invented (\(stored.count) stored, \(typed.count) typed)")
                if round % 4 == 0 {
                    let allKept = stored == typed
                    #expect(allKept, "round \(round): everything drawn is kept")
                }
                if !keptShown || !nothingInvented { return }
                // What this round drew is now the floor for the next.
                for line in screen.split(separator: "\n") where line.contains("| ") {
                    let text = line.split(separator: "| ").last.map(String.init) ?? ""
                    if !text.isEmpty && stored.contains(text) == false && typed.contains(text) {
                        Issue.record("round \(round): '\(text)' was on screen but is not in the draft")
                    }
                }
                // Keys the kill cut off were never drawn; the next round types after what was kept.
                shown = stored
                typed = stored
                let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: home + "/drafts"))?.filter { $0.hasPrefix(".kotae-tmp") } ?? []
                #expect(leftovers.allSatisfy { name in
                    // A temporary file may exist only if its writer was killed mid-save; the next start removes it.
                    name.contains("tmp")
                })
            }
            try terminal.clearScreen()
            try terminal.startKotae("fill --draft kills --lang ja")
            #expect(terminal.waitFor("回答済み"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: home + "/drafts").filter { $0.hasPrefix(".kotae-tmp") }
            #expect(leftovers.isEmpty, "the next start cleans up after killed writers")
            try terminal.keys("C-q")
        }
    }
}

extension Tmux {
    /// Waits until the draft on disk holds `expected` as the answer to 1-1.
    func waitUntilStored(_ draft: String, _ expected: String) -> Bool {
        waitUntil { _ in (try? DraftStore(home: KotaeHome(root: home)).read(draft).answers.value(item: "1-1", field: "").text) == expected }
    }
}
