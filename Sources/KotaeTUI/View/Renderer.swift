import KotaeCore
import KotaeText
#if canImport(Glibc)
import Glibc
#endif

/// Draws frames exactly as `view` does, but on one canvas, drawn over in place: the parts that
/// show the same as in the frame before are left as they are (the title and status bars, the
/// outline, the hint line, and the item pane's lines and text-box rows), and the canvas's
/// `changedRows` tell the back end which rows to compare with the screen. Typing changes one row
/// of one box; drawing the other 3,000 cells again, and then copying and comparing them, was most
/// of each keystroke's work. The run loop keeps one; tests check that its frames always equal
/// `view`'s. A part is lent only from a frame in which nothing was drawn over it afterwards.
public struct Renderer: Sendable {
    private var last: Frame?

    public init() {}

    /// The next frame. Its `changedRows` are the rows that may differ from the frame returned
    /// before (all of them when the size changed).
    public mutating func frame(_ state: borrowing AppState) -> Canvas {
        last?.canvas.forgetChangedRows()
        compose(state, over: &last)
        return last!.canvas
    }

    /// `frame(_:)` of state that a class keeps, as the run loop does. Swift copies such state
    /// to pass it (every field retained, and released after); lent `inout`, it is not copied. The
    /// state is not changed.
    public mutating func frame(lending state: inout AppState) -> Canvas {
        frame(state)
    }
}

/// A drawn canvas, and what its reusable parts show (nil for a part it does not have).
struct Frame: Sendable {
    var canvas: Canvas
    var bars: BarsContent?
    var outline: OutlineContent?
    /// What the item pane's rows show, by screen row; empty when the frame lends none.
    var paneRows = PaneRows()
    var hints: HintContent?
    /// The item's layout this frame drew, for the next frame to take as it is or take its head
    /// lines from.
    var layout: KeptLayout?
}

extension Frame {
    /// A frame with nothing drawn, of `state`'s grid.
    init(blankFor state: AppState) {
        self.init(canvas: Canvas(rows: state.rows, columns: state.columns, widths: state.widths))
    }
}

/// What the frame before showed in the parts drawn from their content alone: a part that would
/// show the same is left on the canvas as it is.
struct Lent: Sendable {
    var bars: BarsContent?
    var outline: OutlineContent?
    var hints: HintContent?

    var isEmpty: Bool { bars == nil && outline == nil && hints == nil }
}

/// A row of the item pane that is drawn from what it shows alone: a line (question, help, label,
/// problem; options depend on more) or a row of a text box.
///
/// A class, so that a frame's thirty rows are thirty references: an array of enums with payloads
/// is copied and destroyed element by element through the runtime's generic value witnesses,
/// which for a frame made and dropped on every keystroke was 16% of the keystroke's
/// instructions. A row shown again is the same object, lent from frame to frame. A text box's
/// row is held in the same object, not in one of its own; what a key asks of it is also in
/// `PaneRows`, in one block for all rows.
final class PaneRow: Sendable {
    /// Whether it is a text box's row.
    let isText: Bool
    /// The line shown (`.blank` for a text box's row: not optional, so that comparing it
    /// copies nothing).
    let line: ItemLayout.Line
    /// A text box's row: its characters, and whether the box was focused (its border shows it).
    let characters: [Character]
    let focused: Bool
    /// The version of the paragraph the characters were taken from (nil for a row past the
    /// text's end), held so that no other version can take its identity while the row is shown,
    /// and where in the paragraph they are.
    let version: ParagraphVersion?
    let range: Range<Int>

    init(line: ItemLayout.Line) {
        isText = false
        self.line = line
        characters = []
        focused = false
        version = nil
        range = 0..<0
    }

    init(characters: [Character], focused: Bool, version: ParagraphVersion?, range: Range<Int>) {
        isText = true
        line = .blank
        self.characters = characters
        self.focused = focused
        self.version = version
        self.range = range
    }

    /// Whether this is the line `other`.
    func shows(_ other: ItemLayout.Line) -> Bool {
        !isText && line == other
    }

    /// Whether this is a text box's row showing `other` with the same focus as `focused`, by
    /// the characters' bits, which is what makes copying a row cheaper than drawing it (`==` on
    /// each `Character` cost more than drawing). Equal bits are equal characters: a short
    /// character's bits are its bytes, a long one's name its immutable storage. Unequal bits may
    /// still be equal characters; that costs drawing the row again, nothing more.
    func showsText(focused: Bool, characters other: ArraySlice<Character>) -> Bool {
        guard isText, self.focused == focused, characters.count == other.count else { return false }
        return characters.withUnsafeBytes { old in
            other.withUnsafeBytes { new in
                old.count == 0 || memcmp(old.baseAddress!, new.baseAddress!, old.count) == 0
            }
        }
    }
}

/// The item pane's rows, by screen row, with what a key asks of each text box row (the version
/// and range its characters came from) also kept in one block of memory: a key looks at every
/// text row shown, and reading thirty `PaneRow`s, each an allocation of its own, touched thirty
/// places in memory, after 20 ms of rest each a trip to it.
struct PaneRows: Sendable {
    private var rows: [PaneRow?] = []
    private var textKeys: [TextKey] = []

    /// A text box row's version, range and focus, as its `PaneRow` holds them (no version for
    /// any other row): the row holds the version, so its identity stays its own while the key
    /// is here.
    private struct TextKey {
        var version: ObjectIdentifier?
        var range: Range<Int>
        var focused: Bool

        static let none = TextKey(version: nil, range: 0..<0, focused: false)
    }

    init() {}

    /// `count` rows showing nothing known.
    init(count: Int) {
        rows = Array(repeating: nil, count: count)
        textKeys = Array(repeating: .none, count: count)
    }

    var count: Int { rows.count }
    var isEmpty: Bool { rows.isEmpty }

    subscript(row: Int) -> PaneRow? {
        get { rows[row] }
        set {
            rows[row] = newValue
            textKeys[row] = newValue.map {
                TextKey(version: $0.version.map(ObjectIdentifier.init), range: $0.range, focused: $0.focused)
            } ?? .none
        }
    }

    /// Whether row `row` is a text box's row shown with the same focus as `focused` and taken
    /// from `range` of the paragraph version `version`: the same version and range are the same
    /// characters, told without reading them (or the row's `PaneRow`), so a long answer's other
    /// rows are left unread on a key.
    func showsText(row: Int, focused: Bool, version: ObjectIdentifier?, range: Range<Int>?) -> Bool {
        let key = textKeys[row]
        guard key.focused == focused, let version, let shown = key.version else { return false }
        return shown == version && key.range == range
    }
}

/// What the hint line shows: the message if there is one, else the keys.
struct HintContent: Sendable, Equatable {
    var hints: String
    var message: Message?
}

/// Everything the title and status bars are drawn from, on a grid of the same size.
struct BarsContent: Sendable, Equatable {
    var language: Language
    var title: String?
    var draftName: String?
    var statuses: [ItemStatus]?
    var saveState: SaveState?
    var readOnly: Bool?
    var itemID: String?

    init(_ state: borrowing AppState) {
        language = state.language
        // Bound once: each `state.filling?.…` copied the whole filling state.
        guard let filling = state.filling else { return }
        title = filling.questionnaire.title
        draftName = filling.draftName
        statuses = filling.statuses
        saveState = filling.saveState
        readOnly = filling.readOnly
        itemID = filling.item.id
    }
}

/// Everything the outline pane is drawn from, on a grid of the same size: two frames with equal
/// contents have equal outlines.
struct OutlineContent: Sendable, Equatable {
    var entries: [OutlineEntry]
    var respondentLabel: String
    var statuses: [ItemStatus]
    var itemIndex: Int
    /// Its height, which a long message shortens.
    var rows: Int

    init(_ filling: borrowing FillingState, state: borrowing AppState) {
        rows = state.geometry.paneHeight
        entries = filling.outline
        respondentLabel = state.strings.respondent
        statuses = filling.statuses
        itemIndex = filling.itemIndex
    }
}
