import Foundation
import Testing
@testable import KotaeCore
import KotaeText

/// Runs the real `kotae` binary, as a script or a person at a shell would.
struct KotaeBinary {
    let home: String
    /// Variables set for kotae on top of the test's own environment.
    var environment: [String: String] = [:]

    static var path: String {
        if let path = ProcessInfo.processInfo.environment["KOTAE_BINARY"] {
            // Made absolute: the terminal tests start it from a shell in another folder.
            return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
        }
        // The test runner sits in the build folder beside the kotae executable.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("kotae").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "kotae"
    }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil) throws -> Result {
        try run(arguments, stdin: stdin)
    }

    /// Starts kotae (or `executable`) with KOTAE_HOME set; the caller reads the pipes.
    func start(_ arguments: [String], executable: String? = nil, stdin: Pipe? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? Self.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KOTAE_HOME"] = home
        environment.merge(self.environment) { $1 }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = stdin }
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, executable: String? = nil) throws -> Result {
        let input = Pipe()
        let (process, out, err) = try start(arguments, executable: executable, stdin: input)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }
}


func withHome(_ body: (KotaeBinary, String) throws -> Void) throws {
    let home = NSTemporaryDirectory() + "kotae-e2e-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: home) }
    try body(KotaeBinary(home: home), home)
}

/// Every field of the bundled questionnaire, set as a script would.
let completeAnswers: [[String]] = [
    ["respondent.company", "--value", "答え通信株式会社"],
    ["respondent.department", "--value", "法務部"],
    ["respondent.person", "--value", "山田 花子"],
    ["respondent.email", "--value", "hanako@example.jp"],
    ["respondent.phone", "--value", "03-1234-5678"],
    ["respondent.date", "--value", "2025-01-31"],
    ["1-1", "--value", "顧客の氏名・住所を、コールセンター業務の委託先に提供している。\n代表例: 料金案内業務。"],
    ["1-2.kinds", "--value", "outsourcing,その他", "--other", "共同利用契約"],
    ["2-1.answer", "--value", "個人データの委託として扱っている"],
    ["2-2", "--value", "覚書に定めている。"],
    ["2-3.answer", "--value", "re-entrusted"],
    ["2-4", "--value", "再委託先の監督を覚書に定めている。"],
    ["2-5.answer", "--value", "yes"], ["2-5.explanation", "--value", "チェックシートで確認。"],
    ["2-6", "--value", "年1回の研修を求めている。"],
    ["2-7-1.answer", "--value", "はい"], ["2-7-1.explanation", "--value", "契約書に定めている。"],
    ["2-7-2.answer", "--value", "yes"], ["2-7-2.explanation", "--value", "定期的な報告を求めている。"],
    ["2-8", "--value", "事前承認を求めている。"],
    ["2-9", "--value", "立入り調査で把握している。"],
    ["2-10.content", "--value", "安全管理措置の点検"], ["2-10.method", "--value", "書面及び立入り"],
    ["2-10.frequency", "--value", "年1回"], ["2-10.document-inspections", "--value", "120"],
    ["2-10.onsite-inspections", "--value", "15"],
    ["2-11.contractors", "--value", "300"], ["2-11.subcontractors", "--value", "45"],
    ["2-12", "--value", "0"],
    ["3-1", "--value", "多要素認証を求めている。"], ["3-2", "--value", "USB の利用を禁止している。"],
    ["3-3", "--value", "プライバシーポリシーで説明している。"],
    ["3-4.answer", "--value", "yes"], ["3-4.explanation", "--value", "ダークウェブを監視している。"],
]

@Suite(.serialized) struct CommandLineTests {
    @Test func fillEveryItemThenStatusIsCompleteAndTheJSONExportHoldsTheNineteenItems() throws {
        try withHome { kotae, home in
            for answer in completeAnswers {
                let result = try kotae.run(["answer", "r2025"] + answer)
                #expect(result.status == 0, "\(answer): \(result.stderr)")
                #expect(result.stderr.isEmpty, "\(answer): \(result.stderr)")
            }
            let status = try kotae.run("status", "r2025")
            #expect(status.status == 0, "\(status.text)")
            #expect(status.text.contains("Complete: ready to export."))

            let export = try kotae.run("export", "r2025", "--format", "json")
            #expect(export.status == 0, "\(export.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: export.stdout) as? [String: Any])
            let items = try #require(document["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? String } == [
                "1-1", "1-2", "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7-1", "2-7-2", "2-8",
                "2-9", "2-10", "2-11", "2-12", "3-1", "3-2", "3-3", "3-4",
            ])
            #expect(items.allSatisfy { $0["status"] as? String == "answered" })
            #expect((document["digest"] as? String)?.hasPrefix("sha256:") == true)

            for format in ["markdown", "csv", "json"] {
                let target = home + "/submission.\(format)"
                let written = try kotae.run("export", "r2025", "--format", format, "-o", target)
                #expect(written.status == 0, "\(written.stderr)")
                let attributes = try FileManager.default.attributesOfItem(atPath: target)
                #expect((attributes[.posixPermissions] as? Int) == 0o600)
            }
            let drafts = try kotae.run("drafts", "--json")
            let rows = try #require(try JSONSerialization.jsonObject(with: drafts.stdout) as? [[String: Any]])
            #expect(rows.first?["name"] as? String == "r2025")
            #expect(rows.first?["complete"] as? Bool == true)
            #expect(rows.first?["lastExportedAt"] != nil)
        }
    }

    /// Drafts store UTC; a person at a shell in Tokyo reads Tokyo's time, as the full-screen UI
    /// shows it, while `--json` keeps the stored form for scripts.
    @Test func listingsShowTheSavedTimeInLocalTime() throws {
        try withHome { kotae, home in
            var kotae = kotae
            kotae.environment["TZ"] = "JST-9"  // POSIX form: needs no time zone data
            try kotae.run("answer", "tokyo", "1-1", "--value", "年に一度")
            let json = try kotae.run("drafts", "--json")
            let rows = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
            let stored = try #require(rows.first?["savedAt"] as? String)
            #expect(stored.hasSuffix("Z"), "--json keeps UTC: \(stored)")
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 9 * 3600)
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let tokyo = formatter.string(from: try #require(Timestamp(iso8601: stored).date))
            let listing = try kotae.run("drafts")
            #expect(listing.text.contains("saved \(tokyo)"), "\(listing.text) should show \(tokyo)")
            let status = try kotae.run("status", "tokyo")
            #expect(status.text.contains("last saved \(tokyo)"), "\(status.text)")
        }
    }

    @Test func anIncompleteDraftIsRefusedWithTheListOnStderr() throws {
        try withHome { kotae, _ in
            try kotae.run("answer", "partial", "1-1", "--value", "途中まで")
            try kotae.run("answer", "partial", "2-12", "--value", "十二")
            let status = try kotae.run("status", "partial")
            #expect(status.status == 1)
            #expect(status.text.split(separator: "\n").dropFirst().first?.hasPrefix("Answered 1/17, last saved 20") == true,
                    "the progress line, in the language of the rest: \(status.text)")
            let export = try kotae.run("export", "partial", "--format", "csv")
            #expect(export.status == 1)
            #expect(export.stdout.isEmpty)
            #expect(export.stderr.contains("The draft 'partial' is not complete (17 to fix)"))
            #expect(export.stderr.contains("2-12 個人データの取扱いの委託先（再委託先を含む）にお…: 整数で入力してください"))
            #expect(export.stderr.contains("3-4 "))
        }
    }

    /// A script cannot be asked before an answer hides another, as the full-screen UI asks; it is told.
    @Test func answeringSaysWhatNoLongerAppliesAndWhatDoesNotApply() throws {
        try withHome { kotae, _ in
            try kotae.run("answer", "c", "2-1.answer", "--value", "個人データの委託として扱っている")
            let shown = try kotae.run("answer", "c", "2-2", "--value", "覚書に定めている。")
            #expect(shown.stderr.isEmpty, "2-2 applies: \(shown.stderr)")

            let hiding = try kotae.run("answer", "c", "2-1.answer", "--value", "個人データの委託として扱っていない")
            #expect(hiding.status == 0)
            #expect(hiding.stderr == "kotae: With this answer 2-2 no longer applies: its answer is kept, and not exported unless it applies again.\n")

            let hidden = try kotae.run("answer", "c", "2-2", "--value", "書き直した。")
            #expect(hidden.status == 0)
            #expect(hidden.stderr.contains("2-2 is saved, but 2-2 does not apply with the other answers"))
        }
    }

    @Test func theDraftListLinesUpUnderJapaneseNames() throws {
        try withHome { kotae, _ in
            try kotae.run("answer", "2025年度_答え通信", "1-1", "--value", "委託している")
            try kotae.run("answer", "test", "1-1", "--value", "x")
            let list = try kotae.run("drafts")
            #expect(list.status == 0, "\(list.stderr)")
            let lines = list.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            // The questionnaire id starts in the same terminal column on every line.
            let columns = lines.map { line in DisplayWidth().width(of: line.prefix { $0 != "m" }) }
            #expect(Set(columns).count == 1, "\(lines)")
            #expect(lines.allSatisfy { $0.contains("answered 1/17") }, "\(lines)")
        }
    }

    @Test func mistakesGetOneSentenceAndTheirExitCode() throws {
        try withHome { kotae, home in
            let unknownItem = try kotae.run("answer", "d", "9-9", "--value", "x")
            #expect(unknownItem.status == 2)
            #expect(unknownItem.stderr == "kotae: There is no item '9-9' in the questionnaire mic-entrustment-monitoring.\n")

            let badOption = try kotae.run("answer", "d", "2-1.answer", "--value", "maybe")
            #expect(badOption.status == 2)
            #expect(badOption.stderr.contains("'maybe' is not one of its options"))

            let compound = try kotae.run("answer", "d", "2-10", "--value", "x")
            #expect(compound.stderr.contains("name one of 2-10.content, 2-10.method"))

            let missing = try kotae.run("status", "nobody")
            #expect(missing.status == 2)
            #expect(missing.stderr == "kotae: There is no draft named 'nobody' in \(home)/drafts.\n")

            let usage = try kotae.run("answer", "d", "1-1")
            #expect(usage.status == 64)

            let hidden = try kotae.run("answer", ".hidden", "1-1", "--value", "x")
            #expect(hidden.status == 2)
            #expect(hidden.stderr == "kotae: '.hidden' cannot be a draft name: it must not be empty, start with '.', "
                    + "hold '/', '\\' or control characters, or be longer than 120 characters.\n")
        }
    }

    @Test func checkPrintsProblemsWithTheirPlace() throws {
        try withHome { kotae, home in
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let broken = home + "/broken.yaml"
            try Data("id: x\nversion: \"1\"\ntitle: t\ncolour: red\n".utf8).write(to: URL(fileURLWithPath: broken))
            let result = try kotae.run("check", broken)
            #expect(result.status == 1)
            #expect(result.text.contains("\(broken):4:1: unknown key 'colour'"))
            #expect(result.text.contains("\(broken):1:1: the questionnaire has no 'respondent' block"))
        }
    }

    @Test func aDraftHeldByAnotherKotaeIsRefusedWithItsHolder() throws {
        try withHome { kotae, home in
            try kotae.run("answer", "held", "1-1", "--value", "a")
            let store = DraftStore(home: KotaeHome(root: home))
            let questionnaire = try DefinitionLoader.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("questionnaires/mic-entrustment-2024.yaml").path)
            let session = try store.open("held", questionnaire: questionnaire, command: "fill")
            defer { try? session.close() }
            let result = try kotae.run("answer", "held", "1-1", "--value", "b")
            #expect(result.status == 3)
            #expect(result.stderr.contains("is open in another kotae (kotae fill, process \(getpid())"))
            #expect(result.stderr.contains("Ctrl-T takes it over"), "and says how to get it back")
            let listed = try kotae.run("drafts")
            let text = String(decoding: listed.stdout, as: UTF8.self)
            #expect(text.contains("open in kotae fill, process \(getpid())"), "the list says it is open: \(text)")
        }
    }

    @Test func concurrentAnswersLoseNoUpdate() throws {
        try withHome { kotae, _ in
            try kotae.run("answer", "race", "1-1", "--value", "start")
            let items = ["2-6", "2-8", "2-9", "3-1", "3-2", "3-3", "2-2", "2-4"]
            let processes = try items.map { try kotae.start(["answer", "race", $0, "--value", "回答 \($0)"]) }
            for (process, _, _) in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.0.terminationStatus == 0 })
            let status = try kotae.run("status", "race", "--json")
            let report = try #require(try JSONSerialization.jsonObject(with: status.stdout) as? [String: Any])
            let lines = try #require(report["items"] as? [[String: Any]])
            for item in ["2-6", "2-8", "2-9", "3-1", "3-2", "3-3"] {
                #expect(lines.first { $0["id"] as? String == item }?["status"] as? String == "answered", "\(item)")
            }
        }
    }

    @Test func anAnswerIsReadFromAPipe() throws {
        try withHome { kotae, home in
            // `--file <(command)`, as a script pastes another program's output.
            let result = try kotae.run(["-c", "exec \"$0\" answer piped 3-3 --file <(printf '一行目\\n二行目\\n')", KotaeBinary.path],
                                       executable: "/bin/bash")
            #expect(result.status == 0, "\(result.stderr)")
            let draft = try DraftStore(home: KotaeHome(root: home)).read("piped")
            #expect(draft.answers.value(item: "3-3", field: "").text == "一行目\n二行目\n")
            let folder = try kotae.run("answer", "piped", "3-3", "--file", home)
            #expect(folder.stderr == "kotae: Cannot read \(home): is a directory.\n")
        }
    }

    /// A file saved by a Windows editor starts with a byte-order mark; it is not part of the
    /// answer (it would go invisibly into the submission), and its CRLF line ends are newlines.
    @Test func aByteOrderMarkIsNotPartOfTheAnswer() throws {
        try withHome { kotae, home in
            let file = home + "/windows.txt"
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try Data([0xEF, 0xBB, 0xBF] + Array("委託先の一覧\r\n二行目\r\n".utf8)).write(to: URL(fileURLWithPath: file))
            let result = try kotae.run("answer", "bom", "3-3", "--file", file)
            #expect(result.status == 0, "\(result.stderr)")
            let draft = try DraftStore(home: KotaeHome(root: home)).read("bom")
            #expect(draft.answers.value(item: "3-3", field: "").text == "委託先の一覧\n二行目\n")
        }
    }

    @Test func controlSequencesInAnswersNeverReachTheTerminal() throws {
        try withHome { kotae, _ in
            try kotae.run("answer", "evil", "1-2.kinds", "--value", "other", "--other", "\u{1B}]0;pwned\u{07}\u{1B}[2J")
            let status = try kotae.run("status", "evil")
            #expect(!status.text.contains("\u{1B}"))
            let unknown = try kotae.run("answer", "evil", "2-1.answer", "--value", "\u{1B}[31mred")
            #expect(!unknown.stderr.contains("\u{1B}"))
            #expect(unknown.stderr.contains("␛[31mred"))
        }
    }
}

@Suite(.serialized) struct StorageFaultTests {
    /// `ulimit -f` makes every write past a few KB fail (EFBIG), as a full disk would.
    @Test func aWriteThatCannotCompleteLeavesTheLastGoodDraft() throws {
        try withHome { kotae, home in
            try kotae.run("answer", "full", "1-1", "--value", "保存済みの回答")
            let snapshot = home + "/drafts/full.json"
            let good = try Data(contentsOf: URL(fileURLWithPath: snapshot))
            let big = home + "/big.txt"
            try Data(String(repeating: "長い回答。", count: 4_000).utf8).write(to: URL(fileURLWithPath: big))
            let result = try kotae.run(["-c", "ulimit -f 16; exec \"$0\" answer full 1-1 --file \"$1\"", KotaeBinary.path, big],
                                       executable: "/bin/bash")
            #expect(result.status == 4, "\(result.stderr)")
            #expect(result.stderr.contains("Could not save"), "\(result.stderr)")
            #expect(result.stderr.contains("the last saved version is unchanged"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: snapshot)) == good)
            let status = try kotae.run("status", "full", "--json")
            #expect(status.status == 1, "the draft still loads: \(status.stderr)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: home + "/drafts").filter { $0.contains("tmp") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aDraftReplacedByAFolderIsReported() throws {
        try withHome { kotae, home in
            try kotae.run("answer", "odd", "1-1", "--value", "x")
            try FileManager.default.removeItem(atPath: home + "/drafts/odd.json")
            try FileManager.default.createDirectory(atPath: home + "/drafts/odd.json", withIntermediateDirectories: true)
            let result = try kotae.run("status", "odd")
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("kotae: Cannot read \(home)/drafts/odd.json"))
        }
    }
}
