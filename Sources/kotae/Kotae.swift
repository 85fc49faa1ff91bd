import ArgumentParser
import Foundation
import KotaeCore

@main
struct Kotae: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kotae",
        abstract: "Fill in the regulator's questionnaire on contractor supervision, save drafts, export a checked submission.",
        discussion: """
        Drafts live in $KOTAE_HOME/drafts (else $XDG_DATA_HOME/kotae/drafts, else ~/.local/share/kotae/drafts).

        Exit codes: 0 done; 1 incomplete draft or definition problems; 2 unreadable or invalid input; \
        3 draft open in another kotae; 4 could not write; 64 wrong command-line usage.
        """,
        version: "0.1.0",
        subcommands: [Fill.self, Drafts.self, Status.self, Export.self, Check.self, Answer.self],
        defaultSubcommand: Fill.self
    )
}

extension Kotae {
    /// swift-argument-parser's own `main`, but with the questionnaire definitions read on another
    /// thread while the command line is parsed (`WorkspaceCommand`).
    static func main() {
        // Past a file-size limit (ulimit -f) a write must fail with an error we can report and
        // recover from, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        let workspace = Workspace.current()
        let definitions = Prefetch { workspace.catalog.load() }
        do {
            var command = try parseAsRoot()
            // The full-screen UI by its type first: a cast to the protocol searches all the
            // binary's conformance records (460,000 instructions) before the first screen.
            if let fill = command as? Fill {
                try fill.run(in: workspace, definitions: definitions.value)
            } else if let command = command as? any WorkspaceCommand {
                try command.run(in: workspace, definitions: definitions.value)
            } else {
                try command.run()
            }
        } catch {
            // Not before the reading thread is done: exiting under it could cut a C library call short.
            _ = definitions.value
            exit(withError: error)
        }
        _ = definitions.value
    }
}

/// Runs a command body, turning Kotae's errors into one sentence on stderr and the documented exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as KotaeError {
        Terminal.printError(error.description)
        throw ExitCode(error.exitCode)
    } catch let error as DefinitionError {
        Terminal.printError(error.description)
        throw ExitCode(2)
    }
}

extension Workspace {
    /// The workspace of this process: its environment, and the questionnaires bundled beside the binary.
    static func current() -> Workspace {
        Workspace(home: KotaeHome(environment: .process), bundledQuestionnaires: bundledFolder(.process))
    }

    static func bundledFolder(_ environment: Environment) -> String? {
        if let folder = environment.nonEmpty("KOTAE_QUESTIONNAIRES") { return folder }
        guard let executable = executablePath() else { return nil }
        let beside = String(executable[..<(executable.lastIndex(of: "/") ?? executable.startIndex)])
            + "/Kotae_kotae.resources/questionnaires"
        return FileSystem.exists(beside) ? beside : nil
    }

    /// The running binary's path, symbolic links resolved: the kernel's own answer, in one call
    /// (URL's resolvingSymlinksInPath asked for every component of the path in turn).
    static func executablePath() -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = buffer.withUnsafeMutableBufferPointer { readlink("/proc/self/exe", $0.baseAddress!, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
