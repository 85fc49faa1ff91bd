import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The last signal asked of us (SIGTERM, SIGHUP, SIGINT, SIGTSTP), or 0. A handler may only set
/// a flag; the run loop, which wakes at least every 200 ms, acts on it.
let pendingSignal = Atomic<Int32>(0)
/// Whether the terminal changed size (SIGWINCH) since the back end last looked. Kotae's own
/// handler, installed before curses starts, so that ncurses installs none: the back end reads
/// the terminal itself, not through ncurses, which would have noticed its own flag.
let resizePending = Atomic<Bool>(false)

/// What puts a terminal back to normal: bracketed paste off, main screen, cursor shown.
private let resetSequence: StaticString = "\u{1B}[?2004l\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n"
/// SIGBUS is what a mapped file cut short under a process gives it: the draft's journal is the
/// one file Kotae maps, and only another program can cut it (Kotae holds the draft's lock).
private let journalCutShort: StaticString =
    "kotae: stopped, because another program cut the draft's journal file short while it was open; what it had saved before is in the draft (.json).\n"
/// The terminal's settings before curses, for the crash guard: written once before its handlers
/// are installed, then only read (from a signal handler, which can reach nothing else).
nonisolated(unsafe) private var settingsAtStart = termios()
nonisolated(unsafe) private var haveSettingsAtStart = false

enum Signals {
    /// If Kotae ever crashes, the terminal is still put back: a handler for the fatal signals
    /// writes the reset sequence and restores the settings (async-signal-safe calls only), then
    /// lets the signal do what it would have done. Drafts need no such help: every edit is
    /// already on disk.
    static func installCrashGuard() {
        haveSettingsAtStart = tcgetattr(STDIN_FILENO, &settingsAtStart) == 0
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            Glibc.signal(signal) { number in
                _ = write(STDOUT_FILENO, resetSequence.utf8Start, resetSequence.utf8CodeUnitCount)
                if haveSettingsAtStart { tcsetattr(STDIN_FILENO, TCSANOW, &settingsAtStart) }
                if number == SIGBUS { _ = write(STDERR_FILENO, journalCutShort.utf8Start, journalCutShort.utf8CodeUnitCount) }
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func install() {
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGTSTP] {
            Glibc.signal(signal) { number in pendingSignal.store(number, ordering: .relaxed) }
        }
        Glibc.signal(SIGWINCH) { _ in resizePending.store(true, ordering: .relaxed) }
        // A parent may have started us with signals blocked (a mask is inherited across exec):
        // then a hang-up would never save the draft, and a resize would never be noticed.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&wanted, signal) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }

    /// Whether a resize came since the last call.
    static func takeResize() -> Bool { resizePending.exchange(false, ordering: .relaxed) }

    /// Whether a signal that ends Kotae is waiting for the run loop.
    static var closingIsPending: Bool { [SIGTERM, SIGHUP, SIGINT].contains(pendingSignal.load(ordering: .relaxed)) }
}
