import ArgumentParser
import Foundation
import KotaeCore
import KotaeText

struct Answer: WorkspaceCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Set one answer without the full-screen UI (for scripts); creates the draft if it is new.",
        discussion: """
        ITEM is an item id (1-1) or item.field for a compound item (2-10.method, respondent.email).
        Choices take an option id or its label; multi fields take several, separated by commas.
        An empty --value clears the answer. A value that is not valid yet is kept, with a warning.
        """
    )

    @Argument(help: "The draft's name.")
    var draft: String

    @Argument(help: "ITEM or ITEM.FIELD.")
    var item: String

    @Option(help: "The answer.")
    var value: String?

    @Option(help: "Read the answer from this file ('-' for standard input).")
    var file: String?

    @Option(help: "The free text of an option such as その他.")
    var other: String?

    @Option(help: "The questionnaire definition for a new draft (default: the bundled one).")
    var questionnaire: String?

    func validate() throws {
        if (value == nil) == (file == nil) {
            throw ValidationError("Give the answer with exactly one of --value or --file.")
        }
    }

    func run(in workspace: Workspace, definitions: LoadedCatalog) throws {
        try reportingErrors {
            // Line ends as the full-screen UI keeps them: a file from Windows has "\r\n".
            let input = TextBuffer.normalizingNewlines(try readInput())
            let (definition, session) = try workspace.open(draft, questionnaireFile: questionnaire, in: definitions, command: "answer")
            reportMigration(session)
            let (itemID, fieldName) = split(item)
            guard let target = definition.item(itemID) else {
                throw KotaeError.unknownItem(id: itemID, questionnaire: definition.id)
            }
            let field = try resolveField(fieldName, of: target)
            let path = target.path(of: field)
            let value = try AnswerInput.value(input, other: other, for: field, path: path)
            let edit = DraftEdit.set(item: target.id, field: field.name, value: value)
            let hidden = definition.itemsHidden(by: edit, from: session.draft.answers)
            try session.record(edit)
            try session.close()
            if let problem = Validator.problem(with: value, in: field), !value.isEmpty {
                Terminal.printError("\(path) is saved, but not valid yet: \(problem)")
            }
            // Said, not asked: the full-screen UI asks before hiding answers, a script cannot be asked.
            if !value.isEmpty && !definition.applies(target, answers: session.draft.answers) {
                Terminal.printError("\(path) is saved, but \(target.id) does not apply with the other answers: "
                                    + "it is kept, and not exported unless it applies again.")
            }
            if hidden.count == 1 {
                Terminal.printError("With this answer \(hidden[0]) no longer applies: its answer is kept, and not exported unless it applies again.")
            } else if hidden.count > 1 {
                Terminal.printError("With this answer \(hidden.joined(separator: ", ")) no longer apply: their answers are kept, "
                                    + "and not exported unless they apply again.")
            }
        }
    }

    private func readInput() throws -> String {
        if let value { return value }
        guard let file else { return "" }
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = try FileSystem.read(file)
        }
        guard let text = FileSystem.utf8Text(data) else {
            throw KotaeError.badValue(path: item, reason: "\(file) is not UTF-8 text")
        }
        return text
    }

    private func split(_ path: String) -> (String, String?) {
        guard let dot = path.firstIndex(of: ".") else { return (path, nil) }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }

    private func resolveField(_ name: String?, of item: Item) throws -> Field {
        let known = item.fields.map { item.path(of: $0) }
        if let name {
            guard let field = item.field(name), !name.isEmpty else {
                throw KotaeError.unknownField(item: item.id, field: name, known: known)
            }
            return field
        }
        guard !item.isCompound else {
            throw KotaeError.badValue(path: item.id, reason: "it has several fields; name one of \(known.joined(separator: ", "))")
        }
        return item.fields[0]
    }
}

func reportMigration(_ session: DraftSession) {
    guard let migration = session.migration else { return }
    var message = "The questionnaire of '\(session.draft.name)' changed; the draft now follows it."
    if !migration.orphaned.isEmpty {
        message += " Answers with no place in it (\(migration.orphaned.joined(separator: ", "))) are kept in \(migration.backupPath ?? "the old draft")."
    }
    Terminal.printError(message)
}
