import Foundation
import Testing

/// Compares `actual` with the golden file `name` under Tests/KotaeCoreTests/Golden.
/// Run with KOTAE_RECORD_GOLDEN=1 to write the files anew, then review the diff before committing.
func assertGolden(_ actual: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["KOTAE_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url)
        return
    }
    guard let expected = try? Data(contentsOf: url) else {
        Issue.record("no golden file \(name); record it with KOTAE_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let actualText = String(decoding: actual, as: UTF8.self)
        let expectedText = String(decoding: expected, as: UTF8.self)
        let actualLines = actualText.components(separatedBy: "\n")
        let expectedLines = expectedText.components(separatedBy: "\n")
        let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
        let line = firstDifference?.offset ?? min(actualLines.count, expectedLines.count)
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1):
              expected: \(line < expectedLines.count ? expectedLines[line] : "<end>")
              actual:   \(line < actualLines.count ? actualLines[line] : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
