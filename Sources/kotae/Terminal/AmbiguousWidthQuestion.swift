import KotaeText
#if canImport(Glibc)
import Glibc
#endif

/// The question how wide the terminal draws an East Asian Ambiguous character, asked as vim asks
/// it: ▽ (U+25BD) printed at the start of a row, then "where is the cursor?" (`ESC [ 6 n`).
/// Column 2 in the answer means one cell, column 3 two.
///
/// It is asked as the terminal starts, just before the first frame (which clears the screen, ▽
/// with it), and not waited for: the first screen is drawn at the width this type of terminal
/// answered last time (`AmbiguousWidthMemory`), else at one cell, and an answer that differs, a
/// round trip later, draws it again at its width (`Action.ambiguousWidthMeasured`). Waiting held
/// every start back by a round trip over the SSH connection, and by the 300 ms of patience on a
/// terminal that never answers.
struct AmbiguousWidthQuestion {
    /// The row it is asked on (1 is the first). Not the first: an answer there, `ESC [ 1 ; 2 R`,
    /// is also what xterm sends for Shift-F3.
    static let row = 2
    /// How long, from the question, an answer is waited for when the terminal goes back to the
    /// shell or to an editor before it came: arriving there, it would be typed text.
    static let patience = 300

    /// When it was asked, in milliseconds of the monotonic clock.
    let askedAt = monotonicMilliseconds()

    /// The bytes that ask it, after those that put the cursor at the start of `row`.
    static let bytes = Array("\u{25BD}\u{1B}[6n".utf8)

    /// The width an answer tells; nil for a cursor position that does not answer this question.
    func width(answeredBy row: Int, column: Int) -> AmbiguousWidth? {
        guard row == Self.row, column == 2 || column == 3 else { return nil }
        return column == 3 ? .wide : .narrow
    }

    /// Milliseconds of patience left now.
    var patienceLeft: Int { Self.patience - (Self.monotonicMilliseconds() - askedAt) }

    static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }
}
