#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where Kotae keeps its files: `$KOTAE_HOME`, else `$XDG_DATA_HOME/kotae`,
/// else `~/.local/share/kotae`.
public struct KotaeHome: Sendable, Equatable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    public init(environment: Environment) {
        if let home = environment.nonEmpty("KOTAE_HOME") {
            root = home
        } else if let data = environment.nonEmpty("XDG_DATA_HOME") {
            root = data + "/kotae"
        } else {
            root = Self.userHome(environment) + "/.local/share/kotae"
        }
    }

    /// `$HOME`, else the account's home from the password database: a job started by cron or a
    /// service manager may have no HOME, and "/.local/share/kotae" is nobody's folder.
    static func userHome(_ environment: Environment) -> String {
        if let home = environment.nonEmpty("HOME") { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return "" }
        return String(cString: directory)
    }

    /// A folder as a person types it in the UI, where no shell expands "~": "~" and "~/提出" are
    /// in their home folder ("~other" is left as typed).
    public static func expandingHome(_ path: String, environment: Environment) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return userHome(environment) + path.dropFirst()
    }

    public var drafts: String { root + "/drafts" }
    /// Definitions a user installs beside the bundled ones.
    public var questionnaires: String { root + "/questionnaires" }
    /// How wide each type of terminal (TERM) last said it draws East Asian Ambiguous characters.
    public var terminalWidths: String { root + "/terminal-widths" }
}
