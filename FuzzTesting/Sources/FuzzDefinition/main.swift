import Foundation
import KotaeCore

/// Any bytes as a questionnaire definition: it must load or be refused with problems, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDefinition(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    do {
        let questionnaire = try DefinitionLoader.load(bytes: bytes, file: "fuzz.yaml")
        _ = questionnaire.shortfalls(Answers())
    } catch is DefinitionError {
    } catch {
        fatalError("unexpected error type \(error)")
    }
    return 0
}
