/// The keys of DESIGN §6 and the editing keys, as actions. The same key may mean different
/// things on different screens; `update` decides with the state (Enter chooses in a list and
/// makes a newline in text).
public enum KeyMap {
    public static func action(for event: InputEvent) -> Action? {
        switch event {
        case .text(" "): return .space
        case .text(let text): return .type(text)
        case .paste(let text): return .paste(text)
        case .resize(let rows, let columns): return .resize(rows: rows, columns: columns)
        case .alt(let character): return altAction(character)
        case .control(let letter): return controlAction(letter)
        case .key(let key): return keyAction(key)
        case .notUTF8: return .notUTF8
        // The back end's question, which the run loop takes before keys are looked up here.
        case .cursorPosition: return nil
        }
    }

    static func keyAction(_ key: Key) -> Action? {
        switch key {
        case .tab: return .nextField
        case .backTab: return .previousField
        case .pageDown: return .nextItem
        case .pageUp: return .previousItem
        case .enter: return .enter
        case .escape: return .escape
        case .up: return .up
        case .down: return .down
        case .left: return .edit(.left)
        case .right: return .edit(.right)
        case .home: return .edit(.rowStart)
        case .end: return .edit(.rowEnd)
        case .wordLeft: return .edit(.wordLeft)
        case .wordRight: return .edit(.wordRight)
        case .textStart: return .edit(.textStart)
        case .textEnd: return .edit(.textEnd)
        case .backspace: return .edit(.deleteBackward)
        case .delete: return .edit(.deleteForward)
        case .function(1): return .openHelp
        case .insert, .function: return nil
        }
    }

    static func controlAction(_ letter: Character) -> Action? {
        switch letter {
        case "n": return .nextItem
        case "p": return .previousItem
        case "g": return .openGoTo
        case "e": return .externalEditor
        case "r": return .openReview
        case "x": return .openExport
        case "q": return .quit
        case "a": return .edit(.rowStart)
        case "u": return .edit(.undo)
        case "y": return .edit(.redo)
        case "c": return .interrupt
        case "z": return .suspend
        case "l": return .redraw
        case "t": return .takeOver
        default: return nil
        }
    }

    static func altAction(_ character: Character) -> Action? {
        switch character {
        case "b": return .edit(.wordLeft)
        case "f": return .edit(.wordRight)
        case "u": return .edit(.undo)
        case "<": return .edit(.textStart)
        case ">": return .edit(.textEnd)
        default: return nil
        }
    }
}
