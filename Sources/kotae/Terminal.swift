import Foundation
import KotaeText

/// Printing for the line-oriented commands. Text that came from files (answers, definitions,
/// draft names) goes through the sanitiser, so no file can send control sequences to a terminal.
enum Terminal {
    static func print(_ text: String) {
        Swift.print(Sanitizer.displayText(text, keepNewlines: true))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(("kotae: " + Sanitizer.displayText(text, keepNewlines: true) + "\n").utf8))
    }

    static func writeJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
