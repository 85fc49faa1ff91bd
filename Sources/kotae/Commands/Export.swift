import ArgumentParser
import Foundation
import KotaeCore

extension ExportFormat: ExpressibleByArgument {}

struct Export: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a complete draft as JSON, Markdown or CSV.",
        discussion: "An incomplete draft is refused (exit 1) with every missing or invalid item on stderr."
    )

    @Argument(help: "The draft's name.")
    var draft: String

    @Option(help: "json, markdown or csv.")
    var format: ExportFormat

    @Option(name: .shortAndLong, help: "Write here (mode 0600) instead of standard output.")
    var output: String?

    func run(in workspace: Workspace, definitions: LoadedCatalog) throws {
        try reportingErrors {
            let (questionnaire, draft) = try workspace.read(self.draft, in: definitions)
            let submission = try Submission(questionnaire: questionnaire, draft: draft)
            let now = Timestamp.now()
            let data = format.render(submission, exportedAt: now)
            if let output {
                try Exporter.write(data, to: output)
            } else {
                FileHandle.standardOutput.write(data)
            }
            recordExport(workspace, definitions, at: now)
        }
    }

    /// Notes the export in the draft; if the draft is open elsewhere, the export still stands.
    private func recordExport(_ workspace: Workspace, _ definitions: LoadedCatalog, at time: Timestamp) {
        guard let (_, session) = try? workspace.open(draft, in: definitions, command: "export", create: false, patience: 1) else { return }
        try? session.record(.exported, at: time)
        try? session.close()
    }
}
