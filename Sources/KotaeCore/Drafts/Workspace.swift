/// Where a command finds its drafts and questionnaires: the one place that turns a draft name
/// into an open draft with the questionnaire it answers.
public struct Workspace: Sendable {
    public var home: KotaeHome
    public var catalog: QuestionnaireCatalog

    public init(home: KotaeHome, bundledQuestionnaires: String?) {
        self.home = home
        catalog = QuestionnaireCatalog(folders: [home.questionnaires] + (bundledQuestionnaires.map { [$0] } ?? []))
    }

    public var store: DraftStore { DraftStore(home: home) }

    /// The questionnaire a draft being opened answers (`DraftStore.open(_:answering:…)`), given
    /// the one the draft names (nil for a new draft): the one from `file` if given, else the one
    /// named, else the default; looked up in `definitions`, or in the catalog read now.
    public func questionnaireChooser(file: String?, in definitions: LoadedCatalog? = nil) -> (QuestionnaireReference?) throws -> Questionnaire {
        { reference in
            if let file { return try DefinitionLoader.load(path: file) }
            let definitions = definitions ?? catalog.load()
            if let reference { return try definitions.questionnaire(for: reference) }
            return try definitions.defaultQuestionnaire()
        }
    }

    /// Reads a draft without taking its lock, with the questionnaire it answers.
    public func read(_ name: String, in definitions: LoadedCatalog? = nil) throws -> (Questionnaire, Draft) {
        let draft = try store.read(name)
        var questionnaire = try (definitions ?? catalog.load()).questionnaire(for: draft.questionnaire)
        if questionnaire.sha256 != draft.questionnaire.sha256 {
            // Show the draft as it would open: carried over to the changed definition.
            return (questionnaire, DraftMigration.migrate(draft, to: questionnaire).draft)
        }
        questionnaire.sha256 = draft.questionnaire.sha256
        return (questionnaire, draft)
    }

    public func open(_ name: String, questionnaireFile: String? = nil, in definitions: LoadedCatalog? = nil, command: String,
                     readOnly: Bool = false, create: Bool = true, patience: Double = 10) throws -> (Questionnaire, DraftSession) {
        try store.open(name, answering: questionnaireChooser(file: questionnaireFile, in: definitions), command: command,
                       readOnly: readOnly, create: create, patience: patience)
    }
}

/// One line of a draft list: what `kotae drafts` prints and the launcher shows.
public struct DraftOverview: Sendable {
    public var name: String
    public var questionnaireID: String?
    public var version: String?
    public var title: String?
    public var answered = 0
    public var total = 0
    public var complete = false
    public var savedAt: Timestamp?
    public var lastExportedAt: Timestamp?
    /// The kotae that has it open now, if one has.
    public var holder: LockHolder?
    /// Why the draft cannot be read, for a damaged one (it is listed, never changed).
    public var problem: String? { error.map { ($0 as? KotaeError)?.description ?? "\($0)" } }
    /// The same, as the error itself.
    public var error: (any Error)?
}

extension Workspace {
    /// Every draft's line, each looked up in `definitions` (or in the catalog, read once now).
    public func overviews(in definitions: LoadedCatalog? = nil) -> [DraftOverview] {
        let definitions = definitions ?? catalog.load()
        return store.names().map { name in
            do {
                let (questionnaire, draft) = try read(name, in: definitions)
                let progress = questionnaire.progress(draft.answers)
                return DraftOverview(name: name, questionnaireID: questionnaire.id, version: questionnaire.version,
                                     title: questionnaire.title, answered: progress.done, total: progress.applicable,
                                     complete: questionnaire.isComplete(draft.answers), savedAt: draft.savedAt,
                                     lastExportedAt: draft.lastExportedAt, holder: store.holder(of: name))
            } catch {
                return DraftOverview(name: name, error: error)
            }
        }
    }
}
