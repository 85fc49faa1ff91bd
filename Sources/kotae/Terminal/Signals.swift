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
    }

    static func take() -> Int32 { pendingSignal.exchange(0, ordering: .relaxed) }
}
