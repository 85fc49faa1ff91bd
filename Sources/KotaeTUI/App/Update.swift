import KotaeCore
import KotaeText

/// The one place state changes. Pure: it reads the action and the state, changes the state, and
/// returns the side effects for the run loop to perform (save, export, open an editor).
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
    // A burst of typing holds its splices of the answers back (`FillingState.apply`); every other
    // action finds them applied. (A key that may edit text goes on to `updateFilling`, which
    // knows whether it edits the text that holds them.)
    if state.filling?.hasPendingEdits == true && !(state.mode.isFilling && action.mayEditText) { state.filling?.applyPendingEdits() }
    let messageRows = state.messageRowsAbove
    let effects = updateState(&state, action)
    // A long message coming or going changes the panes' height: the focused box keeps its cursor in view.
    if state.messageRowsAbove != messageRows { state.keepCursorVisible() }
    return effects
}

private func updateState(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .resize(let rows, let columns):
        state.rows = rows
        state.columns = columns
        state.fitMessage()
        state.relayout()
        return []
    case .quit:
        return state.quit()
    case .suspend:
        return [.suspend]
    case .redraw:
        return [.redraw]
    case .notUTF8:
        state.message = Message(state.strings.notUTF8, kind: .warning)
        return []
    case .ambiguousWidthMeasured(let ambiguous):
        guard ambiguous != state.widths.ambiguous else { return [] }
        state.widths = DisplayWidth(ambiguous: ambiguous)
        state.fitMessage()
        state.relayout()
        // What the terminal shows was placed at the other width: all of it is drawn again.
        return [.redraw]
    default:
        break
    }
    if let effects = state.handleRunLoopReport(action) { return effects }
    if state.isTooSmall { return [] }
    switch state.mode {
    case .launcher: return state.updateLauncher(action)
    case .naming(let editor): return state.updateNaming(editor, action)
    case .choosingQuestionnaire(let name, let selection): return state.updateChoosing(name, selection, action)
    case .filling: return state.updateFilling(action)
    case .review(let selection): return state.updateReview(selection, action)
    case .export(let export): return state.updateExport(export, action)
    case .goTo(let editor): return state.updateGoTo(editor, action)
    case .help(let previous):
        switch action {
        case .escape, .openHelp, .enter, .type("q"): state.mode = previous
        default: break
        }
        return []
    case .confirm(let confirmation): return state.updateConfirm(confirmation, action)
    }
}

extension AppState {
    var geometry: Geometry { Geometry(rows: rows, columns: columns, messageRowsAbove: messageRowsAbove) }

    // MARK: Reports from the run loop

    mutating func handleRunLoopReport(_ action: Action) -> [Effect]? {
        switch action {
        case .launcherLoaded(let drafts, let questionnaires):
            launcher.drafts = drafts
            launcher.questionnaires = questionnaires
            launcher.selection = min(launcher.selection, drafts.count)
        case .draftOpened(let box):
            filling = FillingState(box.draft)
            mode = .filling
            let effects = enterItem(filling!.lastChangedItemIndex, focusLast: false, snapshot: false)
            // After entering the item, which clears the last item's message.
            message = box.draft.migration.map { Message(strings.migrated($0), kind: .warning) }
            if box.draft.readOnly { message = Message(strings.openedReadOnly(heldBy: box.draft.heldBy), kind: .warning) }
            return effects
        case .failed(let failure):
            message = Message(strings.sentence(for: failure), kind: .error)
        case .saveFailed(let failure):
            let text = strings.sentence(for: failure)
            filling?.saveState = .failed(text)
            message = Message(text, kind: .error)
        case .typingPaused:
            filling?.frozenCounts = [:]
            filling?.refreshStatuses()
        case .saved(let time):
            if case .failed = filling?.saveState { message = nil }
            filling?.saveState = .saved(time)
            if isConfirmingQuit { return stop() }  // saved after all: nothing is lost by quitting
        case .exported(let paths):
            if case .export(var export) = mode {
                export.outcome = .written(paths)
                mode = .export(export)
            }
        case .exportFailed(let failure):
            if case .export(var export) = mode {
                export.outcome = .failed(strings.sentence(for: failure))
                mode = .export(export)
            }
        case .externallyEdited(let path, let text):
            guard let text else {
                message = Message(strings.editorFailed, kind: .warning)
                return []
            }
            return editText(at: path, .replaceAll(arriving(text, at: path)))
        case .editorNotFound(let command):
            message = Message(strings.editorNotFound(command), kind: .warning)
        case .tookOver:
            message = Message(strings.tookOver)
        case .takeOverFailed(let process):
            message = Message(strings.takeOverFailed(process: process), kind: .error)
        default:
            return nil
        }
        return []
    }

    // MARK: Launcher

    mutating func updateLauncher(_ action: Action) -> [Effect] {
        let count = launcher.drafts.count + 1
        switch action {
        case .up: launcher.selection = (launcher.selection + count - 1) % count
        case .down, .nextField: launcher.selection = (launcher.selection + 1) % count
        case .enter:
            if launcher.selection == 0 {
                mode = .naming(TextEditor(text: "", width: 1_000, widths: widths, kinsoku: false))
            } else {
                let draft = launcher.drafts[launcher.selection - 1]
                if let problem = draft.problem {
                    message = Message(strings.sentence(for: problem), kind: .error)
                } else {
                    return [.openDraft(name: draft.name)]
                }
            }
        case .openHelp: mode = .help(returnTo: mode)
        default: break
        }
        return []
    }

    mutating func updateNaming(_ editor: TextEditor, _ action: Action) -> [Effect] {
        var editor = editor
        switch action {
        case .escape:
            mode = .launcher
            return []
        case .enter:
            let name = String(editor.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            guard !name.isEmpty else { return [] }
            if launcher.questionnaires.count > 1 {
                mode = .choosingQuestionnaire(name: name, selection: 0)
                return []
            }
            return [.createDraft(name: name, questionnaire: 0)]
        case .type(let text), .paste(let text):
            editor.perform(.insert(text.filter { !$0.isNewline }))
        case .space: editor.perform(.insert(" "))
        case .edit(let command): editor.perform(command)
        default: break
        }
        mode = .naming(editor)
        return []
    }

    mutating func updateChoosing(_ name: String, _ selection: Int, _ action: Action) -> [Effect] {
        let count = max(1, launcher.questionnaires.count)
        switch action {
        case .up: mode = .choosingQuestionnaire(name: name, selection: (selection + count - 1) % count)
        case .down: mode = .choosingQuestionnaire(name: name, selection: (selection + 1) % count)
        case .escape: mode = .launcher
        case .enter: return [.createDraft(name: name, questionnaire: selection)]
        default: break
        }
        return []
    }

    // MARK: Review, export, go to, confirm

    mutating func updateReview(_ selection: Int, _ action: Action) -> [Effect] {
        guard let filling else { return [] }
        let shortfalls = filling.questionnaire.shortfalls(filling.answers)
        let count = max(1, shortfalls.count)
        switch action {
        case .up: mode = .review(selection: (selection + count - 1) % count)
        case .down, .nextField: mode = .review(selection: (selection + 1) % count)
        case .escape, .openReview: mode = .filling
        case .enter:
            mode = .filling
            guard !shortfalls.isEmpty, let index = filling.items.firstIndex(where: { $0.id == shortfalls[selection].itemID }) else { return [] }
            return enterItem(index, focusLast: false, snapshot: true, focusing: shortfalls[selection].field)
        case .openExport: return updateFilling(.openExport)
        case .openHelp: mode = .help(returnTo: mode)
        default: break
        }
        return []
    }

    mutating func updateExport(_ export: ExportState, _ action: Action) -> [Effect] {
        guard let filling else { return [] }
        var export = export
        if !filling.questionnaire.isComplete(filling.answers) {
            // Nothing to export: the screen is the list of what is missing, as in review.
            if case .escape = action { mode = .filling } else if case .openExport = action { mode = .filling } else {
                mode = .review(selection: 0)
                let effects = updateReview(0, action)
                if case .review = mode { mode = .export(export) }
                return effects
            }
            return []
        }
        let choices = ExportState.Choice.allCases.count
        switch action {
        case .escape, .openExport:
            mode = .filling
            return []
        case .nextField, .previousField:
            export.editingFolder.toggle()
        case .up where !export.editingFolder:
            export.selection = ExportState.Choice(rawValue: (export.selection.rawValue + choices - 1) % choices)!
            export.outcome = nil
        case .down where !export.editingFolder:
            export.selection = ExportState.Choice(rawValue: (export.selection.rawValue + 1) % choices)!
            export.outcome = nil
        case .type(let text) where export.editingFolder, .paste(let text) where export.editingFolder:
            export.folder.perform(.insert(text.filter { !$0.isNewline }))
        case .space where export.editingFolder:
            export.folder.perform(.insert(" "))
        case .edit(let command) where export.editingFolder:
            export.folder.perform(command)
        case .enter:
            export.outcome = nil
            export.editingFolder = false
            mode = .export(export)
            self.filling?.exportFolder = export.folder.text
            return [.export(formats: export.formats, folder: export.folder.text)]
        default: break
        }
        mode = .export(export)
        return []
    }

    mutating func updateGoTo(_ editor: TextEditor, _ action: Action) -> [Effect] {
        var editor = editor
        switch action {
        case .escape, .openGoTo:
            mode = .filling
            return []
        case .enter:
            mode = .filling
            let wanted = Self.normalizedItemID(editor.text)
            guard let filling, !wanted.isEmpty else { return [] }
            let index = filling.items.firstIndex { $0.id.lowercased() == wanted }
                ?? (["回答者", "respondent"].contains(wanted) ? 0 : nil)
            guard let index else {
                message = Message(strings.noSuchItem(editor.text), kind: .warning)
                return []
            }
            return enterItem(index, focusLast: false, snapshot: true)
        case .type(let text), .paste(let text): editor.perform(.insert(text.filter { !$0.isNewline }))
        case .edit(let command): editor.perform(command)
        default: break
        }
        mode = .goTo(editor)
        return []
    }

    /// "２－１０", " 2-10 " and "2.10" all mean 2-10.
    static func normalizedItemID(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: result.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0D, 0x2212, 0x2010...0x2015, 0x30FC, 0x2E: result.append("-")
            case 0x20, 0x3000: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.lowercased()
    }

    mutating func updateConfirm(_ confirmation: Confirmation, _ action: Action) -> [Effect] {
        switch action {
        case .enter, .type("y"), .type("Y"):
            switch confirmation {
            case .hiding(let edit, let hidden):
                mode = .filling
                message = Message(strings.hidden(hidden), kind: .warning)
                return apply(edit)
            case .quittingUnsaved:
                return stop()
            case .takingOver(let writer):
                mode = .filling
                return [.takeOver(writer)]
            }
        case .escape, .type("n"), .type("N"):
            mode = .filling
            message = nil
        default: break
        }
        return []
    }

    /// Ctrl-Q. Everything is saved as it is typed, so Kotae just stops; but while saving fails
    /// (a full disk) the latest changes exist only here, and quitting would lose them without a
    /// word. Then it asks first, and tries once more to save: should that succeed (space was
    /// freed), it quits. Ctrl-Q again quits anyway.
    mutating func quit() -> [Effect] {
        if case .failed(let reason) = filling?.saveState, filling?.readOnly == false, !isConfirmingQuit {
            mode = .confirm(.quittingUnsaved(reason: reason))
            return [.snapshot]
        }
        return stop()
    }

    private var isConfirmingQuit: Bool {
        if case .confirm(.quittingUnsaved) = mode { return true }
        return false
    }

    private mutating func stop() -> [Effect] {
        hasQuit = true
        return [.quit]
    }

    // MARK: Layout

    /// After a resize, or a change of width of Ambiguous characters: editors wrap to the new
    /// width, and the cursor stays on its character.
    mutating func relayout() {
        relayoutPrompt()
        guard var filling else { return }
        let width = geometry.editorWidth
        for (path, var editor) in filling.editors {
            editor.resize(width: width, widths: widths)
            filling.editors[path] = editor
        }
        filling.wrappedItem = ItemLayout.wrappedText(of: filling, width: geometry.contentWidth, widths: widths)
        self.filling = filling
        keepCursorVisible()
    }

    /// A prompt's one-line editor (a draft's name, an item to go to, an export folder) places its
    /// characters at the current widths too.
    private mutating func relayoutPrompt() {
        mode = mode.withEditors(widths: widths)
    }

    /// Scrolls the focused text box so its cursor row is visible. `focused`, when given, is the
    /// focused field as the caller has just found it.
    mutating func keepCursorVisible(focused: FieldPath? = nil) {
        // On the filling state where it lies: binding it with `guard let` copied all of it.
        let (geometry, widths, strings) = (self.geometry, self.widths, self.strings)
        filling?.keepCursorVisible(focused: focused, geometry: geometry, widths: widths, strings: strings)
    }
}
