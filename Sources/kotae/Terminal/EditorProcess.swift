#if canImport(Glibc)
import Glibc
#endif

/// The person's editor ($VISUAL, $EDITOR), run on a file while Kotae waits, with the terminal
/// handed over as a shell hands it to a command.
///
/// Not Foundation's `Process`: it starts the child in a process group of its own, which is not
/// the terminal's foreground group, so an editor that reads a key is stopped by SIGTTIN and Kotae
/// waits for it forever. Here the editor joins Kotae's group, as git's editor does, and while it
/// runs Kotae stands back: Ctrl-C and Ctrl-\ are the editor's (Kotae ignores them), and a
/// suspend (Ctrl-Z, or vim's `:suspend`, which stops its whole group) stops Kotae too, so the
/// shell sees the job stopped and `fg` brings both back.
enum EditorProcess {
    /// Signals the editor starts with their default actions, whatever Kotae does with them.
    private static let defaultedSignals = [SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGHUP, SIGTERM, SIGWINCH, SIGCONT]

    /// The shell's exit status for a command it could not find.
    static let notFound: Int32 = 127

    /// $VISUAL, else $EDITOR; when neither names one, nano if it is installed, since it shows its
    /// keys on the screen (the people who fill in the questionnaire are not vi's users), else vi,
    /// which every Unix has.
    static func command(in environment: [String: String]) -> String {
        if let chosen = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            return chosen
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.contains { access("\($0)/nano", X_OK) == 0 } ? "nano" : "vi"
    }

    /// The editor's environment: the person's, but with the locale Kotae itself uses for the
    /// character type (`characterType`, the name `setlocale` gives) when theirs is not it. That is
    /// when theirs could not be used: ja_JP.UTF-8 named but not installed, as on many servers, or
    /// no locale at all. The editor would then show the answer's Japanese as bytes (vim:
    /// "~B~C~G…"). It gets LC_ALL, not LC_CTYPE: an editor asks for all categories at once, and
    /// one missing locale among them leaves it in the C locale.
    static func environment(_ environment: [String: String], characterType: String) -> [String: String] {
        let asked = [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? "C"
        guard asked != characterType else { return environment }
        var result = environment
        result["LC_ALL"] = characterType
        return result
    }

    /// Runs `sh -c '<command> "$1"' sh <file>` and waits for it, in `environment`. The editor's
    /// exit status, or nil if it could not be started or was ended by a signal.
    static func run(_ command: String, file: String, environment: [String: String]) -> Int32? {
        let interrupt = signal(SIGINT, SIG_IGN)
        let quit = signal(SIGQUIT, SIG_IGN)
        let suspend = signal(SIGTSTP, SIG_DFL)
        defer {
            signal(SIGINT, interrupt)
            signal(SIGQUIT, quit)
            signal(SIGTSTP, suspend)
        }
        guard let child = spawn(["sh", "-c", command + " \"$1\"", "sh", file], environment: environment) else { return nil }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        // The <sys/wait.h> macros, which Swift does not import: exited normally, and with what.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    private static func spawn(_ arguments: [String], environment: [String: String]) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in defaultedSignals { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let strings = arguments.map { strdup($0) }
        let variables = environment.map { strdup($0.key + "=" + $0.value) }
        defer { (strings + variables).forEach { free($0) } }
        var child = pid_t()
        let started = posix_spawn(&child, "/bin/sh", nil, &attributes, strings + [nil], variables + [nil])
        return started == 0 ? child : nil
    }
}
