import Foundation
import Testing
@testable import KotaeCore

private func mode(_ path: String) -> mode_t {
    var info = stat()
    stat(path, &info)
    return info.st_mode & 0o777
}

/// Half a journal line at the end of the file, as a crash or a power cut mid-append leaves it.
private func appendTornLine(to path: String) throws {
    let journal = try #require(FileHandle(forWritingAtPath: path))
    journal.seekToEndOfFile()
    journal.write(Data("{\"n\":9,\"t\":\"2026-".utf8))
    try journal.close()
}

/// A pid that certainly belongs to no running process: one that has just exited.
private func deadPID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

/// A child process running `path` with `arguments`.
private func spawn(_ path: String, _ arguments: String...) throws -> pid_t {
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    // The test runner's threads block signals, and a child would inherit that: it has its own.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t(), hangUp = sigset_t()
    sigemptyset(&none)
    sigemptyset(&hangUp)
    sigaddset(&hangUp, SIGHUP)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &hangUp)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let result = posix_spawn(&pid, path, nil, &attributes, argv, environ)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
    return pid
}

/// Ends child `pid` (with `signal`, if given) and says which signal ended it, 0 if none.
@discardableResult
private func reap(_ pid: pid_t, signal: Int32? = nil) -> Int32 {
    if let signal { kill(pid, signal) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status & 0x7F
}

@Suite(.serialized) struct DraftStoreTests {
    private func withStore(_ body: (DraftStore, Questionnaire) throws -> Void) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try body(DraftStore(home: KotaeHome(root: folder.path + "/home")), try bundledQuestionnaire())
    }

    @Test func aTypedFolderStartingWithATildeIsInTheHomeFolder() {
        let environment: Environment = ["HOME": "/home/hanako"]
        #expect(KotaeHome.expandingHome("~/提出", environment: environment) == "/home/hanako/提出")
        #expect(KotaeHome.expandingHome("~", environment: environment) == "/home/hanako")
        #expect(KotaeHome.expandingHome("/srv/提出", environment: environment) == "/srv/提出")
        #expect(KotaeHome.expandingHome("提出/~", environment: environment) == "提出/~")
        #expect(KotaeHome.expandingHome("~taro/x", environment: environment) == "~taro/x")
    }

    @Test func homeFollowsTheEnvironment() {
        #expect(KotaeHome(environment: ["KOTAE_HOME": "/k", "XDG_DATA_HOME": "/x", "HOME": "/h"]).drafts == "/k/drafts")
        #expect(KotaeHome(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]).drafts == "/x/kotae/drafts")
        #expect(KotaeHome(environment: ["HOME": "/h"]).drafts == "/h/.local/share/kotae/drafts")
        // Without HOME (cron, a service), the account's home, never the file system's root.
        let accountHome = String(cString: getpwuid(getuid())!.pointee.pw_dir!)
        #expect(KotaeHome(environment: [:]).drafts == accountHome + "/.local/share/kotae/drafts")
        #expect(KotaeHome(environment: ["HOME": ""]).drafts == accountHome + "/.local/share/kotae/drafts")
    }

    @Test func filesArePrivateWhateverTheUmask() throws {
        try withStore { store, questionnaire in
            let previous = umask(0)
            defer { umask(previous) }
            let session = try store.open("private", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "機密")))
            #expect(mode(store.folder) == 0o700)
            #expect(mode(store.snapshotPath("private")) == 0o600)
            #expect(mode(store.journalPath("private")) == 0o600)
            #expect(mode(store.lockPath("private")) == 0o600)
            try session.close()
            #expect(mode(store.snapshotPath("private")) == 0o600)
        }
    }

    @Test func everyEditIsOnDiskBeforeRecordReturns() throws {
        try withStore { store, questionnaire in
            let session = try store.open("typing", questionnaire: questionnaire, command: "test")
            var expected = ""
            for (offset, character) in "委託先の監督について、年1回の立入り調査を行う。".enumerated() {
                try session.record(.splice(item: "1-1", field: "", from: offset, remove: 0, insert: String(character)))
                expected.append(character)
                // Read as a fresh process would after kill -9: no close, no snapshot.
                #expect(try store.read("typing").answers.value(item: "1-1", field: "").text == expected)
            }
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 3, insert: "再委託先"))
            #expect(try store.read("typing").answers.value(item: "1-1", field: "").text.hasPrefix("再委託先の監督"))
        }
    }

    /// The session's own copy takes edits when the draft is read; whoever reads the draft or
    /// saves it sees every edit recorded, in order, as the journal has them.
    @Test func editsRecordedBetweenPausesAreAllInTheDraftAndItsSnapshot() throws {
        try withStore { store, questionnaire in
            let session = try store.open("burst", questionnaire: questionnaire, command: "test")
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 0, insert: "年一回"), bytes: SpliceBytes(from: 0, removed: 0))
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 1, insert: "毎"), bytes: SpliceBytes(from: 0, removed: 3))
            try session.record(.splice(item: "2-12", field: "", from: 0, remove: 0, insert: "3"))
            #expect(session.draft.answers.value(item: "1-1", field: "").text == "毎一回")
            try session.record(.splice(item: "1-1", field: "", from: 3, remove: 0, insert: "、監査"), bytes: SpliceBytes(from: 9, removed: 0))
            try session.saveSnapshot()
            let saved = try store.read("burst")
            #expect(saved.answers.value(item: "1-1", field: "").text == "毎一回、監査")
            #expect(saved.answers.value(item: "2-12", field: "").text == "3")
            session.prepareNextEdit()
            #expect(session.draft.answers == saved.answers)
            try session.close()
        }
    }

    /// A burst typed at the start of a long answer, a Backspace among its keys, is held by the
    /// session's copy as one splice (`PendingEdits`), and reaches the draft as the journal has it.
    @Test func aBurstTypedBeforeTheEndOfALongAnswerIsInTheDraftAsJournaled() throws {
        try withStore { store, questionnaire in
            let session = try store.open("start", questionnaire: questionnaire, command: "test")
            let long = String(repeating: "委託先の監督。\n", count: 500)
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: long)))
            #expect(session.draft.answers.value(item: "1-1", field: "").text == long)
            // 毎, 年, Backspace, 月, 、 (three bytes each), where the editor places them.
            for (from, remove, insert) in [(0, 0, "毎"), (1, 0, "年"), (1, 1, ""), (1, 0, "月"), (2, 0, "、")] {
                try session.record(.splice(item: "1-1", field: "", from: from, remove: remove, insert: insert),
                                   bytes: SpliceBytes(from: from * 3, removed: remove * 3))
                session.prepareNextEdit()
            }
            #expect(session.draft.answers.value(item: "1-1", field: "").text == "毎月、" + long)
            #expect(try store.read("start").answers.value(item: "1-1", field: "").text == "毎月、" + long, "the journal, replayed")
            try session.close()
            #expect(try store.read("start").answers.value(item: "1-1", field: "").text == "毎月、" + long, "the snapshot")
        }
    }

    /// Opened and closed with no change, a draft is not written again: the launcher's "saved"
    /// time still says when the work was done. (Each save writes a new file in its place.)
    @Test func aDraftOnlyLookedAtIsLeftAsItWas() throws {
        try withStore { store, questionnaire in
            func fileNumber() -> ino_t {
                var info = stat()
                stat(store.snapshotPath("looked"), &info)
                return info.st_ino
            }
            let session = try store.open("looked", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "年一回の監査")))
            try session.close()
            let saved = (file: fileNumber(), draft: try store.read("looked"))

            let looking = try store.open("looked", questionnaire: questionnaire, command: "test")
            #expect(looking.draft.answers.value(item: "1-1", field: "").text == "年一回の監査")
            try looking.close()
            #expect(fileNumber() == saved.file)
            #expect(try store.read("looked") == saved.draft)

            let editing = try store.open("looked", questionnaire: questionnaire, command: "test")
            try editing.record(.splice(item: "1-1", field: "", from: 6, remove: 0, insert: "を行う"))
            try editing.close()
            #expect(fileNumber() != saved.file)
            #expect(try store.read("looked").answers.value(item: "1-1", field: "").text == "年一回の監査を行う")
            #expect(FileManager.default.contents(atPath: store.journalPath("looked"))?.isEmpty == true, "folded into the draft")
        }
    }

    @Test func aJournalEntryCutShortByACrashIsIgnored() throws {
        try withStore { store, questionnaire in
            let session = try store.open("torn", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "保存済み")))
            try appendTornLine(to: store.journalPath("torn"))
            #expect(try store.read("torn").answers.value(item: "1-1", field: "").text == "保存済み")
        }
    }

    /// A power cut can leave half a line at the journal's end; the next kotae goes on from the
    /// last whole line instead of writing after the torn one (which would read as damage).
    @Test func editsAfterATornJournalLineAreKept() throws {
        try withStore { store, questionnaire in
            let session = try store.open("torn-then-more", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "保存済み")))
            try appendTornLine(to: store.journalPath("torn-then-more"))
            // The next kotae's writer, as DraftStore.open makes it after the crash.
            let writer = try JournalWriter(path: store.journalPath("torn-then-more"))
            try writer.append(DraftJournal.Entry(sequence: 2, time: Timestamp(iso8601: "2026-11-27T09:30:00Z"),
                                                 edit: .splice(item: "1-1", field: "", from: 4, remove: 0, insert: "追記")))
            #expect(try store.read("torn-then-more").answers.value(item: "1-1", field: "").text == "保存済み追記")
        }
    }

    /// The journal is a mapped file: a kill can stop the copy of an entry anywhere, leaving
    /// part of it, even its newline, among the zeros past the last entry. That entry was never
    /// shown; every one before it is kept, and the next kotae goes on after them.
    @Test func anEntryAKillStoppedMidCopyIsIgnored() throws {
        try withStore { store, questionnaire in
            let session = try store.open("mid-copy", questionnaire: questionnaire, command: "test")
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 0, insert: "保存済み"))
            let path = store.journalPath("mid-copy")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let end = try #require(bytes.lastIndex(of: 0x0A)) + 1
            var cut = Array(DraftJournal.encode(DraftJournal.Entry(
                sequence: 2, time: Timestamp(iso8601: "2026-11-27T09:30:00Z"),
                edit: .splice(item: "1-1", field: "", from: 4, remove: 0, insert: "未表示"))))
            cut.replaceSubrange(10..<30, with: repeatElement(0, count: 20))
            bytes.replaceSubrange(end..<end + cut.count, with: cut)
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(try store.read("mid-copy").answers.value(item: "1-1", field: "").text == "保存済み")

            let writer = try JournalWriter(path: path)
            try writer.append(DraftJournal.Entry(sequence: 2, time: Timestamp(iso8601: "2026-11-27T09:31:00Z"),
                                                 edit: .splice(item: "1-1", field: "", from: 4, remove: 0, insert: "追記")))
            #expect(try store.read("mid-copy").answers.value(item: "1-1", field: "").text == "保存済み追記")
        }
    }

    /// A paste larger than the room the journal allocated ahead, then typing after it: each is
    /// on disk before `record` returns, and the closed journal keeps no room it does not use.
    @Test func aJournalGrowsPastItsFirstAllocation() throws {
        try withStore { store, questionnaire in
            let session = try store.open("large", questionnaire: questionnaire, command: "test")
            let paste = String(repeating: "委託先の監督。\n", count: 40_000)  // 960 KB as UTF-8
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 0, insert: paste))
            #expect(try store.read("large").answers.value(item: "1-1", field: "").text == paste)
            var expected = paste
            for character in "以上" {
                session.prepareNextEdit()
                try session.record(.splice(item: "1-1", field: "", from: expected.count, remove: 0, insert: String(character)))
                expected.append(character)
                #expect(try store.read("large").answers.value(item: "1-1", field: "").text == expected)
            }
            try session.saveSnapshot()
            try session.record(.splice(item: "1-1", field: "", from: expected.count, remove: 0, insert: "。"))
            #expect(try store.read("large").answers.value(item: "1-1", field: "").text == expected + "。")
            try session.close()
            let journal = try FileManager.default.attributesOfItem(atPath: store.journalPath("large"))
            #expect(journal[.size] as? Int == 0)
            #expect(try store.read("large").answers.value(item: "1-1", field: "").text == expected + "。")
        }
    }

    /// Leaving an item folds the journal into the snapshot; with nothing to fold, the whole draft
    /// (a megabyte for a long one) is not encoded and written again.
    @Test func onlyAJournalWithEntriesIsFolded() throws {
        try withStore { store, questionnaire in
            let session = try store.open("fold", questionnaire: questionnaire, command: "test")
            #expect(session.isFolded, "a new draft is all in its snapshot")
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 0, insert: "あ"))
            #expect(!session.isFolded)
            try session.saveSnapshot()
            #expect(session.isFolded)
            try session.record(.splice(item: "1-1", field: "", from: 1, remove: 0, insert: "い"))
            let journal = try Data(contentsOf: URL(fileURLWithPath: store.journalPath("fold")))
            try session.close()
            // What a kotae killed before folding leaves: the next one has entries to fold.
            try journal.write(to: URL(fileURLWithPath: store.journalPath("fold")))
            let reopened = try store.open("fold", questionnaire: questionnaire, command: "test")
            #expect(!reopened.isFolded)
            try reopened.saveSnapshot()
            #expect(reopened.isFolded)
            #expect(try store.read("fold").answers.value(item: "1-1", field: "").text == "あい")
            try reopened.close()
        }
    }

    @Test func aSnapshotWrittenBeforeTheJournalWasEmptiedReplaysNothingTwice() throws {
        try withStore { store, questionnaire in
            let session = try store.open("twice", questionnaire: questionnaire, command: "test")
            try session.record(.splice(item: "1-1", field: "", from: 0, remove: 0, insert: "あ"))
            let journalBefore = try Data(contentsOf: URL(fileURLWithPath: store.journalPath("twice")))
            try session.saveSnapshot()
            // As if killed after the rename but before the journal was emptied.
            try journalBefore.write(to: URL(fileURLWithPath: store.journalPath("twice")))
            #expect(try store.read("twice").answers.value(item: "1-1", field: "").text == "あ")
        }
    }

    @Test func aWriteInterruptedBeforeTheRenameLeavesTheOldDraftReadable() throws {
        try withStore { store, questionnaire in
            let session = try store.open("interrupted", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "前の版")))
            try session.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: store.snapshotPath("interrupted")))
            // A writer that died between writing its temporary file and renaming it.
            let leftover = "\(store.folder)/\(FileSystem.temporaryMarker)\(try deadPID())-interrupted.json"
            try Data("{\"format\":\"kotae-dr".utf8).write(to: URL(fileURLWithPath: leftover))

            #expect(try store.read("interrupted").answers.value(item: "1-1", field: "").text == "前の版")
            #expect(try Data(contentsOf: URL(fileURLWithPath: store.snapshotPath("interrupted"))) == before)
            let reopened = try store.open("interrupted", questionnaire: questionnaire, command: "test")
            #expect(!FileManager.default.fileExists(atPath: leftover), "the leftover is cleaned up at the next start")
            try reopened.close()
        }
    }

    @Test func aFailedSaveKeepsTheLastGoodDraftAndTheEditInMemory() throws {
        try withStore { store, questionnaire in
            let session = try store.open("full", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "良い版")))
            try session.saveSnapshot()
            let good = try Data(contentsOf: URL(fileURLWithPath: store.snapshotPath("full")))
            // The draft's path becomes a folder: every snapshot write now fails at the rename.
            let aside = store.snapshotPath("full") + ".aside"
            try FileManager.default.moveItem(atPath: store.snapshotPath("full"), toPath: aside)
            try FileManager.default.createDirectory(atPath: store.snapshotPath("full") + "/blocker", withIntermediateDirectories: true)
            #expect(throws: KotaeError.self) { try session.saveSnapshot() }
            #expect(throws: KotaeError.self) {
                try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "新しい版")))
            }
            #expect(session.draft.answers.value(item: "1-1", field: "").text == "新しい版")
            try FileManager.default.removeItem(atPath: store.snapshotPath("full"))
            try FileManager.default.moveItem(atPath: aside, toPath: store.snapshotPath("full"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: store.snapshotPath("full"))) == good)
            // The fault clears: the next edit saves everything.
            try session.record(.set(item: "1-2", field: "details", value: FieldValue(text: "補足")))
            #expect(session.lastSaveError == nil)
            #expect(try store.read("full").answers.value(item: "1-1", field: "").text == "新しい版")
            try session.close()
        }
    }

    @Test func aCorruptDraftIsReportedByNameAndLeftByteForByte() throws {
        try withStore { store, questionnaire in
            try FileSystem.makeFolder(store.home.root)
            try FileSystem.makeFolder(store.folder)
            let path = store.snapshotPath("broken")
            let garbage = Data("{\"format\": \"kotae-draft\", \"answers\": [1, 2".utf8)
            try garbage.write(to: URL(fileURLWithPath: path))
            #expect(throws: KotaeError.corruptDraft(path: path, damage: .notADraft)) {
                _ = try store.open("broken", questionnaire: questionnaire, command: "test")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
            #expect(!FileManager.default.fileExists(atPath: store.lockPath("broken")), "the lock is let go")
        }
    }

    @Test func aDraftFromANewerKotaeIsRefusedNotMisread() throws {
        try withStore { store, questionnaire in
            try FileSystem.makeFolder(store.home.root)
            try FileSystem.makeFolder(store.folder)
            let path = store.snapshotPath("future")
            try Data("{\"format\": \"kotae-draft\", \"formatVersion\": 7}".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: KotaeError.draftFromNewerKotae(path: path, formatVersion: 7)) { _ = try store.read("future") }
        }
    }

    @Test func aSecondWriterIsToldWhoHoldsTheDraft() throws {
        try withStore { store, questionnaire in
            let first = try store.open("shared", questionnaire: questionnaire, command: "fill")
            do {
                _ = try store.open("shared", questionnaire: questionnaire, command: "fill", patience: 0)
                Issue.record("a second writer was let in")
            } catch let error as KotaeError {
                guard case .draftLocked(_, let holder) = error else { throw error }
                #expect(holder.pid == getpid() && holder.command == "fill")
                #expect(error.description.contains("kotae fill, process \(getpid())"))
            }
            let reader = try store.open("shared", questionnaire: questionnaire, command: "fill", readOnly: true)
            #expect(reader.readOnly)
            try first.close()
            let second = try store.open("shared", questionnaire: questionnaire, command: "fill", patience: 0)
            try second.close()
        }
    }

    @Test func aStaleLockFromADeadProcessIsTakenOver() throws {
        try withStore { store, questionnaire in
            try store.open("stale", questionnaire: questionnaire, command: "fill").close()
            let holder = LockHolder(pid: try deadPID(), host: LockHolder.hostName, since: fixedTime, command: "fill")
            try JSONEncoder().encode(holder).write(to: URL(fileURLWithPath: store.lockPath("stale")))
            let session = try store.open("stale", questionnaire: questionnaire, command: "fill", patience: 0)
            #expect(DraftLock.readHolder(store.lockPath("stale"))?.pid == getpid())
            try session.close()
        }
    }

    /// kill -9 leaves a zombie until the parent reaps it; its lock must be taken over too.
    @Test func aLockHeldByAnUnreapedKilledProcessIsTakenOver() throws {
        try withStore { store, questionnaire in
            try store.open("zombie", questionnaire: questionnaire, command: "fill").close()
            var pid: pid_t = 0
            let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            defer { arguments.forEach { free($0) } }
            #expect(posix_spawn(&pid, "/bin/true", nil, nil, arguments, nil) == 0)
            var waited = 0
            while !LockHolder.isZombie(pid) && waited < 200 {
                usleep(10_000)
                waited += 1
            }
            #expect(LockHolder.isZombie(pid), "the child has exited and is not reaped")
            let holder = LockHolder(pid: pid, host: LockHolder.hostName, since: fixedTime, command: "fill")
            try JSONEncoder().encode(holder).write(to: URL(fileURLWithPath: store.lockPath("zombie")))
            let session = try store.open("zombie", questionnaire: questionnaire, command: "fill", patience: 0)
            #expect(DraftLock.readHolder(store.lockPath("zombie"))?.pid == getpid())
            try session.close()
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// After a power cut, or a long while, another program may run under the pid a lock names.
    /// The lock says which start of the machine and which moment in it its holder began: the lock
    /// is taken over, and the program is left alone.
    @Test(arguments: [false, true])
    func aLockWhosePidIsNowAnotherProgramsIsTakenOver(afterARestart: Bool) throws {
        try withStore { store, questionnaire in
            try store.open("reused", questionnaire: questionnaire, command: "fill").close()
            let other = try spawn("/bin/sleep", "30")
            defer { reap(other, signal: SIGKILL) }
            let started = try #require(LockHolder.startTicks(of: other))
            let holder = afterARestart
                ? LockHolder(pid: other, host: LockHolder.hostName, since: fixedTime, command: "fill", boot: "an earlier start", started: started)
                : LockHolder(pid: other, host: LockHolder.hostName, since: fixedTime, command: "fill", boot: LockHolder.bootID, started: started - 1)
            try JSONEncoder().encode(holder).write(to: URL(fileURLWithPath: store.lockPath("reused")))
            #expect(store.closeHolder(of: "reused", pid: other) == .closed)
            #expect(kill(other, 0) == 0 && !LockHolder.isZombie(other), "the program was not signalled")
            let session = try store.open("reused", questionnaire: questionnaire, command: "fill", patience: 0)
            #expect(!session.readOnly)
            try session.close()
        }
    }

    /// The lock a kotae takes names it exactly, so another kotae sees it alive; so does an older
    /// kotae's lock, which names only the pid.
    @Test func aLockNamesItsHolderExactly() throws {
        let me = LockHolder.me(command: "fill")
        #expect(me.boot != nil && me.started != nil)
        #expect(me.isAlive)
        #expect(LockHolder(pid: getpid(), host: LockHolder.hostName, since: fixedTime, command: "fill").isAlive)
    }

    /// Ctrl-T: the kotae holding the draft on this machine is asked to close as a dropped
    /// connection would ask it (SIGHUP), and the draft is then free to open for writing.
    @Test func theHolderIsAskedToCloseWithAHangUp() throws {
        try withStore { store, questionnaire in
            try store.open("held", questionnaire: questionnaire, command: "fill").close()
            let holder = try spawn("/bin/sleep", "30")
            try JSONEncoder().encode(LockHolder(pid: holder, host: LockHolder.hostName, since: .now(), command: "fill"))
                .write(to: URL(fileURLWithPath: store.lockPath("held")))
            #expect(store.closeHolder(of: "held", pid: holder) == .closed)
            #expect(reap(holder) == SIGHUP, "asked with SIGHUP, which the sleeping stand-in does not survive")
            try store.open("held", questionnaire: questionnaire, command: "fill", patience: 0).close()
        }
    }

    /// A holder that does not let go (blocked writing to a terminal nobody reads; here one that
    /// ignores SIGHUP) is killed: every edit it showed is in the journal already.
    @Test func aHolderThatDoesNotLetGoIsKilled() throws {
        try withStore { store, questionnaire in
            try store.open("stuck", questionnaire: questionnaire, command: "fill").close()
            let holder = try spawn("/bin/sh", "-c", "trap '' HUP; exec sleep 30")
            // Until the shell has run `trap` and become `sleep`, a SIGHUP would still end it.
            var waited = 0
            while (try? String(contentsOfFile: "/proc/\(holder)/comm", encoding: .utf8)) != "sleep\n" && waited < 500 {
                usleep(10_000)
                waited += 1
            }
            try JSONEncoder().encode(LockHolder(pid: holder, host: LockHolder.hostName, since: .now(), command: "fill"))
                .write(to: URL(fileURLWithPath: store.lockPath("stuck")))
            #expect(store.closeHolder(of: "stuck", pid: holder, patience: 0.3) == .closed)
            #expect(reap(holder) == SIGKILL)
        }
    }

    /// Only the holder asked about, on this machine, is asked: a lock that changed hands, or one
    /// from another machine, is reported and nothing is signalled.
    @Test func anotherHolderThanTheOneAskedAboutIsLeftAlone() throws {
        try withStore { store, questionnaire in
            try store.open("moved-on", questionnaire: questionnaire, command: "fill").close()
            let holder = try spawn("/bin/sleep", "30")
            defer { reap(holder, signal: SIGKILL) }
            let lock = LockHolder(pid: holder, host: LockHolder.hostName, since: .now(), command: "fill")
            try JSONEncoder().encode(lock).write(to: URL(fileURLWithPath: store.lockPath("moved-on")))
            #expect(store.closeHolder(of: "moved-on", pid: holder + 1) == .heldBy(lock))
            let elsewhere = LockHolder(pid: holder, host: "another-" + LockHolder.hostName, since: .now(), command: "fill")
            try JSONEncoder().encode(elsewhere).write(to: URL(fileURLWithPath: store.lockPath("moved-on")))
            #expect(store.closeHolder(of: "moved-on", pid: holder) == .heldBy(elsewhere))
            #expect(kill(holder, 0) == 0 && !LockHolder.isZombie(holder), "nothing was signalled")
        }
    }

    @Test func aChangedQuestionnaireCarriesAnswersOverAndKeepsTheRest() throws {
        try withStore { store, questionnaire in
            let session = try store.open("moved", questionnaire: questionnaire, command: "test")
            try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "残る回答")))
            try session.record(.set(item: "3-4", field: "explanation", value: FieldValue(text: "行き場のない回答")))
            try session.close()

            var sections = questionnaire.sections
            sections[2].sections.removeLast()  // 3-4 is gone
            let changed = Questionnaire(id: questionnaire.id, version: "2025.1", title: questionnaire.title, sha256: "changed",
                                        respondent: questionnaire.respondent, sections: sections)
            let reopened = try store.open("moved", questionnaire: changed, command: "test")
            let migration = try #require(reopened.migration)
            #expect(migration.orphaned == ["3-4"])
            #expect(reopened.draft.answers.value(item: "1-1", field: "").text == "残る回答")
            #expect(reopened.draft.questionnaire.version == "2025.1")
            let backupPath = try #require(migration.backupPath)
            #expect(mode(backupPath) == 0o600)
            let backup = try DraftStore.decodeSnapshot(FileSystem.read(backupPath), path: backupPath)
            #expect(backup.answers.value(item: "3-4", field: "explanation").text == "行き場のない回答")
            try reopened.close()
        }
    }

    /// A workspace in `folder` whose only questionnaire is a copy of the bundled one in its own
    /// questionnaires folder (at the path returned with it, for a test to remove).
    private func workspaceWithItsOwnDefinition(in folder: TemporaryFolder) throws -> (Workspace, String) {
        let home = KotaeHome(root: folder.path)
        try FileManager.default.createDirectory(atPath: home.questionnaires, withIntermediateDirectories: true)
        let definition = home.questionnaires + "/mine.yaml"
        try FileManager.default.copyItem(atPath: bundledDefinitionPath, toPath: definition)
        return (Workspace(home: home, bundledQuestionnaires: nil), definition)
    }

    @Test func theDraftListIsMadeFromTheDefinitionsReadOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (workspace, definition) = try workspaceWithItsOwnDefinition(in: folder)
        for name in ["a", "b", "c"] { try workspace.open(name, command: "test").1.close() }
        let definitions = workspace.catalog.load()
        try FileManager.default.removeItem(atPath: definition)
        // Every draft is looked up in what was read, not in the folder as it is now.
        #expect(workspace.overviews(in: definitions).map(\.problem) == [nil, nil, nil])
        #expect(workspace.overviews(in: definitions).map(\.answered) == [0, 0, 0])
        #expect(workspace.overviews().allSatisfy { $0.problem != nil })
    }

    /// A draft is read once, under its lock, and its questionnaire looked up in what was read:
    /// when that questionnaire is gone, opening fails, says which, and leaves the draft as it
    /// was, unlocked.
    @Test func aDraftWhoseQuestionnaireIsGoneIsLeftAsItWas() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (workspace, definition) = try workspaceWithItsOwnDefinition(in: folder)
        let (questionnaire, session) = try workspace.open("kept", command: "test")
        try session.record(.set(item: "1-1", field: "", value: FieldValue(text: "委託先")), at: fixedTime)
        try session.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: workspace.store.snapshotPath("kept")))
        try FileManager.default.removeItem(atPath: definition)
        #expect(throws: KotaeError.questionnaireNotFound(id: questionnaire.id, version: questionnaire.version)) {
            _ = try workspace.open("kept", command: "test")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.store.lockPath("kept")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.store.snapshotPath("kept"))) == before)
        #expect(try workspace.store.read("kept").answers.value(item: "1-1", field: "").text == "委託先")
    }

    @Test func draftNamesCannotEscapeTheFolder() {
        for bad in ["", "../etc/passwd", ".hidden", "a/b", "line\nbreak"] {
            #expect(throws: KotaeError.invalidDraftName(bad)) { try DraftStore.validate(name: bad) }
        }
        #expect(throws: Never.self) { try DraftStore.validate(name: "2025年度_回答") }
    }
}
