import Foundation

/// The questionnaire definitions Kotae knows: the user's own folder first, then the bundled ones.
public struct QuestionnaireCatalog: Sendable {
    public struct Entry: Sendable {
        public var path: String
        public var result: Result<Questionnaire, Error>

        public var questionnaire: Questionnaire? { try? result.get() }
    }

    public var folders: [String]

    public init(folders: [String]) {
        self.folders = folders
    }

    /// Every `.yaml`/`.yml` file in the folders, read and checked now. Each definition takes
    /// milliseconds; a command reads them once and looks everything up in what this returns.
    public func load() -> LoadedCatalog {
        let entries = folders.flatMap { folder -> [Entry] in
            FileSystem.fileNames(in: folder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { file in
                let path = folder + "/" + file
                return Entry(path: path, result: Result { try DefinitionLoader.load(path: path) })
            }
        }
        return LoadedCatalog(folders: folders, entries: entries)
    }
}

/// A catalog's definitions as read at one moment, with why any of them could not be.
public struct LoadedCatalog: Sendable {
    public var folders: [String]
    public var entries: [QuestionnaireCatalog.Entry]

    /// The definitions that load, in catalog order.
    public var questionnaires: [Questionnaire] { entries.compactMap(\.questionnaire) }

    /// The definition a draft answers: the same file contents if still there, else the first
    /// definition with the same id (the draft is then carried over to it).
    public func questionnaire(for reference: QuestionnaireReference) throws -> Questionnaire {
        let loaded = questionnaires
        if let same = loaded.first(where: { $0.sha256 == reference.sha256 }) { return same }
        if let sameID = loaded.first(where: { $0.id == reference.id }) { return sameID }
        throw KotaeError.questionnaireNotFound(id: reference.id, version: reference.version)
    }

    /// The questionnaire a new draft answers when none is named: the first one that loads.
    public func defaultQuestionnaire() throws -> Questionnaire {
        if let first = entries.lazy.compactMap(\.questionnaire).first { return first }
        if let broken = entries.first, case .failure(let error) = broken.result { throw error }
        throw KotaeError.unreadableFile(path: folders.joined(separator: ", "), reason: "no questionnaire definition was found there")
    }
}
