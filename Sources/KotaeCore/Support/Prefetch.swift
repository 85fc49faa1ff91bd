import Foundation
import Synchronization

/// A value worked out on a thread of its own from the moment the prefetch is made, and waited for
/// where it is needed. Start-up uses it to read the questionnaire definitions on the second core
/// while the first parses the command line (the two took about as long each, one after the
/// other), and to open the draft while the first core starts the terminal.
public final class Prefetch<Value>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> sending Value) {
        Thread.detachNewThread { [self] in
            // Worked out under the lock, which nobody asks for before `finished`: a value made
            // elsewhere could not be handed to the lock without being shared.
            result.withLock { $0 = work() }
            finished.signal()
        }
    }

    /// The value, once the work is done (at once if it already is), handed over to the caller:
    /// one that cannot be shared between threads (an open draft) is taken once only.
    public func take() -> sending Value {
        finished.wait()
        return result.withLock { $0.take()! }
    }
}

extension Prefetch where Value: Sendable {
    /// The value, once the work is done (at once if it already is), for everyone who asks.
    public var value: Value {
        finished.wait()
        finished.signal()  // for whoever asks next
        return result.withLock { $0! }
    }
}
