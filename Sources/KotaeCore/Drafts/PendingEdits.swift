/// Edits held back from a copy of the answers until it is read, the keys of a burst of typing
/// merged into one splice.
///
/// A `String` splice moves every byte after it: a key typed near the start of a 100,000-character
/// answer moved 300 KB, in each copy of the answers (the UI's and the draft session's), so a key
/// cost more the further from the end one typed. Held back and merged, a burst of typing moves
/// the rest of the text once, when the copy is next read. The journal is not held back: each key
/// is journaled as it is typed, which is what makes it safe.
public struct PendingEdits: Sendable {
    /// An edit with what applying it needs: where it falls in the text's UTF-8 (nil when the
    /// editor did not say) and when it was made (nil for the UI's copy, which keeps times as
    /// they were).
    public struct Entry: Sendable {
        public var edit: DraftEdit
        public var bytes: SpliceBytes?
        public var time: Timestamp?
    }

    /// In the order made; only the last may still grow.
    public private(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// The item and field of the last edit held, if it is a splice: the field being typed in.
    public var typingField: (item: String, field: String)? {
        guard case .splice(let item, let field, _, _, _)? = entries.last?.edit else { return nil }
        return (item, field)
    }

    /// Holds `edit`. A splice that goes on where the last one ended (the next key typed) or that
    /// takes back the end of what it inserted (Backspace) becomes part of it; applying the merged
    /// splice leaves the text as applying both would.
    public mutating func append(_ edit: DraftEdit, bytes: SpliceBytes? = nil, at time: Timestamp? = nil) {
        // Taken out of the list to grow: the inserted text then has one owner and grows in
        // place (copied on every key, a paste followed by typing copied the paste per key).
        if var last = entries.popLast() {
            let merged = Self.merge(edit, bytes: bytes, time: time, into: &last)
            entries.append(last)
            if merged { return }
        }
        entries.append(Entry(edit: edit, bytes: bytes, time: time))
    }

    /// The edits held, in order, no longer held.
    public mutating func take() -> [Entry] {
        defer { entries = [] }
        return entries
    }

    /// Applies the edits held to `answers`, in order.
    public mutating func apply(to answers: inout Answers) {
        for entry in take() { answers.apply(entry.edit, at: entry.time, bytes: entry.bytes) }
    }

    /// Makes `last` the splice of `last` and then `edit`, when they can be one. Only splices
    /// placed by their UTF-8 (the editor's) are merged: where they fall is then exact, whatever
    /// the characters around them join into.
    private static func merge(_ edit: DraftEdit, bytes: SpliceBytes?, time: Timestamp?, into last: inout Entry) -> Bool {
        guard case .splice(let item, let field, let from, let remove, var text) = last.edit, let lastBytes = last.bytes,
              case .splice(let newItem, let newField, _, let newRemove, let newInsert) = edit, let bytes,
              newItem == item, newField == field else { return false }
        let insertedBytes = text.utf8.count
        let end = lastBytes.from + insertedBytes
        // By bytes alone: counting the characters of what was inserted would cost a long paste's
        // length on every key typed after it. The merged splice starts where the first did and
        // removes what it removed, so its character offsets stay right.
        let continues = bytes.from == end && bytes.removed == 0 && newRemove == 0
        let takesBack = newInsert.isEmpty && bytes.removed > 0 && bytes.removed <= insertedBytes && bytes.from + bytes.removed == end
        guard continues || takesBack else { return false }
        last.edit = .exported  // lets go of the text, which then grows in place
        if continues {
            text += newInsert  // the next key
        } else {
            // Backspace over what was just typed: its last characters go.
            text = String(decoding: text.utf8.dropLast(bytes.removed), as: UTF8.self)
        }
        last = Entry(edit: .splice(item: item, field: field, from: from, remove: remove, insert: text), bytes: lastBytes, time: time)
        return true
    }
}
