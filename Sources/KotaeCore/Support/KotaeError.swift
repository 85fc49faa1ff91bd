/// Everything that can go wrong for a person using Kotae, each as one sentence that names the
/// file, draft or item concerned. Commands print `description` and exit with `exitCode`.
public enum KotaeError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case corruptDraft(path: String, damage: DraftDamage)
    case draftFromNewerKotae(path: String, formatVersion: Int)
    case draftNotFound(name: String, folder: String)
    case draftExists(name: String)
    case invalidDraftName(String)
    case draftLocked(path: String, holder: LockHolder)
    case questionnaireNotFound(id: String, version: String)
    case unknownItem(id: String, questionnaire: String)
    case unknownField(item: String, field: String, known: [String])
    case badValue(path: String, reason: String)
    case incomplete(draft: String, shortfalls: [String])
    case exportTarget(path: String, problem: ExportTargetProblem)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "Cannot read \(path): \(reason)."
        case .writeFailed(let path, let reason):
            return "Could not save \(path): \(reason); the last saved version is unchanged."
        case .corruptDraft(let path, let damage):
            return "The draft \(path) is damaged (\(damage)); it was left untouched."
        case .draftFromNewerKotae(let path, let version):
            return "The draft \(path) was written by a newer Kotae (format \(version)); update Kotae to open it."
        case .draftNotFound(let name, let folder):
            return "There is no draft named '\(name)' in \(folder)."
        case .draftExists(let name):
            return "A draft named '\(name)' already exists."
        case .invalidDraftName(let name):
            return "'\(name)' cannot be a draft name: it must not be empty, start with '.', hold '/', '\\' or control characters, or be longer than 120 characters."
        case .draftLocked(let path, let holder):
            return "The draft \(path) is open in another kotae (\(holder)); close that one, or open the draft with kotae fill, where Ctrl-T takes it over."
        case .questionnaireNotFound(let id, let version):
            return "The questionnaire \(id) version \(version) that this draft answers is not installed."
        case .unknownItem(let id, let questionnaire):
            return "There is no item '\(id)' in the questionnaire \(questionnaire)."
        case .unknownField(let item, let field, let known):
            return "Item \(item) has no field '\(field)' (its fields: \(known.joined(separator: ", ")))."
        case .badValue(let path, let reason):
            return "Cannot set \(path): \(reason)."
        case .incomplete(let draft, let shortfalls):
            return "The draft '\(draft)' is not complete (\(shortfalls.count) to fix):\n"
                + shortfalls.map { "  \($0)" }.joined(separator: "\n")
        case .exportTarget(let path, let problem):
            return "Cannot export to \(path): \(problem)."
        }
    }

    /// Exit codes documented in README.md.
    public var exitCode: Int32 {
        switch self {
        case .incomplete: return 1
        case .unreadableFile, .corruptDraft, .draftFromNewerKotae, .draftNotFound, .draftExists, .invalidDraftName,
             .questionnaireNotFound, .unknownItem, .unknownField, .badValue: return 2
        case .draftLocked: return 3
        case .writeFailed, .exportTarget: return 4
        }
    }
}

/// What is wrong with a damaged draft: a value, so that each language says it in its own words.
public enum DraftDamage: Sendable, Equatable, CustomStringConvertible {
    case empty
    case notADraft
    /// The journal's line (counted from 1) that cannot be read.
    case journalLine(Int)

    public var description: String {
        switch self {
        case .empty: return "the file is empty"
        case .notADraft: return "it is not a Kotae draft in JSON"
        case .journalLine(let line): return "line \(line) of the journal cannot be read"
        }
    }
}

/// Why an export could not be written where asked: a value, so the UI can say it in Japanese.
public enum ExportTargetProblem: Sendable, Equatable, CustomStringConvertible {
    case isFolder
    case isSymbolicLink
    case notRegularFile
    case missingFolder(String)
    /// The system's reason (errno's text) for a write that failed.
    case writeFailed(String)

    public var description: String {
        switch self {
        case .isFolder: return "it is a folder"
        case .isSymbolicLink: return "it is a symbolic link"
        case .notRegularFile: return "it is not a regular file"
        case .missingFolder(let folder): return "the folder \(folder) does not exist"
        case .writeFailed(let reason): return reason
        }
    }
}
