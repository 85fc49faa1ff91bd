/// A respondent's work on one questionnaire: what the draft file holds.
public struct Draft: Sendable, Equatable {
    /// Bumped when the file format changes incompatibly; a newer draft is refused, not misread.
    public static let formatVersion = 1

    public var name: String
    public var questionnaire: QuestionnaireReference
    public var createdAt: Timestamp
    public var savedAt: Timestamp
    public var lastExportedAt: Timestamp?
    /// Respondent block under `Item.respondentID`, then every item's answers.
    public var answers: Answers
    /// The last journal entry folded into this snapshot (see `DraftJournal`).
    public var journalSequence: Int

    public init(name: String, questionnaire: Questionnaire, at time: Timestamp) {
        self.name = name
        self.questionnaire = QuestionnaireReference(questionnaire)
        createdAt = time
        savedAt = time
        answers = Answers()
        journalSequence = 0
    }
}

/// Which definition a draft answers; the digest tells when the definition file changed.
public struct QuestionnaireReference: Sendable, Equatable, Codable {
    public var id: String
    public var version: String
    public var sha256: String

    public init(_ questionnaire: Questionnaire) {
        id = questionnaire.id
        version = questionnaire.version
        sha256 = questionnaire.sha256
    }
}

extension Draft: Codable {
    enum CodingKeys: String, CodingKey {
        case format, formatVersion, name, questionnaire, createdAt, savedAt, lastExportedAt
        case respondent, answers, journalSequence
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == "kotae-draft" else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: container, debugDescription: "not a Kotae draft")
        }
        let version = try container.decode(Int.self, forKey: .formatVersion)
        guard version <= Draft.formatVersion else { throw NewerDraftFormat(version: version) }
        name = try container.decode(String.self, forKey: .name)
        questionnaire = try container.decode(QuestionnaireReference.self, forKey: .questionnaire)
        createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
        savedAt = try container.decode(Timestamp.self, forKey: .savedAt)
        lastExportedAt = try container.decodeIfPresent(Timestamp.self, forKey: .lastExportedAt)
        var items = try container.decode([String: ItemAnswer].self, forKey: .answers)
        items[Item.respondentID] = try container.decodeIfPresent(ItemAnswer.self, forKey: .respondent)
        answers = Answers(items: items)
        journalSequence = try container.decodeIfPresent(Int.self, forKey: .journalSequence) ?? 0
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("kotae-draft", forKey: .format)
        try container.encode(Draft.formatVersion, forKey: .formatVersion)
        try container.encode(name, forKey: .name)
        try container.encode(questionnaire, forKey: .questionnaire)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(savedAt, forKey: .savedAt)
        try container.encodeIfPresent(lastExportedAt, forKey: .lastExportedAt)
        try container.encodeIfPresent(answers.items[Item.respondentID], forKey: .respondent)
        var items = answers.items
        items[Item.respondentID] = nil
        try container.encode(items, forKey: .answers)
        try container.encode(journalSequence, forKey: .journalSequence)
    }
}

struct NewerDraftFormat: Error {
    var version: Int
}
