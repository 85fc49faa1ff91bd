import KotaeCore
import KotaeText

/// Draws the state onto a canvas: a pure function, so every screen can be tested without a
/// terminal by comparing `canvas.text` with a golden file.
public func view(_ state: AppState) -> Canvas {
    var frame: Frame?
    compose(state, over: &frame)
    return frame!.canvas
}

/// `view`, drawn over the frame before (see `Renderer`), in place: the parts that would show the
/// same are left as they are, neither read nor written, and the others are cleared and drawn
/// again. A blank frame when there is none or its grid or widths differ, so no part's content
/// needs to name the size. (In place, not taken and returned: a frame is 500 bytes, and each
/// move of it wrote them to the stack again.)
func compose(_ state: AppState, over frame: inout Frame?) {
    if frame == nil || frame!.canvas.rows != state.rows || frame!.canvas.columns != state.columns
        || frame!.canvas.widths != state.widths {
        frame = Frame(blankFor: state)
    }
    draw(state, over: &frame!)
}

/// Draws `state` over `frame`, a frame before of the same grid or a new one.
private func draw(_ state: AppState, over frame: inout Frame) {
    // What the frame before shows (nothing, for a new frame). The pane rows stay in the frame,
    // each read before it is written: a new array of them per frame, and the old one's
    // destruction, cost 5% of a keystroke.
    var lent = Lent(bars: frame.bars.take(), outline: frame.outline.take(), hints: frame.hints.take())
    frame.canvas.cursor = nil
    if state.isTooSmall {
        frame.canvas.clear()
        drawTooSmall(state, on: &frame.canvas)
        return
    }
    // Only the filling screens lend parts; the others are drawn whole on a clear canvas.
    if !state.mode.isFillingScreen || (lent.isEmpty && frame.paneRows.isEmpty) {
        frame.canvas.clear()
        lent = Lent()
        frame.paneRows = PaneRows()
    }
    frame.bars = drawBars(state, lent: lent, on: &frame.canvas)
    switch state.mode {
    case .launcher, .naming, .choosingQuestionnaire:
        drawLauncher(state, on: &frame.canvas)
    case .help:
        drawHelp(state, on: &frame.canvas)
    case .filling, .goTo, .confirm:
        // Unwrapped where it lies: binding it with `if let` copied the whole filling state.
        if state.filling != nil { drawFilling(state, state.filling!, lent: lent, into: &frame) }
    case .review(let selection):
        drawShortfalls(state, selection: selection, title: state.strings.reviewTitle, on: &frame.canvas)
        drawHints(state.strings.reviewHints, state: state, on: &frame.canvas)
    case .export(let export):
        drawExport(state, export, on: &frame.canvas)
    }
    // Only the filling screens are known to draw nothing over the bars (a long export report
    // can reach the status line); the others lend them to no frame.
    if !state.mode.isFillingScreen { frame.bars = nil }
}

private func drawTooSmall(_ state: AppState, on canvas: inout Canvas) {
    guard canvas.rows > 0 else { return }
    let strings = state.strings
    let lines = ItemLayout.wrap(strings.tooSmall + " (\(state.columns)×\(state.rows))", width: max(1, canvas.columns - 2), widths: state.widths)
    for (index, line) in lines.enumerated() where index < canvas.rows {
        canvas.put(line, row: index, column: 1, style: .warning)
    }
}

/// Title bar and status bar, shared by every screen; left as they are when the frame before
/// showed the same. Returns what they show.
private func drawBars(_ state: AppState, lent: Lent, on canvas: inout Canvas) -> BarsContent {
    let bars = BarsContent(state)
    if lent.bars != bars {
        drawBars(state, on: &canvas)  // whole rows: nothing of the old bars stays
    }
    return bars
}

private func drawBars(_ state: AppState, on canvas: inout Canvas) {
    let strings = state.strings
    let geometry = state.geometry
    canvas.fill(row: 0, style: .title)
    var title = " \(strings.appName)"
    if let filling = state.filling { title += " | \(filling.questionnaire.title) | \(filling.draftName)" }
    canvas.put(title, row: 0, column: 0, style: .title)

    canvas.fill(row: geometry.statusRow, style: .status)
    guard let filling = state.filling else { return }
    let progress = Questionnaire.progress(Array(filling.statuses.dropFirst()))
    var status = " \(strings.progress) \(progress.done)/\(progress.applicable)"
    let saveStyle: Style
    switch filling.saveState {
    case .saved(let time):
        status += " | \(filling.readOnly ? strings.readOnly : strings.saved)"
        if let time { status += " " + time }
        saveStyle = .status
    case .failed:
        saveStyle = .error
    }
    let end = canvas.put(status, row: geometry.statusRow, column: 0, style: .status)
    if case .failed = filling.saveState {
        canvas.put(" | \(strings.saveFailed) ", row: geometry.statusRow, column: end, style: saveStyle)
    }
    let place = filling.item.id == Item.respondentID ? strings.respondent : filling.item.id
    canvas.put(place + " ", row: geometry.statusRow, column: canvas.columns - state.widths.width(of: place) - 1, style: .status)
}

/// The hints, or the message in their place: on the hint line, and a long one on the rows above
/// it too (`AppState.messageRowsAbove`), which this clears.
private func drawHints(_ hints: String, state: AppState, on canvas: inout Canvas) {
    let row = state.geometry.hintRow
    guard let message = state.message else {
        canvas.put(hints, row: row, column: 1, style: .dim)
        return
    }
    let style: Style = message.kind == .error ? .error : message.kind == .warning ? .warning : .notice
    guard state.messageRowsAbove > 0 else {
        canvas.put(message.text, row: row, column: 1, style: style)
        return
    }
    var lines = ItemLayout.wrap(message.text, width: max(1, canvas.columns - 2), widths: state.widths)
    if lines.count > AppState.longestMessage {
        // The last row takes the rest, as far as it goes.
        lines = Array(lines.prefix(AppState.longestMessage - 1)) + [lines.dropFirst(AppState.longestMessage - 1).joined(separator: " ")]
    }
    let first = row - state.messageRowsAbove
    for (index, line) in lines.enumerated() {
        canvas.fill(row: first + index, style: .normal)
        canvas.put(line, row: first + index, column: 1, style: style)
    }
}

/// The rows a long message takes above the hint line, which prompts leave blank.
private func messageRowsAbove(_ state: AppState) -> Range<Int> {
    let hintRow = state.geometry.hintRow
    return (hintRow - state.messageRowsAbove)..<hintRow
}

// MARK: Filling

/// `filling` is `state.filling`, handed in: read through the optional, every use copied it.
private func drawFilling(_ state: AppState, _ filling: FillingState, lent: Lent, into frame: inout Frame) {
    let geometry = state.geometry
    let strings = state.strings
    let outline = OutlineContent(filling, state: state)
    // With the border beside it, which every filling frame draws alike.
    if lent.outline != outline {
        for row in geometry.paneTop..<(geometry.paneTop + geometry.paneHeight) {
            frame.canvas.fill(row: row, to: geometry.outlineWidth, style: .normal)
        }
        drawOutline(filling, statuses: filling.statuses, geometry: geometry, strings: strings, on: &frame.canvas)
        for row in geometry.paneTop..<(geometry.paneTop + geometry.paneHeight) {
            frame.canvas.put(ascii: "|", row: row, column: geometry.outlineWidth, style: .dim)
        }
    }
    frame.outline = outline

    // Where focus is, found once a frame rather than once a line.
    let focusedPath = filling.focusedPath
    let inputs = LayoutInputs(filling, focused: focusedPath, geometry: geometry, widths: state.widths, language: strings.language)
    let kept = frame.layout.take()
    let layout = kept.flatMap { $0.inputs == inputs ? $0.layout : nil }
        ?? ItemLayout(filling, focused: focusedPath, geometry: geometry, widths: state.widths, strings: strings, kept: kept?.layout.head)
    let overflow = layout.lineCount - geometry.paneHeight
    let scroll = overflow > 0 ? min(overflow, max(0, (layout.focusLine ?? 0) - geometry.paneHeight + 2)) : 0
    let focus = state.mode.isFilling ? focusedPath : nil
    let focusedRow = focus.flatMap { filling.editors[$0]?.cursorLocation }
    // A text box's rows come one after another: its editor is looked up once, not once a row
    // (and held in its own variable: reading it out of a tuple copied it for every row).
    var box: (index: Int, focused: Bool)?
    var boxEditor: TextEditor?
    // The box row drawn last, and where it is in the text: the next row is a step from it.
    var boxRow: (index: Int, location: (paragraph: Int, row: Int))?
    if frame.paneRows.count != frame.canvas.rows { frame.paneRows = PaneRows(count: frame.canvas.rows) }
    let paneColumns = geometry.paneLeft
    let rowsShown = min(layout.lineCount - scroll, geometry.paneHeight)
    for row in geometry.paneTop..<(geometry.paneTop + rowsShown) {
        let line = layout[row - geometry.paneTop + scroll]
        if case .textRow(let index, let textRow) = line {
            if box?.index != index {
                let path = layout.boxes[index]
                box = (index, focus == path)
                boxEditor = filling.editors[path]
                boxRow = nil
            }
            drawTextRow(textRow, of: boxEditor, after: &boxRow, row: row, focused: box!.focused, cursor: focusedRow, geometry: geometry,
                        into: &frame)
        } else if case .option = line {
            frame.canvas.fill(row: row, from: paneColumns, style: .normal)
            draw(line, row: row, filling: filling, focus: focus, geometry: geometry, on: &frame.canvas)
            frame.paneRows[row] = nil
        } else if let shown = frame.paneRows[row], shown.shows(line) {
            // Header, question, help, labels: drawn from the line alone, so an equal line stays.
        } else {
            frame.canvas.fill(row: row, from: paneColumns, style: .normal)
            draw(line, row: row, filling: filling, focus: focus, geometry: geometry, on: &frame.canvas)
            frame.paneRows[row] = PaneRow(line: line)
        }
    }
    frame.layout = KeptLayout(layout: layout, inputs: inputs)
    let rowsDrawn = geometry.paneTop + max(0, rowsShown)
    for row in rowsDrawn..<(geometry.paneTop + geometry.paneHeight) {
        frame.canvas.fill(row: row, from: paneColumns, style: .normal)
        frame.paneRows[row] = nil
    }
    if !state.mode.isFilling {
        frame.paneRows = PaneRows()
    }
    drawFillingFooter(state, lent: lent, into: &frame)
}

/// The hint line, or what a prompt (go to, confirm) draws over the pane and the hint line.
private func drawFillingFooter(_ state: AppState, lent: Lent, into frame: inout Frame) {
    let geometry = state.geometry
    let strings = state.strings
    if state.mode.isFilling {
        let hints = HintContent(hints: state.columns >= 100 ? strings.hints : strings.shortHints, message: state.message)
        if lent.hints != hints {
            frame.canvas.fill(row: geometry.hintRow, style: .normal)
            drawHints(hints.hints, state: state, on: &frame.canvas)
            // Rows the message took from the pane are not the pane's to lend.
            for row in messageRowsAbove(state) { frame.paneRows[row] = nil }
        }
        frame.hints = hints
        return
    }
    for row in messageRowsAbove(state) { frame.canvas.fill(row: row, style: .normal) }

    switch state.mode {
    case .goTo(let editor):
        frame.canvas.fill(row: geometry.hintRow, style: .normal)
        let end = frame.canvas.put(strings.goToPrompt + " ", row: geometry.hintRow, column: 1, style: .notice)
        frame.canvas.put(editor.text, row: geometry.hintRow, column: end, style: .focusedField)
        frame.canvas.cursor = (geometry.hintRow, end + editor.cursorLocation.column)
    case .confirm(let confirmation):
        // The question gets the bottom of the pane, whole, above the keys that answer it.
        let question: String
        let hint: String
        switch confirmation {
        case .hiding(_, let hidden): (question, hint) = (strings.hides(hidden), strings.confirmHint)
        case .quittingUnsaved(let reason): (question, hint) = (strings.quitUnsaved(reason), strings.quitUnsavedHint)
        case .takingOver(let writer): (question, hint) = (strings.takeOverQuestion(writer), strings.takeOverHint)
        }
        let lines = ItemLayout.wrap(question, width: geometry.contentWidth, widths: state.widths)
        let first = geometry.paneTop + geometry.paneHeight - lines.count - 1
        frame.canvas.fill(row: first - 1, from: geometry.contentLeft, style: .normal)
        for (index, line) in lines.enumerated() {
            frame.canvas.fill(row: first + index, from: geometry.contentLeft, style: .normal)
            frame.canvas.put(line, row: first + index, column: geometry.contentLeft, style: .warning)
        }
        frame.canvas.fill(row: first + lines.count, from: geometry.contentLeft, style: .normal)
        frame.canvas.fill(row: geometry.hintRow, style: .normal)
        frame.canvas.put(hint, row: geometry.hintRow, column: 1, style: .notice)
        frame.canvas.cursor = (geometry.hintRow, 1)
    default:
        break
    }
}

private func drawOutline(_ filling: FillingState, statuses: [ItemStatus], geometry: Geometry, strings: Strings, on canvas: inout Canvas) {
    var lines: [(text: String, style: Style, mark: (String, Style)?, current: Bool)] = []
    lines.append((strings.respondent, .normal, mark(statuses[0]), filling.itemIndex == 0))
    for entry in filling.outline {
        if let index = entry.itemIndex {
            lines.append((entry.text, .normal, mark(statuses[index]), index == filling.itemIndex))
        } else {
            lines.append((entry.text, .dim, nil, false))
        }
    }
    let currentLine = lines.firstIndex { $0.current } ?? 0
    let scroll = lines.count > geometry.paneHeight
        ? min(lines.count - geometry.paneHeight, max(0, currentLine - geometry.paneHeight / 2)) : 0
    let width = geometry.outlineWidth
    for (index, line) in lines.enumerated().dropFirst(scroll) {
        let row = geometry.paneTop + index - scroll
        guard row < geometry.paneTop + geometry.paneHeight else { break }
        if line.current { canvas.fill(row: row, from: 0, to: width, style: .selected) }
        var column = 0
        if let (symbol, style) = line.mark {
            canvas.put(symbol, row: row, column: 0, style: line.current ? .selected : style, limit: width)
            column = 2
        }
        canvas.put(line.text, row: row, column: column, style: line.current ? .selected : line.style, limit: width)
    }
}

private func mark(_ status: ItemStatus) -> (String, Style) {
    switch status {
    case .answered, .skipped: return ("✓", .answered)
    case .empty: return ("○", .empty)
    case .invalid: return ("✗", .invalid)
    case .notApplicable: return ("-", .notApplicable)
    }
}

/// Row `index` of a text box, at screen row `row`. A row that shows the same characters as
/// the frame before showed there is left as it is: typing changes one row of a box, and drawing
/// the other rows of a long answer again was most of a keystroke's work.
private func drawTextRow(_ index: Int, of editor: TextEditor?, after previous: inout (index: Int, location: (paragraph: Int, row: Int))?,
                         row: Int, focused: Bool, cursor: (row: Int, column: Int)?, geometry: Geometry, into frame: inout Frame) {
    let left = geometry.contentLeft + 2
    let limit = geometry.contentLeft + geometry.contentWidth
    // Where the row's characters are: which paragraph, which version of it, and where in it.
    let source: (paragraph: Int, version: ObjectIdentifier, range: Range<Int>)?
    if let editor, index < editor.layout.rowCount {
        let location = previous.flatMap { $0.index + 1 == index ? editor.layout.location(after: $0.location) : nil }
            ?? editor.layout.locate(row: index, near: editor.buffer.cursor.paragraph)
        previous = (index, location)
        source = (location.paragraph, ObjectIdentifier(editor.buffer.paragraphVersions[location.paragraph]), editor.layout.range(of: location))
    } else {
        source = nil
    }
    // The characters are not looked at while the row's paragraph version says they are the same.
    if frame.paneRows.showsText(row: row, focused: focused, version: source?.version, range: source?.range)
        || frame.paneRows[row]?.showsText(focused: focused, characters: shownText(source, of: editor).characters) == true {
        // The same characters as the frame before showed in this row, with the same focus: it
        // stays, its border too.
    } else {
        let (characters, version) = shownText(source, of: editor)
        frame.canvas.fill(row: row, from: geometry.paneLeft, style: .normal)
        frame.canvas.put(ascii: "|", row: row, column: geometry.contentLeft, style: focused ? .focusedField : .dim)
        frame.canvas.put(characters: characters, row: row, column: left, style: .field, limit: limit)
        frame.paneRows[row] = PaneRow(characters: Array(characters), focused: focused, version: version, range: source?.range ?? 0..<0)
    }
    if focused, let cursor, cursor.row == index {
        frame.canvas.cursor = (row, left + cursor.column)
    }
}

/// A text box row's characters and the version of the paragraph they are in; none for a row
/// past the text's end.
private func shownText(_ source: (paragraph: Int, version: ObjectIdentifier, range: Range<Int>)?,
                       of editor: TextEditor?) -> (characters: ArraySlice<Character>, version: ParagraphVersion?) {
    guard let source, let editor else { return ([], nil) }
    return (editor.buffer.paragraphs[source.paragraph][source.range], editor.buffer.paragraphVersions[source.paragraph])
}

/// One line of the item pane other than a text box's row. `focus` is the focused field while
/// typing (nil in other modes).
private func draw(_ line: ItemLayout.Line, row: Int, filling: FillingState, focus: FieldPath?, geometry: Geometry,
                  on canvas: inout Canvas) {
    let left = geometry.contentLeft
    let limit = left + geometry.contentWidth
    switch line {
    case .blank: break
    case .header(let text): canvas.put(text, row: row, column: left, style: .heading, limit: limit)
    case .text(let text, let style): canvas.put(text, row: row, column: left, style: style, limit: limit)
    case .label(let label, let rule):
        let end = canvas.put(label, row: row, column: left, style: .heading, limit: limit)
        if let rule { canvas.put("  " + rule, row: row, column: end, style: .dim, limit: limit) }
    case .textRow:
        break  // drawTextRow
    case .option(let path, let index):
        guard let field = filling.field(at: path) else { return }
        let option = field.options[index]
        let value = filling.answers.value(item: path.item, field: path.field)
        let chosen = value.selected.contains(option.id)
        let isMulti: Bool = { if case .multi = field.kind { return true } else { return false } }()
        let box = isMulti ? (chosen ? "[x]" : "[ ]") : (chosen ? "(*)" : "( )")
        let highlighted = focus == path && (filling.optionCursor[path] ?? 0) == index
        let style: Style = highlighted ? .selected : (chosen ? .answered : .normal)
        if highlighted { canvas.fill(row: row, from: left, to: limit, style: .selected) }
        let end = canvas.put(box, row: row, column: left, style: style, limit: limit)
        canvas.put(" " + option.label, row: row, column: end, style: style, limit: limit)
        if highlighted { canvas.cursor = (row, left + 1) }
    }
}

private extension Mode {
    var isFillingScreen: Bool {
        switch self {
        case .filling, .goTo, .confirm: return true
        default: return false
        }
    }
}

// MARK: Review and export

private func drawShortfalls(_ state: AppState, selection: Int, title: String, on canvas: inout Canvas) {
    guard let filling = state.filling else { return }
    let geometry = state.geometry
    let shortfalls = filling.questionnaire.shortfalls(filling.answers)
    canvas.put(title, row: geometry.paneTop + 1, column: 2, style: .heading)
    guard !shortfalls.isEmpty else {
        canvas.put(state.strings.reviewEmpty, row: geometry.paneTop + 3, column: 2, style: .answered)
        return
    }
    // Two rows an entry: the item and its question, then the reason under it.
    let visible = max(1, (geometry.paneHeight - 3) / 2)
    let scroll = shortfalls.count > visible ? min(shortfalls.count - visible, max(0, selection - visible / 2)) : 0
    for (index, shortfall) in shortfalls.enumerated().dropFirst(scroll) {
        let row = geometry.paneTop + 3 + (index - scroll) * 2
        guard row + 1 < geometry.paneTop + geometry.paneHeight else { break }
        let selected = index == selection
        if selected {
            canvas.fill(row: row, from: 1, to: canvas.columns - 1, style: .selected)
            canvas.fill(row: row + 1, from: 1, to: canvas.columns - 1, style: .selected)
            canvas.cursor = (row, 2)
        }
        let isRespondent = shortfall.itemID == Item.respondentID
        let id = isRespondent ? state.strings.respondent : shortfall.itemID
        let end = canvas.put(id, row: row, column: 2, style: selected ? .selected : .invalid)
        if !isRespondent {
            canvas.put("  " + shortfall.questionHead, row: row, column: end, style: selected ? .selected : .normal, limit: canvas.columns - 1)
        }
        canvas.put(shortfall.reason, row: row + 1, column: 6, style: selected ? .selected : .dim, limit: canvas.columns - 1)
    }
}

private func drawExport(_ state: AppState, _ export: ExportState, on canvas: inout Canvas) {
    guard let filling = state.filling else { return }
    let strings = state.strings
    let geometry = state.geometry
    guard filling.questionnaire.isComplete(filling.answers) else {
        drawShortfalls(state, selection: 0, title: strings.exportRefused, on: &canvas)
        drawHints(strings.reviewHints, state: state, on: &canvas)
        return
    }
    var row = geometry.paneTop + 1
    canvas.put(strings.exportTitle, row: row, column: 2, style: .heading)
    row += 2
    let labels = ["JSON", "Markdown", "CSV", strings.exportAll]
    for (index, label) in labels.enumerated() {
        let selected = export.selection.rawValue == index
        let style: Style = selected && !export.editingFolder ? .selected : .normal
        if selected && !export.editingFolder { canvas.fill(row: row, from: 2, to: 40, style: .selected) }
        canvas.put((selected ? "(*) " : "( ) ") + label, row: row, column: 2, style: style)
        if selected && !export.editingFolder { canvas.cursor = (row, 3) }
        row += 1
    }
    row += 1
    let end = canvas.put(strings.exportFolder + " ", row: row, column: 2, style: .heading)
    canvas.put(export.folder.text, row: row, column: end, style: export.editingFolder ? .focusedField : .field)
    if export.editingFolder { canvas.cursor = (row, end + export.folder.cursorLocation.column) }
    row += 2
    switch export.outcome {
    // The report stops above the hint line: the bars and hints stay readable however long it is.
    case .written(let paths):
        canvas.put(strings.exportDone, row: row, column: 2, style: .answered)
        for path in paths where row + 1 < geometry.hintRow {
            row += 1
            canvas.put("  " + path, row: row, column: 2, style: .normal)
        }
    case .failed(let reason):
        canvas.put(strings.exportFailed, row: row, column: 2, style: .error)
        for line in ItemLayout.wrap(reason, width: canvas.columns - 6, widths: state.widths) where row + 1 < geometry.hintRow {
            row += 1
            canvas.put("  " + line, row: row, column: 2, style: .error)
        }
    case nil:
        break
    }
    drawHints(strings.exportHints, state: state, on: &canvas)
}

// MARK: Launcher and help

private func drawLauncher(_ state: AppState, on canvas: inout Canvas) {
    let strings = state.strings
    let geometry = state.geometry
    canvas.put(strings.launcherTitle, row: 2, column: 2, style: .heading)
    var entries = [strings.newDraft]
    let names = state.widths.padded(state.launcher.drafts.map(\.name))
    for (draft, name) in zip(state.launcher.drafts, names) {
        if let problem = draft.problem {
            entries.append("\(name)  (\(strings.damaged): \(strings.sentence(for: problem)))")
        } else {
            // Before the title, which a narrow screen cuts.
            let inUse = draft.heldBy.map { "  " + strings.inUse($0) } ?? ""
            entries.append("\(name)  \(strings.progress) \(draft.answered)/\(draft.total)  \(strings.lastSaved) \(draft.savedAt)\(inUse)  \(draft.title)")
        }
    }
    // The list scrolls to keep the selection in view: with more drafts than rows, the ones
    // below were reachable with ↓ and Enter but never shown, nor was the selection.
    let visible = max(1, geometry.hintRow - 2 - 4)
    let scroll = entries.count > visible ? min(entries.count - visible, max(0, state.launcher.selection - visible / 2)) : 0
    for (index, entry) in entries.enumerated().dropFirst(scroll) {
        let row = 4 + index - scroll
        guard row < geometry.hintRow - 2 else { break }
        let selected = index == state.launcher.selection
        if selected { canvas.fill(row: row, from: 1, to: canvas.columns - 1, style: .selected) }
        canvas.put(entry, row: row, column: 2, style: selected ? .selected : .normal, limit: canvas.columns - 1)
        if selected { canvas.cursor = (row, 2) }
    }
    if state.launcher.drafts.isEmpty {
        canvas.put(strings.noDrafts, row: 6, column: 2, style: .dim)
    }
    switch state.mode {
    case .naming(let editor):
        let row = geometry.hintRow - 1
        let end = canvas.put(strings.draftNamePrompt + " ", row: row, column: 2, style: .notice)
        canvas.put(editor.text, row: row, column: end, style: .focusedField)
        canvas.cursor = (row, end + editor.cursorLocation.column)
    case .choosingQuestionnaire(_, let selection):
        var row = geometry.hintRow - 2 - state.launcher.questionnaires.count
        canvas.put(strings.chooseQuestionnaire, row: row, column: 2, style: .notice)
        for (index, questionnaire) in state.launcher.questionnaires.enumerated() {
            row += 1
            canvas.put("\(index == selection ? ">" : " ") \(questionnaire.title) \(questionnaire.version)", row: row, column: 2,
                       style: index == selection ? .selected : .normal)
        }
    default:
        break
    }
    switch state.mode {
    case .naming: drawHints(strings.namingHints, state: state, on: &canvas)
    case .choosingQuestionnaire: drawHints(strings.choosingHints, state: state, on: &canvas)
    default: drawHints(strings.launcherHints, state: state, on: &canvas)
    }
}

private func drawHelp(_ state: AppState, on canvas: inout Canvas) {
    canvas.put(state.strings.helpTitle, row: 2, column: 2, style: .heading)
    for (index, line) in state.strings.helpLines.enumerated() where 4 + index < state.geometry.hintRow {
        canvas.put(line, row: 4 + index, column: 2, style: .normal)
    }
    drawHints("Esc / F1", state: state, on: &canvas)
}

