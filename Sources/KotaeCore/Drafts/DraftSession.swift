import Foundation

/// A draft open for editing: every edit is appended to the journal before `record` returns,
/// so a process killed at any moment loses nothing that was shown. The journal is folded into
/// a fresh snapshot now and then (`saveSnapshot`), which keeps loading fast.
public final class DraftSession {
    /// The draft with every recorded edit applied.
    public var draft: Draft {
        applyPendingEdits()
        return current
    }
    private var current: Draft
    /// Edits in the journal but not yet applied to `current`, a burst of typing merged into one
    /// splice: applied when the draft is read. The journal line is what makes an edit safe;
    /// applying each key to this copy too cost a tenth of recording on the way to the screen, and
    /// moved the rest of a long answer once per key typed before its end.
    private var pendingEdits = PendingEdits()
    public let readOnly: Bool
    public let migration: DraftMigration?
    private let store: DraftStore
    private let lock: DraftLock?
    private var journal: JournalWriter?
    private var entriesSinceSnapshot = 0
    private var clock = Timestamp.Clock()
    private var snapshotNeedsSync = false
    /// Set when a write failed: the next save writes everything, not just the next edit.
    public private(set) var lastSaveError: KotaeError?

    /// Journal entries after which the UI should fold the journal into a snapshot.
    public static let foldThreshold = 2_000

    init(store: DraftStore, draft: Draft, lock: DraftLock?, readOnly: Bool, migration: DraftMigration?) throws {
        self.store = store
        self.current = draft
        self.lock = lock
        self.readOnly = readOnly
        self.migration = migration
        if !readOnly {
            journal = try JournalWriter(path: store.journalPath(draft.name))
        }
    }

    public var path: String { store.snapshotPath(current.name) }
    public var needsSnapshot: Bool { lastSaveError != nil || entriesSinceSnapshot >= Self.foldThreshold }
    /// The snapshot on disk holds everything: no journal entries to fold, no failed save to redo.
    /// Folding then would rewrite the whole draft (a megabyte, encoded in memory first) for nothing.
    public var isFolded: Bool { lastSaveError == nil && (journal?.isEmpty ?? true) }

    /// Applies `edit` and persists it. The edit stays in memory even if the disk refuses it; the
    /// error says so, and the next successful save writes it.
    public func record(_ edit: DraftEdit, at time: Timestamp? = nil, bytes: SpliceBytes? = nil) throws {
        let time = time ?? clock.now()
        pendingEdits.append(edit, bytes: bytes, at: time)
        guard let journal, !readOnly else { return }
        if lastSaveError != nil {
            try saveSnapshot()
            return
        }
        current.journalSequence += 1
        do {
            try journal.append(DraftJournal.Entry(sequence: current.journalSequence, time: time, edit: edit))
            current.savedAt = time
            entriesSinceSnapshot += 1
        } catch let error as KotaeError {
            lastSaveError = error
            throw error
        }
    }

    /// Writes the whole draft atomically and empties the journal.
    /// With `durable` false the fsyncs wait for the next `sync()`: a new draft's first screen
    /// should not wait for the disk.
    public func saveSnapshot(at time: Timestamp? = nil, durable: Bool = true) throws {
        guard !readOnly else { return }
        let time = time ?? clock.now()
        var snapshot = draft  // with the pending edits applied
        snapshot.savedAt = time
        do {
            try FileSystem.writeAtomically(DraftStore.encode(snapshot), to: path, durable: durable)
            snapshotNeedsSync = !durable
        } catch let error as KotaeError {
            lastSaveError = error
            throw error
        }
        current.savedAt = time
        journal?.reset()
        entriesSinceSnapshot = 0
        lastSaveError = nil
    }

    /// Makes journaled edits (and a snapshot saved with `durable: false`) durable against a power
    /// cut; a kill never loses them anyway.
    public func sync() {
        if snapshotNeedsSync {
            FileSystem.syncFile(path)
            snapshotNeedsSync = false
        }
        journal?.sync()
    }

    /// Readies the journal for the next edit. For when nobody waits: after a keystroke is shown.
    public func prepareNextEdit() {
        journal?.prepareNextAppend()
    }

    private func applyPendingEdits() {
        guard !pendingEdits.isEmpty else { return }
        for entry in pendingEdits.take() { current.apply(entry.edit, at: entry.time ?? clock.now(), bytes: entry.bytes) }
    }

    /// Saves a final snapshot, if anything changed since the last one, and lets go of the lock.
    /// A draft only looked at is left as it was: rewriting it would move its "saved" time (which
    /// the launcher shows) to a moment when nothing was saved.
    public func close() throws {
        defer {
            journal?.finish()
            lock?.release()
        }
        guard !readOnly else { return }
        if isFolded { sync() } else { try saveSnapshot() }
    }
}
