import Foundation
import KotaeCore
import KotaeText
import KotaeTUI
#if canImport(Glibc)
import Glibc
#endif

/// Keys in, effects out: reads the terminal, turns keys into actions, runs `update`, performs
/// the effects it asks for (save, export, external editor), and draws `view`. Every change is
/// journaled in `perform` before the next key is read.
final class RunLoop {
    private var state: AppState
    private var decoder = KeyDecoder()
    /// What the decoder made of the last read: kept from key to key, so a key allocates no list.
    private var events: [InputEvent] = []
    private var renderer = Renderer()
    private var needsRender = true
    private let terminal: NcursesTerminal
    private let workspace: Workspace
    private let questionnaireFile: String?
    /// Where the terminal's answer to how wide it draws ○ is kept for the next start, when asked.
    private let widthMemory: AmbiguousWidthMemory?
    /// The definitions the launcher shows: a draft opened or created from it answers one of them.
    private var launcherDefinitions: LoadedCatalog?
    private var session: DraftSession?
    private var questionnaire: Questionnaire?
    private var lastSync = Date()
    private var idleReads = 0
    /// Whether edits reached the journal since the status line last gave a save time: it gives
    /// the time again when typing pauses, since a journaled edit is a saved one (it gave the
    /// last snapshot's, minutes old while one typed, as if the typing were not saved yet).
    private var savedSinceShown = false
    /// Why the draft's last changes could not be saved when it was closed, if they could not:
    /// told on the command line once the terminal is restored (exit status 4).
    private(set) var lostOnClose: Error?

    init(state: AppState, terminal: NcursesTerminal, workspace: Workspace, questionnaireFile: String?,
         widthMemory: AmbiguousWidthMemory? = nil) {
        self.state = state
        self.terminal = terminal
        self.workspace = workspace
        self.questionnaireFile = questionnaireFile
        self.widthMemory = widthMemory
    }

    /// Runs until the person quits or a signal asks us to stop; returns the exit status. Without
    /// a draft to open, it starts on the launcher, made from `definitions`.
    func run(opening opened: OpenedSession?, definitions: LoadedCatalog) -> Int32 {
        if let opened {
            install(opened)
        } else {
            loadLauncher(definitions)
        }
        render()
        session?.sync()  // a new draft's files, written without waiting for the disk
        while !state.hasQuit {
            if let status = handleSignal() { return status }
            // After an ESC only briefly: Escape then takes effect at once, not at the next idle read.
            if let raw = terminal.read(waitingAtMost: decoder.isAfterEscape ? NcursesTerminal.escapeDelay : 200) {
                idleReads = 0
                decoder.feed(raw, into: &events)
                handleEvents()
            } else {
                if terminal.isHungUp {
                    closeSession()
                    return 128 + SIGHUP
                }
                idleReads += 1
                // Inside a paste the terminal may pause; only a long silence ends it.
                if !decoder.isInPaste || idleReads >= 5 {
                    decoder.idle(into: &events)
                    handleEvents()
                }
                if state.filling?.frozenCounts.isEmpty == false || state.filling?.hasPendingEdits == true { dispatch(.typingPaused) }
                if savedSinceShown {
                    savedSinceShown = false
                    // Only while everything is saved: an edit saved before one the disk refused
                    // must not say "saved" (which also ends a question about quitting unsaved).
                    if session?.lastSaveError == nil { dispatch(.saved(LocalTime.clock())) }
                }
                syncIfDue()
            }
            // A paste is drawn once, when it is whole; keys that came together (an IME's commit),
            // once all are in.
            if !state.hasQuit && !decoder.isInPaste && !terminal.hasPendingKeys && needsRender { render() }
        }
        closeSession()
        return lostOnClose == nil ? 0 : 4
    }

    private func handleEvents() {
        events.forEach(handle)
        // Emptied after, not before: a paste's text is not kept until the next key.
        events.removeAll(keepingCapacity: true)
    }

    private func handle(_ event: InputEvent) {
        guard let action = KeyMap.action(for: event) else { return takeAnswer(event) }
        dispatch(action)
    }

    /// The terminal's answer to the question how wide it draws ○, asked at start
    /// (`NcursesTerminal.askAmbiguousWidth`); other events that are not keys are dropped.
    private func takeAnswer(_ event: InputEvent) {
        guard case .cursorPosition(let row, let column) = event,
              let width = terminal.ambiguousWidth(answeredBy: row, column: column),
              width != state.widths.ambiguous else { return }  // the width assumed: nothing to draw again
        widthMemory?.remember(width)
        ambiguousIsWide.store(width == .wide, ordering: .relaxed)
        dispatch(.ambiguousWidthMeasured(width))
    }

    private func dispatch(_ action: Action) {
        needsRender = true
        for effect in update(&state, action) { perform(effect) }
    }

    /// Draws the state, if anything happened since the last frame: an idle terminal is left alone.
    private func render() {
        terminal.draw(renderer.frame(lending: &state))
        needsRender = false
        session?.prepareNextEdit()
        state.prepareNextEdit()
    }

    // MARK: Effects

    private func perform(_ effect: Effect) {
        if case .record(let edit, let bytes) = effect {
            record(edit, bytes: bytes)
        } else {
            performOther(effect)
        }
    }

    /// The effects other than a key's record, which `perform` takes itself (the switch names it
    /// too, being exhaustive). Kept out of line: inlined into the key's path, the stack room of
    /// opening drafts, exporting and the editor made that path's frames 16 KB, and a key
    /// touched lines spread over all of it.
    @inline(never)
    private func performOther(_ effect: Effect) {
        switch effect {
        case .record(let edit, let bytes): record(edit, bytes: bytes)
        case .snapshot: snapshot()
        case .openDraft(let name): open(name, create: false, questionnaire: nil)
        case .createDraft(let name, let index):
            guard !workspace.store.exists(name) else {
                dispatch(.failed(.kotae(.draftExists(name: name))))
                return
            }
            let offered = launcherDefinitions?.questionnaires ?? []
            open(name, create: true, questionnaire: index < offered.count ? offered[index] : nil)
        case .export(let formats, let folder): export(formats, to: folder)
        case .editExternally(let path, let text): editExternally(path, text)
        case .suspend: suspend()
        case .redraw: terminal.forgetScreen()
        case .takeOver(let writer): takeOver(from: writer)
        case .quit: closeSession()
        }
    }

    private func record(_ edit: DraftEdit, bytes: SpliceBytes?) {
        guard let session else { return }
        let wasFailing = session.lastSaveError != nil
        do {
            try session.record(edit, bytes: bytes)
            if session.needsSnapshot { try session.saveSnapshot() }
            if wasFailing { dispatch(.saved(LocalTime.clock())) } else if !session.readOnly { savedSinceShown = true }
        } catch {
            savedSinceShown = false
            dispatch(.saveFailed(Self.failure(error)))
        }
    }

    private func snapshot() {
        guard let session, !session.readOnly, !session.isFolded else { return }
        do {
            try session.saveSnapshot()
            dispatch(.saved(LocalTime.clock()))
        } catch {
            dispatch(.saveFailed(Self.failure(error)))
        }
    }

    /// Journal entries reach the disk platters every couple of seconds (a kill never loses them;
    /// this is for power cuts), and a long journal is folded into the snapshot.
    private func syncIfDue() {
        guard let session, Date().timeIntervalSince(lastSync) >= 2 else { return }
        session.sync()
        lastSync = Date()
        if session.lastSaveError != nil { snapshot() }
    }

    /// Folds the journal into a last snapshot and lets go of the draft. A snapshot that fails
    /// loses nothing while the journal holds every change; only changes the journal could not
    /// take either (a full disk) are lost, and then the person is told.
    private func closeSession() {
        guard let session else { return }
        let journalIncomplete = session.lastSaveError != nil
        do {
            try session.close()
        } catch {
            if journalIncomplete { lostOnClose = error }
        }
        self.session = nil
    }

    // MARK: Opening drafts

    private func loadLauncher(_ definitions: LoadedCatalog) {
        launcherDefinitions = definitions
        let drafts = workspace.overviews(in: definitions).map {
            DraftSummary(name: $0.name, title: $0.title ?? "", answered: $0.answered, total: $0.total,
                         savedAt: $0.savedAt.map(LocalTime.clock(of:)) ?? "", problem: $0.error.map(Self.failure),
                         heldBy: $0.holder.map(Self.otherWriter))
        }
        let offered = definitions.questionnaires.map { QuestionnaireSummary(title: $0.title, version: $0.version) }
        dispatch(.launcherLoaded(drafts: drafts, questionnaires: offered))
    }

    private func open(_ name: String, create: Bool, questionnaire: Questionnaire?) {
        do {
            let opened = try Self.openDraft(name, workspace: workspace, questionnaire: questionnaire,
                                            questionnaireFile: questionnaireFile, definitions: launcherDefinitions, create: create)
            install(opened)
        } catch {
            dispatch(.failed(Self.failure(error)))
        }
    }

    /// A draft as opened, and who has it when it could only be opened read-only.
    struct OpenedSession {
        var session: DraftSession
        var questionnaire: Questionnaire
        /// The other kotae that has the draft open, when this one opened it read-only.
        var heldBy: OtherWriter?
    }

    /// Opens for writing, or read-only, naming the holder, when another kotae has it.
    static func openDraft(_ name: String, workspace: Workspace, questionnaire: Questionnaire?, questionnaireFile: String?,
                          definitions: LoadedCatalog?, create: Bool) throws -> OpenedSession {
        let choose = questionnaire.map { known in { (_: QuestionnaireReference?) in known } }
            ?? workspace.questionnaireChooser(file: questionnaireFile, in: definitions)
        do {
            let opened = try workspace.store.open(name, answering: choose, command: "fill", create: create, patience: 0)
            return OpenedSession(session: opened.session, questionnaire: opened.questionnaire)
        } catch KotaeError.draftLocked(_, let holder) {
            let opened = try workspace.store.open(name, answering: choose, command: "fill", readOnly: true, create: false)
            return OpenedSession(session: opened.session, questionnaire: opened.questionnaire, heldBy: otherWriter(holder))
        }
    }

    /// A lock's holder, as the UI names it.
    static func otherWriter(_ holder: LockHolder) -> OtherWriter {
        OtherWriter(process: holder.pid, host: holder.host, since: LocalTime.clock(of: holder.since), onThisMachine: holder.isOnThisMachine)
    }

    private func install(_ opened: OpenedSession) {
        session = opened.session
        questionnaire = opened.questionnaire
        let draft = opened.session.draft
        dispatch(.draftOpened(OpenedDraftBox(OpenedDraft(
            questionnaire: opened.questionnaire, name: draft.name, answers: draft.answers, readOnly: opened.session.readOnly,
            savedAt: LocalTime.clock(of: draft.savedAt), exportFolder: FileManager.default.currentDirectoryPath, migration: opened.session.migration,
            heldBy: opened.heldBy))))
    }

    /// Ctrl-T, confirmed: the other kotae is asked to close (it saves as it goes), and the draft
    /// is opened again, for writing, with everything it saved.
    private func takeOver(from writer: OtherWriter) {
        guard let name = session?.draft.name, let questionnaire else { return }
        switch workspace.store.closeHolder(of: name, pid: writer.process) {
        case .closed, .heldBy:
            // Read-only again, naming the holder, should yet another kotae have it now.
            open(name, create: false, questionnaire: questionnaire)
            if session?.readOnly == false { dispatch(.tookOver) }
        case .didNotClose:
            dispatch(.takeOverFailed(process: writer.process))
        }
    }

    // MARK: Export, editor, suspend

    private func export(_ formats: [ExportFormat], to typed: String) {
        guard let session, let questionnaire else { return }
        let folder = KotaeHome.expandingHome(typed, environment: .process)
        do {
            let submission = try Submission(questionnaire: questionnaire, draft: session.draft)
            let now = Timestamp.now()
            var written: [String] = []
            for format in formats {
                let path = (folder.isEmpty ? "." : folder) + "/" + session.draft.name + "." + format.fileExtension
                try Exporter.write(format.render(submission, exportedAt: now), to: path)
                written.append(path)
            }
            if !session.readOnly { try? session.record(.exported, at: now) }
            dispatch(.exported(written))
        } catch {
            dispatch(.exportFailed(Self.failure(error)))
        }
    }

    /// Hands the text to $VISUAL or $EDITOR through a private temporary file, removed afterwards.
    private func editExternally(_ path: FieldPath, _ text: String) {
        let environment = ProcessInfo.processInfo.environment
        let editor = EditorProcess.command(in: environment)
        var template = Array((NSTemporaryDirectory() + "kotae-\(path.item)-XXXXXX.txt").utf8CString)
        let fd = mkstemps(&template, 4)
        guard fd >= 0 else {
            dispatch(.failed(.kotae(.writeFailed(path: NSTemporaryDirectory(), reason: FileSystem.errnoReason()))))
            return
        }
        let file = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(file) }
        fchmod(fd, 0o600)
        _ = FileSystem.writeAll(fd, Data(text.utf8))
        Glibc.close(fd)

        terminal.suspend()
        let characterType = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C.UTF-8"
        let status = EditorProcess.run(editor, file: file,
                                       environment: EditorProcess.environment(environment, characterType: characterType))
        terminal.resume()
        if status == EditorProcess.notFound {
            dispatch(.editorNotFound(editor))
            return
        }
        let edited = status == 0 ? (try? FileSystem.read(file)).flatMap(FileSystem.utf8Text).map(TextBuffer.normalizingNewlines) : nil
        // Editors add a final newline the person did not type (after "\r\n" became "\n": in Swift
        // the pair is one character, which is not "\n").
        let result = edited.map { $0.hasSuffix("\n") && !text.hasSuffix("\n") ? String($0.dropLast()) : $0 }
        dispatch(.externallyEdited(path, result))
    }

    /// Ctrl-Z. Continued only to be closed (a hang-up; Ctrl-T in another kotae sends SIGHUP and
    /// SIGCONT), Kotae leaves the terminal to the shell, which has it, and the run loop then saves
    /// and exits. Taking the terminal from the background would stop Kotae again (SIGTTOU).
    private func suspend() {
        terminal.suspend()
        kill(getpid(), SIGSTOP)
        if !Signals.closingIsPending { terminal.resume() }
    }

    /// SIGTERM, SIGHUP (the SSH connection dropped), SIGINT: save, restore the terminal, leave.
    /// SIGTSTP: suspend like Ctrl-Z.
    private func handleSignal() -> Int32? {
        let signal = Signals.take()
        switch signal {
        case 0: return nil
        case SIGTSTP:
            suspend()
            render()
            return nil
        default:
            closeSession()
            state.hasQuit = true
            return 128 + signal
        }
    }

    // MARK: Helpers

    /// For the command line, in English.
    static func sentence(_ error: Error) -> String {
        (error as? KotaeError)?.description ?? (error as? DefinitionError)?.description ?? "\(error)"
    }

    /// For the UI, which tells Kotae's own errors in its language.
    static func failure(_ error: Error) -> Failure {
        if let error = error as? KotaeError { return .kotae(error) }
        return .other(sentence(error))
    }

}
