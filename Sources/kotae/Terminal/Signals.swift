import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The last signal asked of us (SIGTERM, SIGHUP, SIGINT, SIGTSTP), or 0. A handler may only set
/// a flag; the run loop, which wakes at least every 200 ms, acts on it.
let pendingSignal = Atomic<Int32>(0)

enum Signals {
    static func install() {
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGTSTP] {
            Glibc.signal(signal) { number in pendingSignal.store(number, ordering: .relaxed) }
        }
        // A parent may have started us with signals blocked (a mask is inherited across exec):
        // then a hang-up would never save the draft, and a resize would never reach ncurses.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&wanted, signal) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
}
