import Foundation
import Testing
@testable import KotaeCore

/// The environment as Kotae reads it at start (`Environment.process`), one variable at a time.
@Suite struct EnvironmentTests {
    /// Every variable of the process reads as Foundation reads it, and one that is not set reads
    /// as unset.
    @Test func theProcessEnvironmentIsReadAsItIs() {
        let variables = ProcessInfo.processInfo.environment
        #expect(!variables.isEmpty)
        for (name, value) in variables {
            #expect(Environment.process[name] == value, "\(name)")
        }
        #expect(Environment.process["KOTAE_SURELY_UNSET_VARIABLE_\(getpid())"] == nil)
    }

    @Test func anEmptyValueCountsAsUnset() {
        let environment: Environment = ["NO_COLOR": "", "LANG": "ja_JP.UTF-8"]
        #expect(environment["NO_COLOR"] == "")
        #expect(environment.nonEmpty("NO_COLOR") == nil)
        #expect(environment.nonEmpty("LANG") == "ja_JP.UTF-8")
        #expect(environment.nonEmpty("HOME") == nil)
    }
}
