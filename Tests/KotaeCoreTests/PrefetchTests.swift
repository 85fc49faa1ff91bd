import Foundation
import Testing
@testable import KotaeCore

struct PrefetchTests {
    @Test func theWorkRunsOnAnotherThreadWhileTheCallerGoesOn() {
        let caller = pthread_self()
        let started = DispatchSemaphore(value: 0)
        let mayFinish = DispatchSemaphore(value: 0)
        let prefetch = Prefetch { () -> Bool in
            started.signal()
            // Finishes when the caller, still running, says so (run on the caller, it would give up).
            _ = mayFinish.wait(timeout: .now() + 10)
            return pthread_equal(pthread_self(), caller) == 0
        }
        #expect(started.wait(timeout: .now() + 10) == .success)
        mayFinish.signal()
        #expect(prefetch.value)
    }

    @Test func everyoneWhoAsksGetsTheSameValue() {
        let prefetch = Prefetch { UUID() }
        let first = prefetch.value
        #expect(prefetch.value == first)
        #expect(prefetch.value == first)
    }
}
