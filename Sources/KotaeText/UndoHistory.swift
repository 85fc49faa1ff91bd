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
    }

    private var undoSteps: [Step] = []
    private var redoSteps: [Step] = []
    private var groupOpen = false

    var canUndo: Bool { !undoSteps.isEmpty }
    var canRedo: Bool { !redoSteps.isEmpty }
    var lastCursorBefore: Int? { undoSteps.last?.cursorBefore }

    mutating func record(_ step: Step) {
        redoSteps.removeAll()
        if groupOpen, let last = undoSteps.last, let merged = Self.merge(last, step) {
            undoSteps[undoSteps.count - 1] = merged
        } else {
            undoSteps.append(step)
        }
        groupOpen = step.kind != .block && !step.inserted.contains("\n")
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

    /// One step doing both, if `next` continues `last` at the same spot.
    static func merge(_ last: Step, _ next: Step) -> Step? {
        guard last.kind == next.kind else { return nil }
        switch next.kind {
        case .typing:
            // The new text starts where the last one ended (it may have absorbed its last character
            // to keep a cluster whole, so compare the ends).
            let lastEnd = last.from + last.inserted.count
            guard next.from + next.removed.count == lastEnd, next.from >= last.from,
                  next.removed == String(last.inserted.suffix(next.removed.count)) else { return nil }
            return Step(from: last.from, removed: last.removed,
                        inserted: String(last.inserted.dropLast(next.removed.count)) + next.inserted,
                        cursorBefore: last.cursorBefore, cursorAfter: next.cursorAfter, kind: .typing)
        case .deleting:
            guard last.inserted.isEmpty, next.inserted.isEmpty else { return nil }
            if next.from + next.removed.count == last.from {  // Backspace, going left
                return Step(from: next.from, removed: next.removed + last.removed, inserted: "",
                            cursorBefore: last.cursorBefore, cursorAfter: next.cursorAfter, kind: .deleting)
            }
            if next.from == last.from {  // Delete, eating to the right
                return Step(from: last.from, removed: last.removed + next.removed, inserted: "",
                            cursorBefore: last.cursorBefore, cursorAfter: next.cursorAfter, kind: .deleting)
            }
            return nil
        case .block:
            return nil
        }
    }
}
