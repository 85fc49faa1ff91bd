/// Where the parts of the filling screen go for a terminal size. Shared by `update` (to size
/// text editors and keep cursors in view) and `view` (to draw), so they always agree.
struct Geometry {
    let rows: Int
    let columns: Int
    /// Rows a long message takes above the hint line, from the bottom of the panes.
    var messageRowsAbove = 0

    /// Title, then the panes, then a long message's first rows, then a hint or message line, then
    /// the status bar.
    var paneTop: Int { 1 }
    var paneHeight: Int { max(1, rows - 3 - messageRowsAbove) }
    var hintRow: Int { rows - 2 }
    var statusRow: Int { rows - 1 }
    var outlineWidth: Int { columns >= 110 ? 32 : 24 }
    /// Right of the outline's border: where what a pane row shows begins, cleared before the row
    /// is drawn again.
    var paneLeft: Int { outlineWidth + 1 }
    var contentLeft: Int { outlineWidth + 2 }
    var contentWidth: Int { max(10, columns - contentLeft - 1) }
    /// Text boxes are drawn after a "| " margin.
    var editorWidth: Int { max(8, contentWidth - 2) }
}
