import KotaeCore
#if canImport(Glibc)
import Glibc
#endif

/// The UI language: Japanese when the locale says ja*, English otherwise; `--lang` overrides.
public enum Language: String, Sendable, CaseIterable {
    case ja, en

    /// From LANG / LC_* as the C library reads them: LC_ALL, then LC_MESSAGES, then LANG.
    public static func from(environment: Environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment.nonEmpty(key) { return value.hasPrefix("ja") ? .ja : .en }
        }
        return .en
    }
}

/// Every text the UI shows, in both languages. Messages about data (validation reasons) come
/// from KotaeCore, which writes them in Japanese with English after.
struct Strings {
    let language: Language

    private func pick(_ ja: String, _ en: String) -> String { language == .ja ? ja : en }

    var appName: String { "Kotae 答え" }
    var progress: String { pick("回答済み", "Answered") }
    var saved: String { pick("保存済み", "Saved") }
    var readOnly: String { pick("読み取り専用", "Read-only") }
    var saveFailed: String { pick("保存できません", "Not saved") }
    var respondent: String { pick("回答者", "Respondent") }
    var notApplicableNotice: String {
        pick("この項目は対象外です（前の回答による）。入力済みの回答は保存されますが、提出には含まれません。",
             "This item does not apply (because of an earlier answer). Any answer here is kept but not exported.")
    }
    var hints: String {
        pick("Tab 次の欄  PgDn 次の項目  ^G 移動  ^R 確認  ^X 出力  ^E エディタ  ^Q 終了  F1 ヘルプ",
             "Tab next field  PgDn next item  ^G go to  ^R review  ^X export  ^E editor  ^Q quit  F1 help")
    }
    var shortHints: String {
        pick("Tab 次  PgDn 次項目  ^G 移動  ^R 確認  ^X 出力  ^Q 終了  F1 ヘルプ",
             "Tab next  PgDn item  ^G go to  ^R review  ^X export  ^Q quit  F1 help")
    }
    var tooSmall: String { pick("画面が小さすぎます。80×24 以上に広げてください。", "The window is too small: make it at least 80×24.") }
    var required: String { pick("必須", "required") }
    var optional: String { pick("任意", "optional") }
    var maxLength: String { pick("文字以内", "characters at most") }
    var characters: String { pick("文字", "characters") }
    var lastItem: String { pick("最後の項目です。Ctrl-R で未回答を確認できます。", "This is the last item. Ctrl-R lists what is still missing.") }
    var firstItem: String { pick("最初の項目です。", "This is the first item.") }

    // Launcher
    var launcherTitle: String { pick("回答の下書き", "Drafts") }
    var newDraft: String { pick("＋ 新しい回答を作成", "+ New draft") }
    var noDrafts: String { pick("下書きはまだありません。", "No drafts yet.") }
    var draftNamePrompt: String { pick("下書きの名前（例: 2025年度_答え通信）:", "Name of the new draft (e.g. fy2025-kotae-telecom):") }
    var chooseQuestionnaire: String { pick("質問票を選んでください:", "Choose the questionnaire:") }
    var launcherHints: String { pick("↑↓ 選択  Enter 開く  ^Q 終了  F1 ヘルプ", "↑↓ select  Enter open  ^Q quit  F1 help") }
    /// While a new draft is named or its questionnaire chosen, only these keys do anything.
    var namingHints: String { pick("Enter 作成  Esc やめる", "Enter create  Esc cancel") }
    var choosingHints: String { pick("↑↓ 選択  Enter 作成  Esc やめる", "↑↓ select  Enter create  Esc cancel") }
    var lastSaved: String { pick("最終保存", "saved") }
    var damaged: String { pick("開けません", "cannot open") }

    // Review
    var reviewTitle: String { pick("確認: 未回答・不備のある項目", "Review: missing or invalid items") }
    var reviewEmpty: String { pick("すべて回答済みです。Ctrl-X で出力できます。", "Everything is answered. Ctrl-X exports.") }
    var reviewHints: String { pick("↑↓ 選択  Enter その項目へ  Esc 戻る", "↑↓ select  Enter go there  Esc back") }

    // Export
    var exportTitle: String { pick("出力", "Export") }
    var exportRefused: String { pick("未回答・不備があるため出力できません:", "Cannot export: these items are missing or invalid:") }
    var exportFolder: String { pick("出力先フォルダ:", "Folder:") }
    var exportAll: String { pick("すべて（JSON・Markdown・CSV）", "All three (JSON, Markdown, CSV)") }
    var exportHints: String { pick("↑↓ 形式  Enter 出力  Tab フォルダ  Esc 戻る", "↑↓ format  Enter export  Tab folder  Esc back") }
    var exportDone: String { pick("出力しました（ファイルは本人のみ読み書き可）:", "Exported (files readable by you only):") }
    var exportFailed: String { pick("出力できませんでした:", "Export failed:") }

    // Go to, help, confirmation
    var goToPrompt: String { pick("項目へ移動（例: 2-10）:", "Go to item (e.g. 2-10):") }
    func noSuchItem(_ id: String) -> String { pick("項目「\(id)」はありません。", "There is no item '\(id)'.") }
    var helpTitle: String { pick("ヘルプ", "Help") }
    func quitUnsaved(_ reason: String) -> String {
        pick("\(reason)\n保存できていない変更は、このまま終了すると失われます。空きができれば自動で保存されます。Esc で戻り、Ctrl-X で別のフォルダへ書き出すこともできます。",
             "\(reason)\nQuitting now loses the changes that could not be saved. Once there is space they save by themselves; or go back with Esc and export them elsewhere with Ctrl-X.")
    }
    var quitUnsavedHint: String { pick("Enter 破棄して終了  Esc 戻る", "Enter quit and lose them  Esc go back") }
    var confirmHint: String { pick("Enter 変更する  Esc やめる", "Enter change it  Esc keep the old answer") }
    func hides(_ ids: [String]) -> String {
        let list = ids.joined(separator: ", ")
        return pick("この選択で \(list) は対象外になります。入力済みの回答は保存されたまま、提出には含まれません（戻せば復活します）。",
                    "With this choice \(list) no longer applies. Its answer is kept but will not be exported (it comes back if you change this again).")
    }
    /// After the change: short enough for the message line.
    func hidden(_ ids: [String]) -> String {
        let list = ids.joined(separator: ", ")
        return pick("\(list) は対象外になりました（回答は保存されたまま、提出されません）。",
                    "\(list) no longer applies (its answer is kept, not exported).")
    }
    var ctrlCHint: String { pick("終了は Ctrl-Q です（回答は保存済み）。", "Ctrl-Q quits (everything is already saved).") }
    var ctrlCHintUnsaved: String {
        pick("終了は Ctrl-Q です。ただし保存できていない変更があり、終了すると失われます。",
             "Ctrl-Q quits, but the changes that could not be saved would be lost.")
    }
    /// Typing into a draft open read-only; says how to take it over, when it can be.
    func readOnlyRefusal(heldBy writer: OtherWriter?) -> String {
        pick("読み取り専用で開いています。", "This draft is open read-only.") + takeOverOffer(writer)
    }
    private func takeOverOffer(_ writer: OtherWriter?) -> String {
        writer?.onThisMachine == true ? pick("Ctrl-T で引き継げます。", " Ctrl-T takes it over.") : ""
    }
    func takeOverQuestion(_ writer: OtherWriter) -> String {
        pick("別の kotae（プロセス \(writer.process)、\(writer.since) から）を閉じて、ここで続きを書きますか？あちらで入力した内容は保存されています（閉じるときにも保存します）。",
             "Close the other kotae (process \(writer.process), since \(writer.since)) and go on writing here? What was typed there is saved (it saves again as it closes).")
    }
    /// In the launcher, beside a draft another kotae has open.
    func inUse(_ writer: OtherWriter) -> String {
        writer.onThisMachine ? pick("使用中（プロセス \(writer.process)）", "in use (process \(writer.process))")
            : pick("使用中（\(writer.host) のプロセス \(writer.process)）", "in use (process \(writer.process) on \(writer.host))")
    }
    var takeOverHint: String { pick("Enter 引き継ぐ  Esc やめる", "Enter take over  Esc stay read-only") }
    var notUTF8: String {
        pick("端末から UTF-8 ではない文字が届いたため、入力していません。端末の文字コードを UTF-8 にしてください。",
             "The terminal sent characters that are not UTF-8; they were not typed. Set the terminal's encoding to UTF-8.")
    }
    var tookOver: String { pick("引き継ぎました。ここで続きを書けます。", "Taken over: go on writing here.") }
    func takeOverFailed(process: Int32) -> String {
        pick("kotae（プロセス \(process)）が閉じないため、引き継げませんでした。",
             "kotae process \(process) did not close; the draft stays read-only.")
    }
    func takeOverElsewhere(_ host: String) -> String {
        pick("\(host) の kotae は、ここからは閉じられません（そちらで Ctrl-Q）。",
             "A kotae on \(host) cannot be closed from here; quit it there with Ctrl-Q.")
    }
    /// What went wrong, in the UI's language. The reasons inside (the system's words for an
    /// error, a validator's) stay as they came.
    func sentence(for failure: Failure) -> String {
        switch failure {
        case .other(let text): return text
        case .kotae(let error): return sentence(for: error)
        }
    }

    /// Where a file is named, the meaning first and the file last, in both languages: the message
    /// line is one row, and a long path cut at its edge costs less than the end of the sentence.
    /// (The command line's English, `KotaeError.description`, names the file first.)
    private func sentence(for error: KotaeError) -> String {
        switch error {
        case .unreadableFile(let path, let reason):
            return pick("読めません（\(japanese(reason))）：\(path)", "Cannot read it (\(reason)): \(path)")
        case .writeFailed(let path, let reason):
            return pick("保存できませんでした（\(japanese(reason))）。最後に保存した内容はそのままです：\(path)",
                        "Could not save (\(reason)); the last saved version is unchanged: \(path)")
        case .corruptDraft(let path, let damage):
            return pick("下書きが壊れています（\(japanese(damage))）。ファイルには手を付けていません：\(path)",
                        "The draft is damaged (\(damage)) and was left untouched: \(path)")
        case .draftFromNewerKotae(let path, let version):
            return pick("新しい Kotae で書かれた下書きです（形式 \(version)）。開くには Kotae を更新してください：\(path)",
                        "A newer Kotae wrote this draft (format \(version)); update Kotae to open it: \(path)")
        case .draftLocked(let path, let holder):
            return pick("別の kotae（\(holder.host) のプロセス \(holder.pid)）が開いている下書きです：\(path)",
                        "Another kotae (process \(holder.pid) on \(holder.host)) has this draft open: \(path)")
        case .exportTarget(let path, let problem):
            return pick("書き出せません（\(japanese(problem))）：\(path)", "Cannot export (\(problem)): \(path)")
        case .draftNotFound(let name, let folder):
            return pick("\(folder) に「\(name)」という下書きはありません。", error.description)
        case .draftExists(let name):
            return pick("「\(name)」という下書きはすでにあります。", error.description)
        case .invalidDraftName(let name):
            return pick("「\(name)」は下書きの名前に使えません（'/'、'\\'、先頭の '.'、制御文字、121 文字以上は不可）。", error.description)
        case .questionnaireNotFound(let id, let version):
            return pick("この下書きが答える質問票 \(id)（版 \(version)）がありません。", error.description)
        case .unknownItem(let id, let questionnaire):
            return pick("質問票 \(questionnaire) に項目「\(id)」はありません。", error.description)
        case .unknownField(let item, let field, let known):
            return pick("項目 \(item) に欄「\(field)」はありません（欄：\(known.joined(separator: "、"))）。", error.description)
        case .badValue(let path, let reason):
            return pick("\(path) を設定できません：\(reason)。", error.description)
        case .incomplete(let draft, let shortfalls):
            return pick("下書き「\(draft)」は未完成です（直すところ \(shortfalls.count) 件）。", error.description)
        }
    }

    private func japanese(_ damage: DraftDamage) -> String {
        switch damage {
        case .empty: return "ファイルが空です"
        case .notADraft: return "Kotae の下書き（JSON）ではありません"
        case .journalLine(let line): return "記録ファイルの \(line) 行目が読めません"
        }
    }

    private func japanese(_ problem: ExportTargetProblem) -> String {
        switch problem {
        case .isFolder: return "同じ名前のフォルダがあります"
        case .isSymbolicLink: return "シンボリックリンクには書き出しません"
        case .notRegularFile: return "通常のファイルではありません"
        case .missingFolder(let folder): return "フォルダ \(folder) がありません"
        case .writeFailed(let reason): return japanese(reason)
        }
    }

    /// The system's reason for a failure (`FileSystem.errnoReason`, strerror's English whatever
    /// the locale), in Japanese for the failures a person is likely to meet.
    private func japanese(_ reason: String) -> String {
        Self.japaneseReasons[reason] ?? reason
    }

    private static let japaneseReasons: [String: String] = [
        FileSystem.errnoReason(ENOSPC): "ディスクの空きがありません",
        FileSystem.errnoReason(EDQUOT): "ディスクの使用量の上限を超えています",
        FileSystem.errnoReason(EFBIG): "ファイルの大きさの上限を超えています",
        FileSystem.errnoReason(EACCES): "書き込み・読み込みの権限がありません",
        FileSystem.errnoReason(EPERM): "この操作は許可されていません",
        FileSystem.errnoReason(EROFS): "読み取り専用のディスクです",
        FileSystem.errnoReason(EIO): "ディスクの読み書きに失敗しました",
        FileSystem.errnoReason(ENOENT): "ファイルまたはフォルダがありません",
        FileSystem.errnoReason(ENOTDIR): "フォルダではありません",
        FileSystem.errnoReason(EISDIR): "フォルダです",
    ]

    /// On opening a draft whose questionnaire changed: that it follows the new version, and where
    /// the answers that had no place in it are kept.
    func migrated(_ migration: DraftMigration) -> String {
        var text = pick("質問票が新しい版になったため、下書きを新しい版に合わせました。",
                        "The questionnaire changed; the draft follows the new version.")
        if !migration.orphaned.isEmpty {
            let ids = migration.orphaned.joined(separator: ", ")
            let backup = migration.backupPath ?? pick("バックアップ", "a backup")
            text += pick("新しい版にない回答（\(ids)）は \(backup) に残してあります。", " Kept aside in \(backup): \(ids).")
        }
        return text
    }
    /// On opening read-only: why, naming the other kotae, and how to take the draft over when it
    /// runs on this machine. Short enough for one line of an 80-column screen, so that it takes no
    /// rows from the panes while the person reads on.
    func openedReadOnly(heldBy writer: OtherWriter?) -> String {
        guard let writer else { return readOnlyRefusal(heldBy: nil) }
        if writer.onThisMachine {
            return pick("読み取り専用：kotae（プロセス \(writer.process)）が開いています。Ctrl-T で引き継げます。",
                        "Read-only: kotae process \(writer.process) has this draft open. Ctrl-T takes it over.")
        }
        return pick("読み取り専用：\(writer.host) の kotae（プロセス \(writer.process)、\(writer.since)〜）が開いています。",
                    "Read-only: kotae process \(writer.process) on \(writer.host) has it open (since \(writer.since)).")
    }
    var editorFailed: String { pick("エディタが異常終了したため、回答は変更していません。", "The editor failed, so the answer was left as it was.") }
    func editorNotFound(_ command: String) -> String {
        pick("エディタ「\(command)」が見つかりません（EDITOR で指定）。回答はそのままです。",
             "Editor \(command) not found (set EDITOR); the answer is unchanged.")
    }
    var notTextField: String { pick("外部エディタは文章の欄で使えます。", "The external editor works on text fields.") }

    var helpLines: [String] {
        language == .ja ? [
            "Tab / Shift-Tab       次 / 前の欄（項目をまたぐ）",
            "PgDn / PgUp, ^N / ^P  次 / 前の項目",
            "^G                    項目 ID を指定して移動",
            "Enter                 文章の欄では改行、選択肢では選択",
            "Space                 複数選択の切り替え",
            "^E                    文章を $VISUAL / $EDITOR で編集",
            "^R                    確認（未回答・不備の一覧）",
            "^X                    出力（JSON / Markdown / CSV）",
            "^Q                    終了（回答は常に保存済み。保存できないときは確認）",
            "^Z                    シェルに戻る（fg で再開）",
            "^L                    画面を描き直す",
            "^T                    読み取り専用のとき、開いている別の kotae から引き継ぐ",
            "F1                    このヘルプ",
            "",
            "←→↑↓ Home End         カーソル移動、^A 行頭、Ctrl-←→ 単語",
            "Backspace / Delete    削除、^U 元に戻す、^Y やり直し",
            "",
            "✓ 回答済み   ○ 未回答   ✗ 不備あり   - 対象外",
        ] : [
            "Tab / Shift-Tab       next / previous field (across items)",
            "PgDn / PgUp, ^N / ^P  next / previous item",
            "^G                    go to an item by id",
            "Enter                 newline in text; choose in a list",
            "Space                 toggle in a multiple choice",
            "^E                    edit the text in $VISUAL / $EDITOR",
            "^R                    review what is missing or invalid",
            "^X                    export (JSON / Markdown / CSV)",
            "^Q                    quit (all saved as you type; asks if saving fails)",
            "^Z                    suspend to the shell (fg resumes)",
            "^L                    redraw the screen",
            "^T                    take over a draft another kotae has open (read-only)",
            "F1                    this help",
            "",
            "←→↑↓ Home End         move; ^A line start; Ctrl-←→ by word",
            "Backspace / Delete    delete; ^U undo; ^Y redo",
            "",
            "✓ answered   ○ empty   ✗ invalid   - not applicable",
        ]
    }
}
