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

/// Where a splice falls in the UTF-8 of the field's text, when the editor knows it: the text
/// held in memory is then changed in place without walking it character by character (a
/// 100,000-character answer costs the same per key as an empty one). Never journaled: the
/// journal replays by character offsets.
public struct SpliceBytes: Sendable, Equatable {
    public var from: Int
    public var removed: Int

    public init(from: Int, removed: Int) {
        self.from = from
        self.removed = removed
    }
}

extension Draft {
    /// Applies `edit` as of `time`.
    public mutating func apply(_ edit: DraftEdit, at time: Timestamp, bytes: SpliceBytes? = nil) {
        if case .exported = edit {
            lastExportedAt = time
        } else {
            answers.apply(edit, at: time, bytes: bytes)
        }
    }
}

extension Answers {
    /// Applies an answer edit. A splice outside the text is clamped to it, so a journal written by
    /// an older build can never crash a load. With `time` nil the item keeps its timestamp (the
    /// UI's copy of the answers; the draft itself is stamped by its session).
    public mutating func apply(_ edit: DraftEdit, at time: Timestamp?, bytes: SpliceBytes? = nil) {
        switch edit {
        case .set(let item, let field, let value):
            set(item: item, field: field, to: value, at: time ?? items[item]?.updatedAt)
        case .splice(let item, let field, let from, let remove, let insert):
            // In place, through the dictionaries (a copy of the value would copy the whole text),
            // and each key looked up once: a keystroke's splice looked its two keys up eight times.
            items[item, default: ItemAnswer()].splice(field: field, from: from, remove: remove, insert: insert, bytes: bytes, at: time)
        case .exported:
            break
        }
    }
}

extension ItemAnswer {
    mutating func splice(field: String, from: Int, remove: Int, insert: String, bytes: SpliceBytes?, at time: Timestamp?) {
        fields[field, default: FieldValue()].text.splice(from: from, remove: remove, insert: insert, bytes: bytes)
        // Only a splice that inserts nothing can leave the value empty.
        if insert.isEmpty, fields[field]?.isEmpty == true { fields[field] = nil }
        if let time { updatedAt = time }
    }
}

extension String {
    /// Replaces `remove` characters at character offset `from` with `insert`, clamped to the text.
    /// `bytes`, when given, places the change by UTF-8 offsets instead (O(1) to find).
    mutating func splice(from: Int, remove: Int, insert: String, bytes: SpliceBytes? = nil) {
        if let bytes, bytes.from >= 0, bytes.removed >= 0,
           let start = utf8.index(utf8.startIndex, offsetBy: bytes.from, limitedBy: utf8.endIndex),
           let end = utf8.index(start, offsetBy: bytes.removed, limitedBy: utf8.endIndex) {
            replaceSubrange(start..<end, with: insert)
            return
        }
        let start = index(startIndex, offsetBy: Swift.max(0, from), limitedBy: endIndex) ?? endIndex
        let end = index(start, offsetBy: Swift.max(0, remove), limitedBy: endIndex) ?? endIndex
        replaceSubrange(start..<end, with: insert)
    }
}
