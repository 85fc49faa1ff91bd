import ArgumentParser
import Foundation
import KotaeCore
import KotaeText
import KotaeTUI
#if canImport(Glibc)
import Glibc
#endif

enum AmbiguousSetting: String, ExpressibleByArgument, CaseIterable {
    case auto, narrow = "1", wide = "2"

    // The values as written. The parser's default makes each with String(describing:), whose
    // first use costs a tenth of parsing the command line (its runtime type checks) at every start.
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
    // None: a value is its own description. The parser's default finds that out by describing
    // every value twice, which cost 400,000 instructions at every start (the help is the same).
    static var allValueDescriptions: [String: String] { [:] }
}

extension Language: ExpressibleByArgument {
    // As for AmbiguousSetting.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
}

struct Fill: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "The full-screen UI: pick or create a draft, answer, review, export.",
        discussion: """
        Keys: Tab/Shift-Tab next/previous field, PgDn/PgUp or Ctrl-N/Ctrl-P next/previous item, Ctrl-G go to item, \
        Ctrl-E edit in $VISUAL/$EDITOR, Ctrl-R review, Ctrl-X export, Ctrl-Q quit, F1 help. Everything is saved as you type.
        """
    )

    @Option(help: "Open (or create) this draft directly instead of the launcher.")
    var draft: String?

    @Option(help: "The questionnaire definition for a new draft (default: the bundled one).")
    var questionnaire: String?

    @Option(help: "UI language, ja or en (default: from LANG / LC_*).")
    var lang: Language?

    @Option(help: "Cells for East Asian Ambiguous characters (○ ■ ※ ①): auto, 1 or 2 (also KOTAE_AMBIGUOUS_WIDTH).")
    var ambiguousWidth: AmbiguousSetting?

    /// Runs the UI; its first screen (the launcher, or the draft named) is made from `definitions`.
    func run(in workspace: Workspace, definitions: LoadedCatalog) throws {
        let environment = Environment.process
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            Terminal.printError(TerminalError.notATerminal.description)
            throw ExitCode(2)
        }
        var opened: RunLoop.OpenedSession?
        if let draft {
            do {
                opened = try RunLoop.openDraft(draft, workspace: workspace, questionnaire: nil,
                                               questionnaireFile: questionnaire, definitions: definitions, create: true)
            } catch {
                Terminal.printError(RunLoop.sentence(error))
                throw ExitCode((error as? KotaeError)?.exitCode ?? 2)
            }
        }

        let setting = ambiguousWidth ?? environment["KOTAE_AMBIGUOUS_WIDTH"].flatMap(AmbiguousSetting.init(rawValue:)) ?? .auto
        // With auto, the width this type of terminal answered last time, else one cell, until
        // this time's answer comes (`AmbiguousWidthQuestion`).
        let memory = setting == .auto ? AmbiguousWidthMemory(home: workspace.home, term: environment["TERM"] ?? "") : nil
        let ambiguous: AmbiguousWidth
        switch setting {
        case .narrow: ambiguous = .narrow
        case .wide: ambiguous = .wide
        case .auto: ambiguous = memory?.recalled() ?? .narrow
        }
        ambiguousIsWide.store(ambiguous == .wide, ordering: .relaxed)

        Signals.install()
        Signals.installCrashGuard()
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal(noColor: environment.nonEmpty("NO_COLOR") != nil)
        } catch {
            try? opened?.session.close()  // its lock, for the next kotae
            Terminal.printError("\(error)")
            throw ExitCode(2)
        }
        if setting == .auto { terminal.askAmbiguousWidth() }
        let size = terminal.size
        let state = AppState(rows: size.rows, columns: size.columns, language: lang ?? Language.from(environment: environment),
                             widths: DisplayWidth(ambiguous: ambiguous))
        let loop = RunLoop(state: state, terminal: terminal, workspace: workspace, questionnaireFile: questionnaire,
                           widthMemory: memory)
        let status = loop.run(opening: opened, definitions: definitions)
        terminal.close()
        if let lost = loop.lostOnClose {
            Terminal.printError(RunLoop.sentence(lost) + " The changes since the last save were not kept.")
        } else if status == 128 + SIGHUP {
            // Seen only when the terminal is still there: then it was Ctrl-T in another kotae.
            Terminal.printError("closed on a hang-up (the connection dropped, or another kotae took the draft over with Ctrl-T); everything typed is saved.")
        }
        if status != 0 { throw ExitCode(status) }
    }
}
