/// One problem found in a definition file, located for the person who has to fix it.
public struct LintProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A definition that must not be used, with every problem found in it.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [LintProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "The questionnaire definition \(file) has \(count):\n"
            + problems.map(\.description).joined(separator: "\n")
    }
}
