/// Undo and redo as splices of the whole text. Consecutive typing (or deleting) at one spot is one
/// step, the way people think of "what I just typed"; a paste is always a step of its own; any
/// cursor motion ends a group.
struct UndoHistory: Sendable {
    struct Step: Sendable, Equatable {
        var from: Int
        var removed: String
        var inserted: String
        var cursorBefore: Int
        var cursorAfter: Int
        var kind: TextBuffer.EditKind
        /// `inserted.count`, kept: a typing group grows by a key at a time, and counting it again
        /// on every key made typing slow down the longer one typed.
        private(set) var insertedCount: Int

        init(from: Int, removed: String, inserted: String, cursorBefore: Int, cursorAfter: Int, kind: TextBuffer.EditKind) {
            self.from = from
            self.removed = removed
            self.inserted = inserted
            self.cursorBefore = cursorBefore
            self.cursorAfter = cursorAfter
            self.kind = kind
            insertedCount = inserted.count
        }

        /// Typing continued: `count` characters of `inserted` taken back, `text` added.
        mutating func replaceEnd(_ count: Int, with text: String) {
            inserted.removeLast(count)
            inserted += text
            insertedCount += text.count - count
        }
    }

    private var undoSteps: [Step] = []
    private var redoSteps: [Step] = []
    private var groupOpen = false

    var canUndo: Bool { !undoSteps.isEmpty }
    var canRedo: Bool { !redoSteps.isEmpty }
    var lastCursorBefore: Int? { undoSteps.last?.cursorBefore }

    mutating func record(_ step: Step) {
        if !redoSteps.isEmpty { redoSteps.removeAll() }
        // Merged in place: a copy of the last step would copy all the text typed since the group began.
        if !(groupOpen && !undoSteps.isEmpty && Self.merge(step, into: &undoSteps[undoSteps.count - 1])) {
            undoSteps.append(step)
        }
        groupOpen = step.kind != .block && !step.inserted.utf8.contains(0x0A)
    }

    mutating func breakGroup() { groupOpen = false }

    mutating func popUndo() -> Step? {
        groupOpen = false
        guard let step = undoSteps.popLast() else { return nil }
        redoSteps.append(step)
        return step
    }

    mutating func popRedo() -> Step? {
        groupOpen = false
        guard let step = redoSteps.popLast() else { return nil }
        undoSteps.append(step)
        return step
    }

    /// Makes `last` do `next` as well, if `next` continues it at the same spot; false if not.
    static func merge(_ next: Step, into last: inout Step) -> Bool {
        guard last.kind == next.kind else { return false }
        switch next.kind {
        case .typing:
            // The new text starts where the last one ended (it may have absorbed its last character
            // to keep a cluster whole, so compare the ends).
            let lastEnd = last.from + last.insertedCount
            let taken = next.removed.count
            guard next.from + taken == lastEnd, next.from >= last.from,
                  taken == 0 || next.removed == String(last.inserted.suffix(taken)) else { return false }
            last.replaceEnd(taken, with: next.inserted)
        case .deleting:
            guard last.inserted.isEmpty, next.inserted.isEmpty else { return false }
            if next.from + next.removed.count == last.from {  // Backspace, going left
                last.removed = next.removed + last.removed
                last.from = next.from
            } else if next.from == last.from {  // Delete, eating to the right
                last.removed += next.removed
            } else {
                return false
            }
        case .block:
            return false
        }
        last.cursorAfter = next.cursorAfter
        return true
    }
}
