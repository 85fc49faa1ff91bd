import Crypto
import Foundation
import Testing
@testable import KotaeCore

@Suite struct ExportTests {
    private func completeSubmission() throws -> Submission {
        let questionnaire = try bundledQuestionnaire()
        var draft = Draft(name: "答え通信", questionnaire: questionnaire, at: fixedTime)
        draft.answers = completeAnswers(questionnaire)
        return try Submission(questionnaire: questionnaire, draft: draft)
    }

    @Test func json() throws {
        try assertGolden(ExportFormat.json.render(completeSubmission(), exportedAt: fixedTime), named: "complete.json")
    }

    @Test func markdown() throws {
        try assertGolden(ExportFormat.markdown.render(completeSubmission(), exportedAt: fixedTime), named: "complete.md")
    }

    @Test func csv() throws {
        try assertGolden(ExportFormat.csv.render(completeSubmission(), exportedAt: fixedTime), named: "complete.csv")
    }

    @Test func jsonHoldsTheItemsInOrderWithHiddenAnswersLeftOut() throws {
        let data = ExportFormat.json.render(try completeSubmission(), exportedAt: fixedTime)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == ["1-1", "1-2", "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7-1", "2-7-2",
                                                       "2-8", "2-9", "2-10", "2-11", "2-12", "3-1", "3-2", "3-3", "3-4"])
        let item24 = items[5]
        #expect(item24["status"] as? String == "not-applicable")
        #expect(item24["answer"] == nil, "the kept 2-4 answer is not exported")
        #expect(!String(decoding: data, as: UTF8.self).contains("提出されない"))
    }

    @Test func theDigestCoversTheContentAndNotTheExportTime() throws {
        let submission = try completeSubmission()
        func digest(_ data: Data) throws -> String {
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(document["digest"] as? String)
        }
        let first = try digest(ExportFormat.json.render(submission, exportedAt: fixedTime))
        let later = try digest(ExportFormat.json.render(submission, exportedAt: Timestamp(iso8601: "2027-01-01T00:00:00Z")))
        #expect(first == later)
        var changed = submission
        changed.respondent[0].value = .text("別の会社")
        #expect(try digest(ExportFormat.json.render(changed, exportedAt: fixedTime)) != first)

        // Anyone can check it: the compact, key-sorted document without exportedAt and digest.
        var document = JSONExporter.Document(submission)
        document.digest = nil
        let recomputed = SHA256.hash(data: JSONExporter.encode(document, pretty: false)).map { String(format: "%02x", $0) }.joined()
        #expect(first == "sha256:" + recomputed)
    }

    @Test func csvIsExcelReadyRFC4180() throws {
        let data = ExportFormat.csv.render(try completeSubmission(), exportedAt: fixedTime)
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains("\"覚書に安全管理措置, 秘密保持, \"\"再委託\"\"の条件を定めている。\""))
        #expect(text.contains("\"顧客の氏名・住所を、コールセンター業務の委託先に提供している。\n代表例: 料金案内業務。\""))
    }

    @Test func anIncompleteDraftIsRefusedWithEverythingMissing() throws {
        let questionnaire = try bundledQuestionnaire()
        var draft = Draft(name: "途中", questionnaire: questionnaire, at: fixedTime)
        draft.answers = completeAnswers(questionnaire)
        draft.answers.set(item: "3-3", field: "", to: .empty, at: fixedTime)
        draft.answers.set(item: "2-12", field: "", to: FieldValue(text: "-3"), at: fixedTime)
        draft.answers.set(item: "respondent", field: "email", to: FieldValue(text: "not-an-address"), at: fixedTime)
        do {
            _ = try Submission(questionnaire: questionnaire, draft: draft)
            Issue.record("an incomplete draft was exported")
        } catch KotaeError.incomplete(let name, let shortfalls) {
            #expect(name == "途中")
            #expect(shortfalls.count == 3)
            #expect(shortfalls[0].hasPrefix("respondent 回答者: 連絡先（e-mail）: メールアドレスの形式ではありません"))
            #expect(shortfalls[1].hasPrefix("2-12 個人データの取扱いの委託先（再委託先を含む）にお…: 0以上の数を入力してください"))
            #expect(shortfalls[2].hasPrefix("3-3 個人データの取扱いを外部へ委託することについて、…: 未回答"))
        }
    }

    @Test func exportFilesArePrivateAndTargetsAreChecked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let previous = umask(0)
        defer { umask(previous) }
        let target = folder.path + "/submission.json"
        try Exporter.write(Data("{}".utf8), to: target)
        var info = stat()
        stat(target, &info)
        #expect(info.st_mode & 0o777 == 0o600)

        #expect(throws: KotaeError.exportTarget(path: folder.path, problem: .isFolder)) {
            try Exporter.write(Data("{}".utf8), to: folder.path)
        }
        let link = folder.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/tmp/elsewhere.json")
        #expect(throws: KotaeError.exportTarget(path: link, problem: .isSymbolicLink)) {
            try Exporter.write(Data("{}".utf8), to: link)
        }
        let missing = folder.path + "/no/such/folder/out.csv"
        #expect(throws: KotaeError.exportTarget(path: missing, problem: .missingFolder("\(folder.path)/no/such/folder"))) {
            try Exporter.write(Data("{}".utf8), to: missing)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("tmp") }
        #expect(leftovers.isEmpty)
    }
}
