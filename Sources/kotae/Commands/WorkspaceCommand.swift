import ArgumentParser
import KotaeCore

/// A command that works on drafts. `Kotae.main` hands it the workspace and the questionnaire
/// definitions, which it started reading on another thread before parsing the command line: the
/// two take about as long each, and only the full-screen UI's first screen waits for both.
protocol WorkspaceCommand: ParsableCommand {
    func run(in workspace: Workspace, definitions: LoadedCatalog) throws
}

extension WorkspaceCommand {
    /// Run on its own (not from `Kotae.main`), a command reads the definitions itself.
    func run() throws {
        let workspace = Workspace.current()
        try run(in: workspace, definitions: workspace.catalog.load())
    }
}
