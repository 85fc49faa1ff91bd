// Micro-benchmarks: how the cost of the hot paths grows with size (issue 6). Not a test: run
// `swift run -c release kotae-microbench` on a quiet machine and compare the rows of one run.
// Each figure is the median of several rounds; a round times many repetitions of one operation.
import Foundation
import KotaeCore
import KotaeText

let line = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。"  // 35 characters

/// `count` characters of Japanese paragraphs of one line each (the newline counts).
func japanese(_ count: Int) -> String {
    var text = ""
    text.reserveCapacity(count * 3)
    var characters = 0
    while characters < count {
        if characters > 0 { text += "\n"; characters += 1 }
        let take = min(line.count, count - characters)
        text += line.prefix(take)
        characters += take
    }
    return text
}

/// Median time of one operation, in microseconds: `rounds` rounds of `repetitions` each.
func measure(rounds: Int = 7, repetitions: Int, _ operation: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var samples: [Double] = []
    try operation()  // warm up
    for _ in 0..<rounds {
        let elapsed = try clock.measure { for _ in 0..<repetitions { try operation() } }
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    return samples.sorted()[samples.count / 2] / Double(repetitions)
}

func report(_ title: String, _ rows: [(String, Double)]) {
    print("\n### \(title)\n")
    print("| size | µs per operation | × the smallest |")
    print("|---|---|---|")
    let base = rows.first?.1 ?? 1
    for (size, micros) in rows {
        print("| \(size) | \(String(format: "%.2f", micros)) | \(String(format: "%.1f", micros / base)) |")
    }
}

let sizes = [(1_000, "1k"), (10_000, "10k"), (100_000, "100k"), (1_000_000, "1M")]
let widths = DisplayWidth()
print("# Kotae micro-benchmarks, \(Date().formatted(date: .numeric, time: .omitted)) (\(ProcessInfo.processInfo.processorCount) cores)")

// 1. Width and wrap of a whole text: what opening an answer costs.
var wrapRows: [(String, Double)] = []
for (count, name) in sizes {
    let paragraphs = TextBuffer(japanese(count)).paragraphs
    var rows = 0
    let micros = measure(rounds: 5, repetitions: max(1, 100_000 / count)) {
        rows &+= TextLayout(paragraphs: paragraphs, width: 74, widths: widths).rowCount
    }
    wrapRows.append(("\(name) characters", micros))
}
report("Width + wrap of a whole text (74 columns, 禁則)", wrapRows)

// 2. One keystroke in an open answer: insert, re-layout, find the cursor; the edit's splice applied
//    to the answer's String by its UTF-8 offset, as the UI and the draft do.
var keyRows: [(String, Double)] = []
for (count, name) in sizes {
    var editor = TextEditor(text: japanese(count), width: 74)
    editor.perform(.textEnd)
    var answers = Answers()
    answers.set(item: "1-1", field: "", to: FieldValue(text: editor.text), at: nil)
    var flip = false
    let micros = measure(repetitions: 200) {
        flip.toggle()
        let splice = flip ? editor.perform(.insert("あ")) : editor.perform(.deleteBackward)
        _ = editor.cursorLocation
        if let splice {
            let bytes = SpliceBytes(from: splice.utf8From, removed: splice.utf8Removed)
            answers.apply(.splice(item: "1-1", field: "", from: splice.from, remove: splice.removed, insert: splice.inserted),
                          at: nil, bytes: bytes)
        }
    }
    keyRows.append(("\(name) characters", micros))
}
report("One keystroke: edit + layout + cursor + the answer's copy", keyRows)

// 3. Persisting one keystroke: applied to the draft and appended to its journal (no fsync; a
//    kill never loses a written journal line).
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kotae-microbench-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: folder) }
let questionnaire = try DefinitionLoader.load(path: CommandLine.arguments.dropFirst().first
    ?? FileManager.default.currentDirectoryPath + "/questionnaires/mic-entrustment-2024.yaml")
let store = DraftStore(home: KotaeHome(root: folder))
var persistRows: [(String, Double)] = []
for (bytes, name) in [(1_000, "1 KB"), (100_000, "100 KB"), (1_000_000, "1 MB")] {
    let session = try store.open("bench-\(bytes)", questionnaire: questionnaire, command: "bench")
    let text = japanese(bytes / 3)
    try session.record(.set(item: "1-1", field: "", value: FieldValue(text: text)))
    try session.saveSnapshot()
    var offset = text.count
    var utf8 = text.utf8.count
    let micros = try measure(repetitions: 200) {
        try session.record(.splice(item: "1-1", field: "", from: offset, remove: 0, insert: "あ"),
                           bytes: SpliceBytes(from: utf8, removed: 0))
        offset += 1
        utf8 += 3
    }
    try session.close()
    persistRows.append(("draft of \(name)", micros))
}
report("Persisting one keystroke (draft + journal line)", persistRows)

// 4. Loading and linting a definition: the bundled one, and generated ones of 1,000 and 10,000 items.
func definition(items: Int) -> Data {
    var yaml = "id: bench\nversion: \"1\"\ntitle: ベンチマーク\nrespondent:\n  - id: company\n    label: 事業者名\n    type: line\n"
    yaml += "sections:\n"
    for section in 0..<max(1, items / 100) {
        yaml += "  - id: \"s\(section)\"\n    title: 節\(section)\n    items:\n"
        for item in 0..<min(100, items - section * 100) {
            yaml += "      - id: i\(section)-\(item)\n        question: \(line)\n        type: text\n        max-length: 2000\n"
        }
    }
    return Data(yaml.utf8)
}
let bundled = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments.dropFirst().first
    ?? FileManager.default.currentDirectoryPath + "/questionnaires/mic-entrustment-2024.yaml"))
var loadRows: [(String, Double)] = []
for (data, name, repetitions) in [(bundled, "19 items (bundled)", 50), (definition(items: 1_000), "1,000 items", 3),
                                  (definition(items: 10_000), "10,000 items", 1)] {
    let micros = try measure(rounds: 5, repetitions: repetitions) {
        _ = try DefinitionLoader.load(bytes: data, file: "bench.yaml")
    }
    loadRows.append((name, micros))
}
report("Loading and linting a definition", loadRows)
