import ArgumentParser
import Foundation
import KotaeCore
import KotaeText

struct Drafts: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "drafts",
        abstract: "List the drafts: name, questionnaire, answered/total, last saved.",
        discussion: "A damaged draft is listed as such and reported on stderr (exit 2); it is never changed."
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Row: Encodable {
        var name: String
        var questionnaire: String?
        var version: String?
        var answered: Int?
        var total: Int?
        var complete: Bool?
        var savedAt: String?
        var lastExportedAt: String?
        /// The process that has it open now, if one has.
        var openIn: String?
        var error: String?
    }

    func run(in workspace: Workspace, definitions: LoadedCatalog) throws {
        let overviews = workspace.overviews(in: definitions)
        overviews.compactMap(\.problem).forEach(Terminal.printError)
        let rows = overviews.map { overview in
            overview.problem == nil
                ? Row(name: overview.name, questionnaire: overview.questionnaireID, version: overview.version,
                      answered: overview.answered, total: overview.total, complete: overview.complete,
                      savedAt: overview.savedAt?.iso8601, lastExportedAt: overview.lastExportedAt?.iso8601,
                      openIn: overview.holder?.description)
                : Row(name: overview.name, error: overview.problem)
        }
        if json {
            try Terminal.writeJSON(rows)
        } else if rows.isEmpty {
            Terminal.print("No drafts yet in \(workspace.store.folder).")
        } else {
            let names = DisplayWidth().padded(rows.map(\.name))
            for ((row, name), overview) in zip(zip(rows, names), overviews) {
                if row.error != nil {
                    Terminal.print("\(name)  damaged (see above)")
                } else {
                    // Local time, as the full-screen UI shows it; --json keeps the stored UTC.
                    let saved = overview.savedAt.map(LocalTime.dateAndTime(of:)) ?? ""
                    let open = overview.holder.map { "  open in \($0)" } ?? ""
                    Terminal.print("\(name)  \(row.questionnaire ?? "") \(row.version ?? "")  answered \(row.answered ?? 0)/\(row.total ?? 0)  saved \(saved)\(open)")
                }
            }
        }
        if overviews.contains(where: { $0.problem != nil }) { throw ExitCode(2) }
    }
}
