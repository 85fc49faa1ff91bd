/// Where Kotae keeps its files: `$KOTAE_HOME`, else `$XDG_DATA_HOME/kotae`,
/// else `~/.local/share/kotae`.
public struct KotaeHome: Sendable, Equatable {
    public var root: String

    public init(root: String) {
        self.root = root
    }

    public init(environment: [String: String]) {
        if let home = environment["KOTAE_HOME"], !home.isEmpty {
            root = home
        } else if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            root = data + "/kotae"
        } else {
            root = (environment["HOME"] ?? "") + "/.local/share/kotae"
        }
    }

    public var drafts: String { root + "/drafts" }
    /// Definitions a user installs beside the bundled ones.
    public var questionnaires: String { root + "/questionnaires" }
}
