#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables, looked up by name: this process's (`.process`), or a test's (a
/// dictionary literal).
///
/// Kotae reads a handful of variables at start. Foundation's `ProcessInfo.environment` copies the
/// whole environment into a dictionary at every call (430,000 instructions at the first, 370,000
/// at each after), and the start asked for it twice: once before the questionnaire definitions
/// could start loading on the second core, once before the first screen.
public struct Environment: Sendable, ExpressibleByDictionaryLiteral {
    private let lookup: @Sendable (String) -> String?

    /// This process's environment, read when a variable is asked for (Kotae never changes it).
    public static let process = Environment { name in getenv(name).map { String(cString: $0) } }

    private init(lookup: @escaping @Sendable (String) -> String?) {
        self.lookup = lookup
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        let variables = Dictionary(elements, uniquingKeysWith: { _, last in last })
        lookup = { variables[$0] }
    }

    public subscript(name: String) -> String? { lookup(name) }

    /// The variable's value, or nil when it is unset or empty (the two mean the same to Kotae).
    public func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
