import Foundation
import Synchronization

/// A value worked out on a thread of its own from the moment the prefetch is made, and waited for
/// where it is needed. Start-up uses it to read the questionnaire definitions on the second core
/// while the first parses the command line: the two took about as long each, one after the other.
public final class Prefetch<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in
            let value = work()
            result.withLock { $0 = value }
            finished.signal()
        }
    }

    /// The value, once the work is done (at once if it already is).
    public var value: Value {
        finished.wait()
        finished.signal()  // for whoever asks next
        return result.withLock { $0! }
    }
}
