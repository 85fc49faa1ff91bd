import Foundation
import KotaeCore
import KotaeText

/// How wide each type of terminal (TERM) last said it draws ○, kept in Kotae's home
/// (`terminal-widths`, a line such as "xterm 2" per type). The first screen is drawn at it.
///
/// The question is asked at every start, but its answer comes a round trip after the first
/// screen (`AmbiguousWidthQuestion`): a terminal that draws two cells, as Tera Term set up for
/// Japanese does, saw every start drawn at one cell and then again at two. A cache: a file that
/// cannot be read or written costs only that second drawing.
struct AmbiguousWidthMemory {
    let home: KotaeHome
    let term: String

    /// The width this type of terminal last answered, if it answered before.
    func recalled() -> AmbiguousWidth? {
        entries().first { $0.term == term }?.width
    }

    /// Keeps `width` as this type of terminal's answer.
    func remember(_ width: AmbiguousWidth) {
        guard !term.contains(where: \.isNewline) else { return }
        let kept = entries().filter { $0.term != term } + [(term, width)]
        let text = kept.map { "\($0.term) \($0.width.rawValue)\n" }.joined()
        try? FileSystem.makeFolder(home.root)
        try? FileSystem.writeAtomically(Data(text.utf8), to: home.terminalWidths, durable: false)
    }

    private func entries() -> [(term: String, width: AmbiguousWidth)] {
        guard let text = FileSystem.text(home.terminalWidths) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let space = line.lastIndex(of: " "), let cells = Int(line[line.index(after: space)...]),
                  let width = AmbiguousWidth(rawValue: cells) else { return nil }
            return (String(line[..<space]), width)
        }
    }
}
