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
        // Taken out of `last`, so that the canvas has one owner and is drawn over without a copy.
        last?.canvas.forgetChangedRows()
        last = compose(state, reusing: last.take())
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
    var paneRows: [PaneRow?] = []
    var hints: HintContent?
    /// The item's head lines this frame laid out, for the next frame's layout to take.
    var head: KeptHead?
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
/// instructions. A row shown again is the same object, lent from frame to frame.
final class PaneRow: Sendable {
    enum Content {
        case line(ItemLayout.Line)
        case text(TextRowContent)
    }

    let content: Content

    init(_ content: Content) {
        self.content = content
    }
}

/// What the hint line shows: the message if there is one, else the keys.
struct HintContent: Sendable, Equatable {
    var hints: String
    var message: Message?
}

/// What one screen row of a text box shows. Where it is drawn follows from the grid's size,
/// which a lending frame shares. A class, so that looking at the row a frame showed is one
/// reference retained, not each of its parts.
final class TextRowContent: Sendable {
    let characters: [Character]
    /// Whether the box was focused, which its border shows.
    let focused: Bool
    /// The version of the paragraph they were taken from (nil for a row past the text's end),
    /// held so that no other version can take its identity while the row is shown.
    let version: ParagraphVersion?
    /// Where in that paragraph they are.
    let range: Range<Int>

    init(characters: [Character], focused: Bool, version: ParagraphVersion?, range: Range<Int>) {
        self.characters = characters
        self.focused = focused
        self.version = version
        self.range = range
    }

    /// Whether the row shows `range` of the paragraph version `version` (nil for a row past
    /// the text's end): the same version and range are the same characters, told without
    /// reading them, so a long answer's other rows are left unread on a key.
    func shows(version: ObjectIdentifier?, range: Range<Int>?) -> Bool {
        guard let version, let shown = self.version else { return false }
        return ObjectIdentifier(shown) == version && self.range == range
    }

    /// Compares the characters' bits, which is what makes copying a row cheaper than drawing it
    /// (`==` on each `Character` cost more than drawing). Equal bits are equal characters: a
    /// short character's bits are its bytes, a long one's name its immutable storage. Unequal
    /// bits may still be equal characters; that costs drawing the row again, nothing more.
    func hasSameCharacters(as other: ArraySlice<Character>) -> Bool {
        guard characters.count == other.count else { return false }
        return characters.withUnsafeBytes { old in
            other.withUnsafeBytes { new in
                old.count == 0 || memcmp(old.baseAddress!, new.baseAddress!, old.count) == 0
            }
        }
    }
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
