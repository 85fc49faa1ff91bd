import KotaeCore
import KotaeText

/// Everything the UI shows, as one value. `update` changes it; `view` draws it.
public struct AppState: Sendable {
    public var rows: Int
    public var columns: Int
    public var language: Language
    public var widths: DisplayWidth
    public var mode: Mode
    public var launcher = LauncherState()
    public var filling: FillingState?
    /// News for the person: a warning, an error, a hint. Shown on the hint line, and when it is
    /// longer than that line, on up to three rows above it, taken from the panes while it lasts: a
    /// sentence that ends with the file it is about was cut at the file.
    public var message: Message? { didSet { fitMessage() } }
    /// How many rows the message takes above the hint line (0 for one that fits on it).
    public private(set) var messageRowsAbove = 0
    public var hasQuit = false

    static let longestMessage = 4

    public init(rows: Int, columns: Int, language: Language, widths: DisplayWidth = DisplayWidth(), mode: Mode = .launcher) {
        self.rows = rows
        self.columns = columns
        self.language = language
        self.widths = widths
        self.mode = mode
    }

    var strings: Strings { Strings(language: language) }

    /// Works out `messageRowsAbove`, after the message or the width changed.
    mutating func fitMessage() {
        let width = max(1, columns - 2)
        guard let message, widths.width(of: message.text) > width else {
            messageRowsAbove = 0
            return
        }
        let lines = ItemLayout.wrap(message.text, width: width, widths: widths).count
        messageRowsAbove = min(Self.longestMessage, lines) - 1
    }

    /// Readies the focused text field for the next key, once the frame is on screen (the run
    /// loop calls it after drawing, as it does the session's `prepareNextEdit`). Changes no value:
    /// it moves work that the first key typed at the end of a long answer did on its way to the
    /// screen (finding where its paragraph starts) to the moment after the last frame.
    public mutating func prepareNextEdit() {
        guard case .filling = mode, let path = filling?.focusedPath else { return }
        filling?.prepareNextEdit(at: path)
    }

    /// Below 80×24 only a notice is drawn, and keys other than quit (and suspend) do nothing: what
    /// was typed there could not be seen.
    public var isTooSmall: Bool { rows < 24 || columns < 80 }
}

public indirect enum Mode: Sendable {
    case launcher
    case naming(TextEditor)
    case choosingQuestionnaire(name: String, selection: Int)
    case filling
    case review(selection: Int)
    case export(ExportState)
    case goTo(TextEditor)
    case help(returnTo: Mode)
    case confirm(Confirmation)
}

extension Mode {
    var isFilling: Bool {
        if case .filling = self { return true }
        return false
    }

    /// The mode with its prompt's editor laid out at `widths`.
    func withEditors(widths: DisplayWidth) -> Mode {
        func rewrapped(_ editor: TextEditor) -> TextEditor {
            var editor = editor
            editor.resize(width: editor.layout.width, widths: widths)
            return editor
        }
        switch self {
        case .naming(let editor): return .naming(rewrapped(editor))
        case .goTo(let editor): return .goTo(rewrapped(editor))
        case .export(var export):
            export.folder = rewrapped(export.folder)
            return .export(export)
        case .help(let previous): return .help(returnTo: previous.withEditors(widths: widths))
        case .launcher, .choosingQuestionnaire, .filling, .review, .confirm: return self
        }
    }
}

public struct Message: Sendable, Equatable {
    public enum Kind: Sendable { case info, warning, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

// MARK: Launcher

public struct DraftSummary: Sendable, Equatable {
    public var name: String
    public var title: String
    public var answered: Int
    public var total: Int
    public var savedAt: String
    /// Why the draft cannot be opened, for a damaged one.
    public var problem: Failure?
    /// The kotae that has it open now, if one has (it then opens read-only, and Ctrl-T takes it over).
    public var heldBy: OtherWriter?

    public init(name: String, title: String, answered: Int, total: Int, savedAt: String, problem: Failure? = nil,
                heldBy: OtherWriter? = nil) {
        self.name = name
        self.title = title
        self.answered = answered
        self.total = total
        self.savedAt = savedAt
        self.problem = problem
        self.heldBy = heldBy
    }
}

public struct QuestionnaireSummary: Sendable, Equatable {
    public var title: String
    public var version: String

    public init(title: String, version: String) {
        self.title = title
        self.version = version
    }
}

public struct LauncherState: Sendable {
    public var drafts: [DraftSummary] = []
    public var questionnaires: [QuestionnaireSummary] = []
    /// 0 is "new draft"; 1… are the drafts.
    public var selection = 0
}

// MARK: Filling

/// One place an answer is typed or chosen.
public struct FieldPath: Sendable, Hashable {
    public enum Part: Sendable, Hashable { case value, other }
    public let item: String
    public let field: String
    public let part: Part
    /// Hashed once: the state keeps editors, counts and scroll positions by path, looked up a
    /// dozen times a keystroke, and hashing two strings each time showed in its profile. FNV-1a
    /// of the few bytes of the names, because paths are also made a dozen times a keystroke;
    /// the dictionaries still pass it through their seeded `Hasher`.
    private let hash: Int

    public init(item: String, field: String, part: Part = .value) {
        self.item = item
        self.field = field
        self.part = part
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in item.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        hash = (hash ^ 0xFF) &* 0x100_0000_01B3  // between the names: ("a", "bc") is not ("ab", "c")
        for byte in field.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        self.hash = Int(bitPattern: UInt(hash)) ^ (part == .other ? 1 : 0)
    }

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.hash == rhs.hash && lhs.item == rhs.item && lhs.field == rhs.field && lhs.part == rhs.part
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}

public enum SaveState: Sendable, Equatable {
    /// The local time of the last save, as the run loop formats it.
    case saved(String?)
    case failed(String)
}

/// The other kotae that has a draft open, when this one could only open it read-only.
public struct OtherWriter: Sendable, Equatable {
    public var process: Int32
    public var host: String
    /// Since when, in local time, as the run loop formats it.
    public var since: String
    /// Whether it runs on this machine, where it can be asked to close (Ctrl-T).
    public var onThisMachine: Bool

    public init(process: Int32, host: String, since: String, onThisMachine: Bool) {
        self.process = process
        self.host = host
        self.since = since
        self.onThisMachine = onThisMachine
    }
}

/// What was opened, handed over by the run loop.
public struct OpenedDraft: Sendable {
    public var questionnaire: Questionnaire
    public var name: String
    public var answers: Answers
    public var readOnly: Bool
    /// Local time of the last save, formatted by the run loop.
    public var savedAt: String?
    /// Where exports go unless the person says otherwise.
    public var exportFolder: String
    /// How the draft was carried over to a changed questionnaire on opening, if it was.
    public var migration: DraftMigration?
    /// Who has the draft open, when it was opened read-only for that reason.
    public var heldBy: OtherWriter?

    public init(questionnaire: Questionnaire, name: String, answers: Answers, readOnly: Bool,
                savedAt: String?, exportFolder: String, migration: DraftMigration? = nil, heldBy: OtherWriter? = nil) {
        self.questionnaire = questionnaire
        self.name = name
        self.answers = answers
        self.readOnly = readOnly
        self.savedAt = savedAt
        self.exportFolder = exportFolder
        self.migration = migration
        self.heldBy = heldBy
    }
}

public struct FillingState: Sendable {
    public var questionnaire: Questionnaire
    public var draftName: String
    /// Changed only through `apply` and `set`, which keep `statuses` in step. While a burst of
    /// typing goes on, its keys are held in `pendingEdits`: the editors have them, and so does
    /// the journal.
    public private(set) var answers: Answers {
        didSet { answersVersion = AnswersVersion() }
    }
    /// Made again whenever `answers` changes, and for nothing else (see `AnswersVersion`).
    private(set) var answersVersion = AnswersVersion()
    private var pendingEdits = PendingEdits()
    public var readOnly: Bool
    /// Who has the draft, when it is read-only for that reason.
    public var heldBy: OtherWriter?
    public var exportFolder: String
    /// Each of `items`' status, as the outline marks and the progress count show it: kept, not
    /// worked out for every frame (validating a long answer counts its characters). Typing in a
    /// text field leaves them as they were until typing pauses, as the character count does.
    public private(set) var statuses: [ItemStatus] = []
    /// Index into `questionnaire.answerableItems` (0 is the respondent block).
    public var itemIndex = 0
    /// Index into the current item's focus stops.
    public var focus = 0
    public var editors: [FieldPath: TextEditor] = [:]
    public var optionCursor: [FieldPath: Int] = [:]
    /// First visible row of each text box.
    public var scrollTop: [FieldPath: Int] = [:]
    public var saveState: SaveState
    /// The character count shown beside a field while it is being typed in: it catches up when
    /// typing pauses (`typingPaused`), so a burst of keys redraws only the characters typed.
    public var frozenCounts: [FieldPath: Int] = [:]
    /// The current item's question and help as wrapped for the screen, kept until the item or
    /// the width changes: the screen is drawn on every key, the question changes far less often.
    public var wrappedItem: WrappedItem?
    /// The outline's sections and items, in order; only their marks change as answers do.
    public let outline: [OutlineEntry]

    public init(_ opened: OpenedDraft) {
        questionnaire = opened.questionnaire
        draftName = opened.name
        answers = opened.answers
        readOnly = opened.readOnly
        heldBy = opened.heldBy
        exportFolder = opened.exportFolder
        saveState = .saved(opened.savedAt)
        outline = OutlineEntry.entries(of: opened.questionnaire)
        refreshStatuses()
    }

    /// Applies an answer change. A splice (typing) is held back with the ones typed after it
    /// (`pendingEdits`) and leaves `statuses` for the typing pause; any other change applies what
    /// is held first, then itself, and updates `statuses` at once.
    mutating func apply(_ edit: DraftEdit, bytes: SpliceBytes? = nil) {
        if case .splice = edit {
            pendingEdits.append(edit, bytes: bytes)
            return
        }
        applyPendingEdits()
        answers.apply(edit, at: nil, bytes: bytes)
        refreshStatuses()
    }

    /// Brings `answers` up to what was typed. `update` and `updateFilling` call it before every
    /// action but the keys of a burst of typing, the typing pause among them.
    public mutating func applyPendingEdits() {
        guard !pendingEdits.isEmpty else { return }
        // Taken out first: `answers` is observed, so lending it `inout` takes all of `self`.
        var held = pendingEdits
        pendingEdits = PendingEdits()
        held.apply(to: &answers)
    }

    public var hasPendingEdits: Bool { !pendingEdits.isEmpty }

    /// Whether the keys held back were typed into the field at `path` (its text, or the その他
    /// text of its options). A key for any other field applies them first (`updateFilling`).
    func holdsEdits(typedAt path: FieldPath) -> Bool {
        guard let typing = pendingEdits.typingField else { return false }
        return typing.item == path.item && typing.field == path.field
    }

    mutating func prepareNextEdit(at path: FieldPath) {
        // By index, in place: the key is hashed once, and the editor is not copied (this runs
        // after every frame).
        guard let index = editors.index(forKey: path) else { return }
        editors.values[index].prepareNextEdit()
    }

    mutating func set(item: String, field: String, to value: FieldValue) {
        applyPendingEdits()
        answers.set(item: item, field: field, to: value, at: nil)
        refreshStatuses()
    }

    mutating func refreshStatuses() {
        applyPendingEdits()
        statuses = items.map { questionnaire.status(of: $0, answers: answers) }
    }

    public var items: [Item] { questionnaire.answerableItems }
    public var item: Item { items[itemIndex] }

    /// Where a draft opened again picks up: the item whose answers changed last (by the times the
    /// draft keeps for each item, to the second; of items changed in the same second, the first)
    /// that still applies; the respondent block if none has changed.
    public var lastChangedItemIndex: Int {
        var last: (time: Timestamp, index: Int)?
        for (index, item) in items.enumerated() where statuses[index] != .notApplicable {
            guard let time = answers.items[item.id]?.updatedAt else { continue }
            if last.map({ time > $0.time }) ?? true { last = (time, index) }
        }
        return last?.index ?? 0
    }

    /// Where focus can rest in `item`: each field, plus the free text of a chosen その他.
    public func stops(of item: Item) -> [FieldPath] {
        var stops: [FieldPath] = []
        stops.reserveCapacity(item.fields.count + 1)
        forEachStop(of: item) { stops.append($0); return true }
        return stops
    }

    /// The stop at `focus` (the last one when focus is past the end). Asked several times per key,
    /// so it walks the fields instead of building `stops(of:)`.
    public var focusedPath: FieldPath? {
        var index = 0
        var focused: FieldPath?
        forEachStop(of: item) { path in
            focused = path
            index += 1
            return index <= focus
        }
        return focused
    }

    /// Calls `body` with each stop of `item` in order until it returns false.
    func forEachStop(of item: Item, _ body: (FieldPath) -> Bool) {
        for field in item.fields {
            guard body(FieldPath(item: item.id, field: field.name)) else { return }
            guard field.kind.isOptionList else { continue }
            let value = answers.value(item: item.id, field: field.name)
            if field.options.contains(where: { $0.takesText && value.selected.contains($0.id) }),
               !body(FieldPath(item: item.id, field: field.name, part: .other)) { return }
        }
    }

    public func field(at path: FieldPath) -> Field? { questionnaire.item(path.item)?.field(path.field) }

    /// Scrolls the focused text box so its cursor row is visible.
    /// `focused`, when given, is `focusedPath` as the caller has just found it (finding it walks
    /// the item's fields).
    mutating func keepCursorVisible(focused: FieldPath? = nil, geometry: Geometry, widths: DisplayWidth, strings: Strings) {
        guard let path = focused ?? focusedPath, let editor = editors[path] else { return }
        let row = editor.cursorLocation.row
        // A box is at least `minimumBoxHeight` rows high, so a cursor in those rows of an
        // unscrolled box stays in view whatever the height: no layout needed, which is the case
        // for most keys typed into most answers.
        let scrollTop = self.scrollTop[path]
        if (scrollTop ?? 0) == 0 && row < ItemLayout.minimumBoxHeight { return }
        guard let height = ItemLayout.boxHeight(of: path, in: self, geometry: geometry, widths: widths, strings: strings) else { return }
        var top = scrollTop ?? 0
        if row < top { top = row }
        if row >= top + height { top = row - height + 1 }
        top = max(0, min(top, max(0, editor.layout.rowCount - height)))
        if scrollTop != top { self.scrollTop[path] = top }
    }

    public func applies(_ item: Item) -> Bool { questionnaire.applies(item, answers: answers) }

    /// The character count shown beside the field at `path`: its editor's, or the one frozen
    /// while it is typed in; nil for a field without an editor.
    func shownCount(at path: FieldPath) -> Int? {
        frozenCounts[path] ?? editors[path]?.buffer.characterCount
    }
}

/// One version of a filling state's answers: a frame that laid the item out from them can tell
/// they are the same without comparing them (compared, a long answer was read to its end at every
/// typing pause). Whoever compares holds the version, so its identity cannot pass to a newer one
/// meanwhile.
final class AnswersVersion: Sendable, Equatable {
    static func == (lhs: AnswersVersion, rhs: AnswersVersion) -> Bool { lhs === rhs }
}

public struct WrappedItem: Sendable, Equatable {
    public var itemID: String
    public var width: Int
    public var widths: DisplayWidth
    /// The headings of the sections the item is in, "(1) … 1. …".
    public var section: String?
    public var question: [String]
    public var help: [String]
}

/// A line of the outline: a section heading, or an item with its short question.
public struct OutlineEntry: Sendable, Equatable {
    public var text: String
    /// Index into `answerableItems` for an item; nil for a heading.
    public var itemIndex: Int?

    static func entries(of questionnaire: Questionnaire) -> [OutlineEntry] {
        var entries: [OutlineEntry] = []
        func walk(_ section: Section, depth: Int) {
            entries.append(OutlineEntry(text: String(repeating: " ", count: depth) + section.heading, itemIndex: nil))
            for item in section.items {
                entries.append(OutlineEntry(text: item.id + " " + Questionnaire.head(ofLine: item.headline, length: 40),
                                            itemIndex: questionnaire.position(of: item.id)))
            }
            section.sections.forEach { walk($0, depth: depth + 1) }
        }
        questionnaire.sections.forEach { walk($0, depth: 0) }
        return entries
    }
}

public struct ExportState: Sendable {
    public enum Choice: Int, Sendable, CaseIterable { case json, markdown, csv, all }
    public enum Outcome: Sendable, Equatable {
        case written([String])
        case failed(String)
    }

    public var selection: Choice = .all
    public var folder: TextEditor
    public var editingFolder = false
    public var outcome: Outcome?

    public init(folder: String, width: Int, widths: DisplayWidth) {
        self.folder = TextEditor(text: folder, width: max(1, width), widths: widths, kinsoku: false)
        self.folder.perform(.textEnd)
    }

    public var formats: [ExportFormat] {
        switch selection {
        case .json: return [.json]
        case .markdown: return [.markdown]
        case .csv: return [.csv]
        case .all: return [.json, .markdown, .csv]
        }
    }
}

/// A question the person answers before Kotae goes on (Enter or y: yes; Esc or n: no).
public enum Confirmation: Sendable {
    /// An answer that takes answered items out of the submission (their answers are kept).
    case hiding(DraftEdit, hidden: [String])
    /// Quitting while the latest changes are not on disk: they would be lost.
    case quittingUnsaved(reason: String)
    /// Closing the other kotae that has the draft, to write it here.
    case takingOver(OtherWriter)
}
