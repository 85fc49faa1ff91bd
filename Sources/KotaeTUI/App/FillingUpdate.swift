import KotaeCore
import KotaeText

extension AppState {
    mutating func updateFilling(_ action: Action) -> [Effect] {
        // No local copy of the filling state may live while an editor changes: it would share the
        // editor's storage and make the edit copy the whole text. Hence `self.filling!` below.
        guard self.filling != nil else { return [] }
        let path = self.filling!.focusedPath
        let isOptions = path.flatMap { self.filling!.field(at: $0) }.map { $0.kind.isOptionList && path?.part == .value } ?? false
        // Typing held back from the answers goes on only in the text it was typed into (Space and
        // Enter on a list of options choose, which reads and sets the answer).
        if self.filling!.hasPendingEdits, isOptions || !(path.map { self.filling!.holdsEdits(typedAt: $0) } ?? false) {
            self.filling!.applyPendingEdits()
        }
        switch action {
        case .nextField: return moveFocus(by: 1, crossItems: true)
        case .previousField: return moveFocus(by: -1, crossItems: true)
        case .nextItem:
            guard self.filling!.itemIndex + 1 < self.filling!.items.count else {
                message = Message(strings.lastItem)
                return []
            }
            return enterItem(self.filling!.itemIndex + 1, focusLast: false, snapshot: true)
        case .previousItem:
            guard self.filling!.itemIndex > 0 else {
                message = Message(strings.firstItem)
                return []
            }
            return enterItem(self.filling!.itemIndex - 1, focusLast: false, snapshot: true)
        case .up, .down:
            let step = action == .up ? -1 : 1
            guard let path else { return [] }
            if isOptions { return moveOptionCursor(path, by: step) }
            guard let editor = self.filling!.editors[path] else { return [] }
            let row = editor.cursorLocation.row
            if (step < 0 && row == 0) || (step > 0 && row == editor.layout.rowCount - 1) {
                return moveFocus(by: step, crossItems: false)
            }
            return editText(at: path, step < 0 ? .up : .down, isFocused: true)
        case .enter:
            guard let path, let field = self.filling!.field(at: path) else { return [] }
            if isOptions { return choose(path) }
            if case .text = field.kind, path.part == .value { return editText(at: path, .insert("\n"), isFocused: true) }
            return moveFocus(by: 1, crossItems: true)
        case .space:
            guard let path else { return [] }
            return isOptions ? choose(path) : editText(at: path, .insert(" "), isFocused: true)
        case .type(let text):
            guard let path, !isOptions else { return [] }
            return editText(at: path, .insert(typed(text, at: path)), isFocused: true)
        case .paste(let text):
            guard let path, !isOptions, self.filling!.field(at: path) != nil else { return [] }
            return editText(at: path, .paste(arriving(text, at: path)), isFocused: true)
        case .edit(let command):
            guard let path, !isOptions else { return [] }
            return editText(at: path, command, isFocused: true)
        case .externalEditor:
            guard let path, !isOptions, let editor = self.filling!.editors[path] else {
                message = Message(strings.notTextField)
                return []
            }
            if self.filling!.readOnly {
                message = Message(strings.readOnlyRefusal(heldBy: self.filling!.heldBy), kind: .warning)
                return []
            }
            return [.editExternally(path, editor.text)]
        case .takeOver:
            guard self.filling!.readOnly, let writer = self.filling!.heldBy else { return [] }
            if writer.onThisMachine {
                mode = .confirm(.takingOver(writer))
            } else {
                message = Message(strings.takeOverElsewhere(writer.host), kind: .warning)
            }
        case .openGoTo:
            mode = .goTo(TextEditor(text: "", width: 1_000, widths: widths, kinsoku: false))
        case .openReview:
            mode = .review(selection: 0)
        case .openExport:
            mode = .export(ExportState(folder: self.filling!.exportFolder, width: 1_000, widths: widths))
        case .openHelp:
            mode = .help(returnTo: .filling)
        case .interrupt:
            if case .failed = self.filling!.saveState {
                message = Message(strings.ctrlCHintUnsaved, kind: .warning)
            } else {
                message = Message(strings.ctrlCHint)
            }
        case .escape:
            message = nil
        default:
            break
        }
        return []
    }

    /// Text that arrives whole (a paste, what the external editor saved) as the field at `path`
    /// takes it: a text answer keeps its lines, a one-line field gets them as one, and each is
    /// `typed` as well.
    func arriving(_ text: String, at path: FieldPath) -> String {
        if case .text = self.filling?.field(at: path)?.kind, path.part == .value { return typed(text, at: path) }
        return typed(Self.oneLine(text), at: path)
    }

    /// Text typed into the field at `path`, as the field keeps it: half-width where only that
    /// makes sense (`FieldKind.takesHalfWidth`), as typed everywhere else.
    func typed(_ text: String, at path: FieldPath) -> String {
        // ASCII, most keys, needs no look at the field.
        guard !text.utf8.allSatisfy({ $0 < 0x80 }), path.part == .value,
              let field = self.filling?.item.field(path.field), field.kind.takesHalfWidth else { return text }
        return Validator.halfWidthForm(of: text)
    }

    /// A pasted block for a one-line field: line breaks become spaces, a final one is dropped.
    static func oneLine(_ text: String) -> String {
        var lines = TextBuffer.normalizingNewlines(text).split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: " ")
    }

    // MARK: Moving around

    /// Opens item `index` with the cursor in its first (or last) field, or in the field named
    /// `field` (a problem picked in review), ready to type.
    mutating func enterItem(_ index: Int, focusLast: Bool, snapshot: Bool, focusing field: String? = nil) -> [Effect] {
        guard var filling else { return [] }
        let changed = index != filling.itemIndex
        filling.itemIndex = min(max(0, index), filling.items.count - 1)
        let stops = filling.stops(of: filling.item)
        filling.focus = focusLast ? max(0, stops.count - 1) : 0
        if let field {
            // A chosen その他 still without its text is what review points at: its box, not the list.
            let item = filling.item.id, other = FieldPath(item: item, field: field, part: .other)
            let undescribed = stops.contains(other) && filling.answers.value(item: item, field: field).text.isEmpty
            if let stop = stops.firstIndex(of: undescribed ? other : FieldPath(item: item, field: field)) { filling.focus = stop }
        }
        self.filling = filling
        if changed { message = nil }
        var effects = prepareEditors()
        if snapshot && changed { effects.insert(.snapshot, at: 0) }
        keepCursorVisible()
        return effects
    }

    /// Tab and Shift-Tab: the next focus stop, into the next item that applies when this one ends.
    mutating func moveFocus(by step: Int, crossItems: Bool) -> [Effect] {
        guard var filling else { return [] }
        let stops = filling.stops(of: filling.item)
        let target = filling.focus + step
        if target >= 0 && target < stops.count {
            filling.focus = target
            self.filling = filling
            let effects = prepareEditors()
            keepCursorVisible()
            return effects
        }
        guard crossItems else { return [] }
        var index = filling.itemIndex + step
        while index >= 0 && index < filling.items.count && !filling.applies(filling.items[index]) { index += step }
        guard index >= 0 && index < filling.items.count else {
            message = Message(step > 0 ? strings.lastItem : strings.firstItem)
            return []
        }
        return enterItem(index, focusLast: step < 0, snapshot: true)
    }

    mutating func moveOptionCursor(_ path: FieldPath, by step: Int) -> [Effect] {
        guard let filling, let field = filling.field(at: path) else { return [] }
        let current = filling.optionCursor[path] ?? 0
        let target = current + step
        guard target >= 0 && target < field.options.count else { return moveFocus(by: step, crossItems: false) }
        self.filling?.optionCursor[path] = target
        return []
    }

    /// Makes sure every text-like field of the current item has an editor at the current width.
    /// A stored text with Windows line breaks is normalised once, and that is saved, so what the
    /// editor shows and what the draft holds never differ.
    mutating func prepareEditors() -> [Effect] {
        guard var filling else { return [] }
        var effects: [Effect] = []
        let width = geometry.editorWidth
        for path in filling.stops(of: filling.item) {
            guard let field = filling.field(at: path), path.part == .other || !field.kind.isOptionList else { continue }
            if var editor = filling.editors[path] {
                editor.resize(width: width)
                filling.editors[path] = editor
                continue
            }
            var value = filling.answers.value(item: path.item, field: path.field)
            var editor = TextEditor(text: value.text, width: width, widths: widths)
            // Coming back to an answer (days later, too) is to go on writing it.
            editor.perform(.textEnd)
            // Only a carriage return can make the editor's text differ from the stored one.
            if value.text.containsCarriageReturn && editor.text != value.text && !filling.readOnly {
                value.text = editor.text
                filling.set(item: path.item, field: path.field, to: value)
                effects.append(.record(.set(item: path.item, field: path.field, value: value)))
            }
            filling.editors[path] = editor
        }
        filling.wrappedItem = ItemLayout.wrappedText(of: filling, width: geometry.contentWidth, widths: widths)
        self.filling = filling
        return effects
    }

    // MARK: Changing answers

    /// Runs an editing command in the text field at `path` and journals what changed.
    /// `isFocused`: `path` is the focused field (the keys' edits), so keeping the cursor in view
    /// need not find the focus again.
    mutating func editText(at path: FieldPath, _ command: EditCommand, isFocused: Bool = false) -> [Effect] {
        // Asked by index: `editors[path] != nil` copied the editor to compare it with nil.
        guard let readOnly = filling?.readOnly, filling?.editors.index(forKey: path) != nil else { return [] }
        if readOnly && command.changesText {
            message = Message(strings.readOnlyRefusal(heldBy: self.filling!.heldBy), kind: .warning)
            return []
        }
        if command.changesText && filling!.frozenCounts[path] == nil {
            filling!.frozenCounts[path] = filling!.editors[path]!.buffer.characterCount
        }
        // In place: a copy of the editor or of the answers would copy the whole text.
        let splice = filling!.editors[path]!.perform(command)
        defer { keepCursorVisible(focused: isFocused ? path : nil) }
        guard let splice else { return [] }
        return apply(.splice(item: path.item, field: path.field, from: splice.from, remove: splice.removed, insert: splice.inserted),
                     bytes: SpliceBytes(from: splice.utf8From, removed: splice.utf8Removed))
    }

    /// Applies an answer change to the UI's copy and asks the run loop to persist it.
    mutating func apply(_ edit: DraftEdit, bytes: SpliceBytes? = nil) -> [Effect] {
        filling?.apply(edit, bytes: bytes)
        return [.record(edit, bytes: bytes)]
    }

    /// Enter or Space on an option: choose it (choice) or toggle it (multi). A choice that would
    /// hide answered items asks first.
    mutating func choose(_ path: FieldPath) -> [Effect] {
        guard let filling, let field = filling.field(at: path) else { return [] }
        if filling.readOnly {
            message = Message(strings.readOnlyRefusal(heldBy: self.filling!.heldBy), kind: .warning)
            return []
        }
        let option = field.options[min(filling.optionCursor[path] ?? 0, field.options.count - 1)]
        var value = filling.answers.value(item: path.item, field: path.field)
        if case .multi = field.kind {
            if value.selected.contains(option.id) {
                value.selected.removeAll { $0 == option.id }
            } else {
                value.selected = field.options.map(\.id).filter { value.selected.contains($0) || $0 == option.id }
            }
        } else {
            guard value.selected != [option.id] else { return [] }
            value.selected = [option.id]
        }
        let edit = DraftEdit.set(item: path.item, field: path.field, value: value)
        let hidden = itemsHidden(by: edit)
        if !hidden.isEmpty {
            mode = .confirm(.hiding(edit, hidden: hidden))
            return []
        }
        var effects = apply(edit)
        if option.takesText && value.selected.contains(option.id) {
            // その他 chosen: straight into its text.
            let other = FieldPath(item: path.item, field: path.field, part: .other)
            if let index = self.filling?.stops(of: self.filling!.item).firstIndex(of: other) { self.filling?.focus = index }
            effects += prepareEditors()
        }
        return effects
    }

    /// Items that hold an answer and would stop applying after `edit`.
    func itemsHidden(by edit: DraftEdit) -> [String] {
        guard let filling else { return [] }
        return filling.questionnaire.itemsHidden(by: edit, from: filling.answers)
    }
}

extension EditCommand {
    var changesText: Bool {
        switch self {
        case .insert, .paste, .replaceAll, .deleteBackward, .deleteForward, .undo, .redo: return true
        default: return false
        }
    }
}
