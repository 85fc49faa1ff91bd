import Crypto
import Foundation

/// The canonical submission. Keys are sorted and items keep definition order; `digest` is the
/// SHA-256 of the same document without `exportedAt` and `digest`, written compactly, so two
/// exports of the same answers carry the same digest.
public enum JSONExporter {
    public static func render(_ submission: Submission, exportedAt: Timestamp) -> Data {
        var document = Document(submission)
        let digest = SHA256.hash(data: encode(document, pretty: false))
        document.digest = "sha256:" + digest.hexString
        document.exportedAt = exportedAt
        var data = encode(document, pretty: true)
        data.append(0x0A)
        return data
    }

    static func encode(_ document: Document, pretty: Bool) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        return (try? encoder.encode(document)) ?? Data()
    }

    struct Document: Encodable {
        var format = "kotae-submission"
        var formatVersion = 1
        var questionnaire: QuestionnaireInfo
        var respondent: [FieldEntry]
        var items: [ItemEntry]
        var exportedAt: Timestamp?
        var digest: String?

        init(_ submission: Submission) {
            let q = submission.questionnaire
            questionnaire = QuestionnaireInfo(id: q.id, version: q.version, title: q.title, sha256: q.sha256)
            respondent = submission.respondent.map(FieldEntry.init)
            items = submission.entries.map(ItemEntry.init)
        }
    }

    struct QuestionnaireInfo: Encodable {
        var id, version, title, sha256: String
    }

    struct ItemEntry: Encodable {
        var id: String
        var section: String
        var question: String
        var status: String
        var answer: Value?
        var fields: [FieldEntry]?

        init(_ entry: Submission.Entry) {
            id = entry.item.id
            section = entry.section.id
            question = entry.item.question
            guard entry.applies else {
                status = "not-applicable"
                return
            }
            status = entry.values.allSatisfy({ $0.value == .none }) ? "skipped" : "answered"
            if entry.item.isCompound {
                fields = entry.values.map(FieldEntry.init)
            } else {
                answer = entry.values.first.map { Value($0.value) }
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(section, forKey: .section)
            try container.encode(question, forKey: .question)
            try container.encode(status, forKey: .status)
            if status != "not-applicable" {
                if let fields { try container.encode(fields, forKey: .fields) } else { try container.encode(answer, forKey: .answer) }
            }
        }

        enum CodingKeys: String, CodingKey { case id, section, question, status, answer, fields }
    }

    struct FieldEntry: Encodable {
        var id: String
        var label: String?
        var value: Value
        var unit: String?

        init(_ pair: (field: Field, value: SubmittedValue)) {
            id = pair.field.name
            label = pair.field.label
            value = Value(pair.value)
            unit = pair.field.unit
        }
    }

    struct Value: Encodable {
        var value: SubmittedValue

        init(_ value: SubmittedValue) {
            self.value = value
        }

        struct Chosen: Encodable {
            var option: String
            var label: String
            var text: String?

            init(_ chosen: SubmittedValue.ChosenOption) {
                option = chosen.id
                label = chosen.label
                text = chosen.text
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .none: try container.encodeNil()
            case .text(let text), .date(let text): try container.encode(text)
            case .integer(let number): try container.encode(number)
            case .option(let chosen): try container.encode(Chosen(chosen))
            case .options(let chosen): try container.encode(chosen.map(Chosen.init))
            }
        }
    }
}
