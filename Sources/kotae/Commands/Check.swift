import ArgumentParser
import Foundation
import KotaeCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint questionnaire definitions; print every problem as file:line:column.",
        discussion: "Exit 0 when every file is sound, 1 when any has problems, 2 when a file cannot be read."
    )

    @Argument(help: "Definition files (YAML).")
    var files: [String]

    func run() throws {
        var worst: Int32 = 0
        for file in files {
            do {
                let questionnaire = try DefinitionLoader.load(path: file)
                Terminal.print("\(file): ok — \(questionnaire.id) \(questionnaire.version), \(questionnaire.items.count) items")
            } catch let error as DefinitionError {
                error.problems.forEach { Terminal.print($0.description) }
                worst = max(worst, 1)
            } catch let error as KotaeError {
                Terminal.printError(error.description)
                worst = max(worst, 2)
            }
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
