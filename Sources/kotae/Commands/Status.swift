import ArgumentParser
import Foundation
import KotaeCore

struct Status: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each item's status and what is missing or invalid.",
        discussion: "Exit 0 when the draft is complete (ready to export), 1 when it is not."
    )

    @Argument(help: "The draft's name.")
    var draft: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run(in workspace: Workspace, definitions: LoadedCatalog) throws {
        try reportingErrors {
            let (questionnaire, draft) = try workspace.read(self.draft, in: definitions)
            let shortfalls = questionnaire.shortfalls(draft.answers)
            if json {
                try Terminal.writeJSON(StatusReport(questionnaire: questionnaire, draft: draft, shortfalls: shortfalls))
            } else {
                printText(questionnaire, draft, shortfalls)
            }
            if !shortfalls.isEmpty { throw ExitCode(1) }
        }
    }

    private func printText(_ questionnaire: Questionnaire, _ draft: Draft, _ shortfalls: [Shortfall]) {
        let progress = questionnaire.progress(draft.answers)
        Terminal.print("\(draft.name) — \(questionnaire.title) (\(questionnaire.id) \(questionnaire.version))")
        Terminal.print("Answered \(progress.done)/\(progress.applicable), last saved \(LocalTime.dateAndTime(of: draft.savedAt))")
        Terminal.print("")
        for item in questionnaire.answerableItems {
            let status = questionnaire.status(of: item, answers: draft.answers)
            let id = item.id.padding(toLength: max(item.id.count, 10), withPad: " ", startingAt: 0)
            Terminal.print("  \(Self.mark(status)) \(id) \(Questionnaire.head(of: item.question))")
        }
        Terminal.print("")
        if shortfalls.isEmpty {
            Terminal.print("Complete: ready to export.")
        } else {
            Terminal.print("Missing or invalid (\(shortfalls.count)):")
            shortfalls.forEach { Terminal.print("  \($0.description)") }
        }
    }

    static func mark(_ status: ItemStatus) -> String {
        switch status {
        case .answered: return "[x]"
        case .empty: return "[ ]"
        case .invalid: return "[!]"
        case .notApplicable: return "[-]"
        case .skipped: return "[s]"
        }
    }
}

struct StatusReport: Encodable {
    struct ItemLine: Encodable {
        var id: String
        var status: String
        var reasons: [String]?
    }

    struct Missing: Encodable {
        var item: String
        var question: String
        var reason: String
    }

    var draft: String
    var questionnaire: String
    var complete: Bool
    var answered: Int
    var applicable: Int
    var items: [ItemLine]
    var missing: [Missing]

    init(questionnaire: Questionnaire, draft: Draft, shortfalls: [Shortfall]) {
        self.draft = draft.name
        self.questionnaire = questionnaire.id
        complete = shortfalls.isEmpty
        (answered, applicable) = questionnaire.progress(draft.answers)
        items = questionnaire.answerableItems.map { item in
            let status = questionnaire.status(of: item, answers: draft.answers)
            if case .invalid(let reasons) = status { return ItemLine(id: item.id, status: status.code, reasons: reasons) }
            return ItemLine(id: item.id, status: status.code, reasons: nil)
        }
        missing = shortfalls.map { Missing(item: $0.itemID, question: $0.questionHead, reason: $0.reason) }
    }
}
