/// One change to a draft: the unit that is journaled before the next key is read.
public enum DraftEdit: Sendable, Equatable {
    /// Replace a field's whole value (a choice made, a value set from the command line).
    case set(item: String, field: String, value: FieldValue)
    /// Replace `remove` characters at character offset `from` of a field's text with `insert`:
    /// what typing, deleting and pasting produce, so a journal entry is as small as the keystroke.
    case splice(item: String, field: String, from: Int, remove: Int, insert: String)
    /// The draft was exported.
    case exported

    public var itemID: String? {
        switch self {
        case .set(let item, _, _), .splice(let item, _, _, _, _): return item
        case .exported: return nil
        }
    }
}

extension Draft {
    /// Applies `edit` as of `time`.
    public mutating func apply(_ edit: DraftEdit, at time: Timestamp) {
        if case .exported = edit {
            lastExportedAt = time
        } else {
            answers.apply(edit, at: time)
        }
    }
}

extension Answers {
    /// Applies an answer edit. A splice outside the text is clamped to it, so a journal written by
    /// an older build can never crash a load. With `time` nil the item keeps its timestamp (the
    /// UI's copy of the answers; the draft itself is stamped by its session).
    public mutating func apply(_ edit: DraftEdit, at time: Timestamp?) {
        switch edit {
        case .set(let item, let field, let value):
            set(item: item, field: field, to: value, at: time ?? items[item]?.updatedAt)
        case .splice(let item, let field, let from, let remove, let insert):
            var value = value(item: item, field: field)
            value.text.splice(from: from, remove: remove, insert: insert)
            set(item: item, field: field, to: value, at: time ?? items[item]?.updatedAt)
        case .exported:
            break
        }
    }
}

extension String {
    /// Replaces `remove` characters at character offset `from` with `insert`, clamped to the text.
    mutating func splice(from: Int, remove: Int, insert: String) {
        let start = index(startIndex, offsetBy: Swift.max(0, from), limitedBy: endIndex) ?? endIndex
        let end = index(start, offsetBy: Swift.max(0, remove), limitedBy: endIndex) ?? endIndex
        replaceSubrange(start..<end, with: insert)
    }
}
