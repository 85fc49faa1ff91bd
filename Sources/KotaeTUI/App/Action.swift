import KotaeCore
import KotaeText

/// Everything that can change the state: what keys mean, and what the run loop reports back.
public enum Action: Sendable, Equatable {
    // From the keyboard (see KeyMap).
    case edit(EditCommand)
    case type(String)
    case paste(String)
    case enter, space, escape, up, down
    case nextField, previousField, nextItem, previousItem
    case openGoTo, openReview, openExport, openHelp, externalEditor, quit, interrupt, suspend, redraw
    /// Ctrl-T on a draft open read-only: close the other kotae that has it, and write it here.
    case takeOver
    case resize(rows: Int, columns: Int)
    /// The terminal sent bytes that are not UTF-8; they were dropped.
    case notUTF8
    /// How wide the terminal turned out to draw East Asian Ambiguous characters (○ ■ ※ ①), as it
    /// answered the question asked at start: the screen was drawn before the answer came.
    case ambiguousWidthMeasured(AmbiguousWidth)

    // From the run loop.
    case launcherLoaded(drafts: [DraftSummary], questionnaires: [QuestionnaireSummary])
    // The large payloads are boxed (`indirect`): an action is as large as its largest case, and
    // a key's action is copied from call to call; inline, an opened draft made every action 233
    // bytes, and a failure 98.
    indirect case draftOpened(OpenedDraftBox)
    indirect case failed(Failure)
    indirect case saveFailed(Failure)
    /// Saved; the local time, formatted.
    case saved(String)
    case exported([String])
    indirect case exportFailed(Failure)
    indirect case externallyEdited(FieldPath, String?)
    /// The editor command could not be found by the shell (exit status 127): its name.
    case editorNotFound(String)
    /// No key for a moment: what waits for a pause in typing (the character counts) catches up.
    case typingPaused
    /// The draft was taken over from the other kotae and is open for writing here.
    case tookOver
    /// The other kotae, this process, would not close: the draft stays read-only.
    case takeOverFailed(process: Int32)
}

extension Action {
    /// A key that edits the focused field's text when it is a text field (Space and Enter choose
    /// in a list of options).
    var mayEditText: Bool {
        switch self {
        case .type, .space, .paste, .enter, .edit: return true
        default: return false
        }
    }
}

/// Something that went wrong, as the run loop reports it. Kotae's own errors are values, so the
/// UI tells them in its language (`Strings.sentence(for:)`); the command line prints them in English.
public enum Failure: Sendable, Equatable {
    case kotae(KotaeError)
    /// Anything else (a definition's problem, an error from the system), as its own sentence.
    case other(String)
}

/// `OpenedDraft` carries a whole questionnaire; actions compare it by identity of name only.
public struct OpenedDraftBox: Sendable, Equatable {
    public var draft: OpenedDraft

    public init(_ draft: OpenedDraft) {
        self.draft = draft
    }

    public static func == (lhs: OpenedDraftBox, rhs: OpenedDraftBox) -> Bool { lhs.draft.name == rhs.draft.name }
}

/// What the run loop must do; `update` only asks.
public enum Effect: Sendable, Equatable {
    /// Persist one change before the next key is read. `bytes` places a splice in the text's
    /// UTF-8 when the editor knows where, so the draft's copy changes in place.
    case record(DraftEdit, bytes: SpliceBytes? = nil)
    /// Fold the journal into a snapshot (on leaving an item).
    case snapshot
    case openDraft(name: String)
    case createDraft(name: String, questionnaire: Int)
    case export(formats: [ExportFormat], folder: String)
    case editExternally(FieldPath, String)
    /// Ctrl-Z: give the terminal back to the shell until resumed.
    case suspend
    /// Ctrl-L: draw the whole screen again, for when something else wrote over it (a `wall`
    /// message, a background job's output, noise on the line).
    case redraw
    /// Ask the other kotae that has the draft to close, then open the draft for writing.
    case takeOver(OtherWriter)
    case quit
}
