import ArgumentParser
import Foundation
import KotaeCore

struct Drafts: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        var error: String?
    }

    func run() throws {
        let workspace = Workspace.current()
        var damaged = false
        let rows = workspace.store.names().map { name -> Row in
            do {
                let (questionnaire, draft) = try workspace.read(name)
                let progress = questionnaire.progress(draft.answers)
                return Row(name: name, questionnaire: questionnaire.id, version: questionnaire.version,
                           answered: progress.done, total: progress.applicable,
                           complete: questionnaire.isComplete(draft.answers), savedAt: draft.savedAt.iso8601,
                           lastExportedAt: draft.lastExportedAt?.iso8601)
            } catch {
                damaged = true
                let message = (error as? KotaeError)?.description ?? "\(error)"
                Terminal.printError(message)
                return Row(name: name, error: message)
            }
        }
        if json {
            try Terminal.writeJSON(rows)
        } else if rows.isEmpty {
            Terminal.print("No drafts yet in \(workspace.store.folder).")
        } else {
            let width = rows.map(\.name.count).max() ?? 0
            for row in rows {
                let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
                if row.error != nil {
                    Terminal.print("\(name)  damaged (see above)")
                } else {
                    Terminal.print("\(name)  \(row.questionnaire ?? "") \(row.version ?? "")  回答済み \(row.answered ?? 0)/\(row.total ?? 0)  saved \(row.savedAt ?? "")")
                }
            }
        }
        if damaged { throw ExitCode(2) }
    }
}
