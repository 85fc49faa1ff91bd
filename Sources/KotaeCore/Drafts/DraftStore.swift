import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The drafts folder: `NAME.json` (the snapshot), `NAME.journal` (edits since the snapshot),
/// `NAME.lock` (who is writing), `NAME.backup-….json` (kept when a changed questionnaire left
/// answers without a home). Folder 0700, files 0600, whatever the umask.
public struct DraftStore: Sendable {
    public let home: KotaeHome

    public init(home: KotaeHome) {
        self.home = home
    }

    public var folder: String { home.drafts }

    public func snapshotPath(_ name: String) -> String { "\(folder)/\(name).json" }
    func journalPath(_ name: String) -> String { "\(folder)/\(name).journal" }
    func lockPath(_ name: String) -> String { "\(folder)/\(name).lock" }

    public static func validate(name: String) throws {
        let forbidden = name.contains { $0 == "/" || $0 == "\\" || $0.isNewline || $0.unicodeScalars.contains { $0.value < 0x20 } }
        if name.isEmpty || name.hasPrefix(".") || forbidden || name.count > 120 || name.contains(".backup-") {
            throw KotaeError.invalidDraftName(name)
        }
    }

    public func exists(_ name: String) -> Bool { FileSystem.exists(snapshotPath(name)) }

    /// Names of the drafts in the folder, sorted.
    public func names() -> [String] {
        FileSystem.fileNames(in: folder).filter { $0.hasSuffix(".json") && !$0.contains(".backup-") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// The draft as last persisted (snapshot plus journal), without taking the lock.
    public func read(_ name: String) throws -> Draft {
        try DraftStore.validate(name: name)
        let path = snapshotPath(name)
        guard FileSystem.exists(path) else { throw KotaeError.draftNotFound(name: name, folder: folder) }
        let journal = journalPath(name)
        return try Self.decode(snapshot: FileSystem.read(path), snapshotPath: path,
                               journal: FileSystem.exists(journal) ? FileSystem.read(journal) : nil, journalPath: journal)
    }

    /// A draft from the bytes of its snapshot and journal: the journal's entries newer than the
    /// snapshot applied in order. Damage in either is reported with the file's name.
    public static func decode(snapshot: Data, snapshotPath: String, journal: Data?, journalPath: String) throws -> Draft {
        var draft = try decodeSnapshot(snapshot, path: snapshotPath)
        guard let journal else { return draft }
        for entry in try DraftJournal.entries(in: journal, path: journalPath) where entry.sequence > draft.journalSequence {
            draft.apply(entry.edit, at: entry.time)
            draft.journalSequence = entry.sequence
            draft.savedAt = max(draft.savedAt, entry.time)
        }
        return draft
    }

    static func decodeSnapshot(_ data: Data, path: String) throws -> Draft {
        do {
            return try JSONDecoder().decode(Draft.self, from: data)
        } catch let newer as NewerDraftFormat {
            throw KotaeError.draftFromNewerKotae(path: path, formatVersion: newer.version)
        } catch {
            throw KotaeError.corruptDraft(path: path, damage: data.isEmpty ? .empty : .notADraft)
        }
    }

    /// The kotae that has draft `name` open now, if one has.
    public func holder(of name: String) -> LockHolder? {
        DraftLock.readHolder(lockPath(name)).flatMap { $0.isAlive ? $0 : nil }
    }

    /// Asks the kotae that holds draft `name`, process `pid` on this machine, to close, so that
    /// this one can write it (see `DraftLock.closeHolder`).
    public func closeHolder(of name: String, pid: Int32, patience: Double = 3) -> HolderClosing {
        DraftLock.closeHolder(path: lockPath(name), pid: pid, patience: patience)
    }

    /// Opens a draft for writing (or reading), creating it if `create` allows and it does not exist.
    /// When the draft's questionnaire changed, answers whose items still exist carry over and the
    /// rest are kept in a backup file, listed in `DraftSession.migration`.
    public func open(_ name: String, questionnaire: Questionnaire, command: String,
                     readOnly: Bool = false, create: Bool = true, patience: Double = 10) throws -> DraftSession {
        try open(name, answering: { _ in questionnaire }, command: command, readOnly: readOnly, create: create, patience: patience).session
    }

    /// `open(_:questionnaire:…)` with the questionnaire `choose` gives for the one the draft names
    /// (nil for a new draft): the draft is read once, under the lock. (Looking its questionnaire
    /// up first read it twice: 13 million instructions more to open a 100,000-character answer.)
    public func open(_ name: String, answering choose: (QuestionnaireReference?) throws -> Questionnaire, command: String,
                     readOnly: Bool = false, create: Bool = true,
                     patience: Double = 10) throws -> (questionnaire: Questionnaire, session: DraftSession) {
        try DraftStore.validate(name: name)
        try FileSystem.makeFolder(home.root)
        try FileSystem.makeFolder(folder)
        removeLeftoverTemporaryFiles()
        let lock = readOnly ? nil : try DraftLock.acquire(path: lockPath(name), draftPath: snapshotPath(name),
                                                          command: command, patience: patience)
        let now = Timestamp.now()
        if !exists(name) {
            guard create else { throw KotaeError.draftNotFound(name: name, folder: folder) }
            guard !readOnly else { throw KotaeError.draftNotFound(name: name, folder: folder) }
            let questionnaire = try choose(nil)
            let draft = Draft(name: name, questionnaire: questionnaire, at: now)
            unlink(journalPath(name))  // a journal left without its draft
            let session = try DraftSession(store: self, draft: draft, lock: lock, readOnly: false, migration: nil)
            try session.saveSnapshot(durable: false)  // durable at the session's first sync()
            return (questionnaire, session)
        }
        var draft = try read(name)
        let questionnaire = try choose(draft.questionnaire)
        var migration: DraftMigration?
        if draft.questionnaire.sha256 != questionnaire.sha256 || draft.questionnaire.id != questionnaire.id {
            let result = DraftMigration.migrate(draft, to: questionnaire)
            if !readOnly {
                let backup = "\(folder)/\(name).backup-\(now.iso8601.replacingOccurrences(of: ":", with: "")).json"
                try FileSystem.writeAtomically(try Self.encode(draft), to: backup)
                migration = DraftMigration(orphaned: result.orphaned, backupPath: backup)
            } else {
                migration = DraftMigration(orphaned: result.orphaned, backupPath: nil)
            }
            draft = result.draft
        }
        let session = try DraftSession(store: self, draft: draft, lock: lock, readOnly: readOnly, migration: migration)
        if migration != nil && !readOnly { try session.saveSnapshot() }
        return (questionnaire, session)
    }

    static func encode(_ draft: Draft) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(draft)
    }

    /// Temporary files of writers that died mid-save; the files they were replacing are intact.
    func removeLeftoverTemporaryFiles() {
        FileSystem.removeLeftoverTemporaryFiles(in: folder)
    }
}

/// What happened when a draft was opened against a changed questionnaire.
public struct DraftMigration: Sendable, Equatable {
    /// "item" or "item.field" paths whose answers had no place in the new definition.
    public var orphaned: [String]
    /// Where the draft as it was before is kept.
    public var backupPath: String?

    /// Keeps every answer whose item and field still exist; lists the rest.
    static func migrate(_ draft: Draft, to questionnaire: Questionnaire) -> (draft: Draft, orphaned: [String]) {
        var migrated = draft
        var orphaned: [String] = []
        for (itemID, answer) in draft.answers.items.sorted(by: { $0.key < $1.key }) {
            guard let item = questionnaire.item(itemID) else {
                if answer.fields.values.contains(where: { !$0.isEmpty }) { orphaned.append(itemID) }
                migrated.answers.items[itemID] = nil
                continue
            }
            for (field, value) in answer.fields.sorted(by: { $0.key < $1.key }) where item.field(field) == nil {
                if !value.isEmpty { orphaned.append(field.isEmpty ? itemID : "\(itemID).\(field)") }
                migrated.answers.items[itemID]?.fields[field] = nil
            }
        }
        migrated.questionnaire = QuestionnaireReference(questionnaire)
        return (migrated, orphaned)
    }
}
