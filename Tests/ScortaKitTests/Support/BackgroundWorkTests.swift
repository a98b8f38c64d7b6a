import Glibc
import Synchronization
import Testing

@testable import ScortaKit

/// Work handed to a thread of its own gives back its result or its error through `wait`.
@Suite struct BackgroundWorkTests {
    @Test func theWorkRunsOnAnotherThreadAndGivesItsResult() throws {
        let caller = UInt(pthread_self())
        let work = BackgroundWork { () -> (sum: Int, thread: UInt) in
            ((1...1_000).reduce(0, +), UInt(pthread_self()))
        }
        let (sum, thread) = try work.wait()
        #expect(sum == 500_500)
        #expect(thread != caller)
    }

    @Test func theWorksErrorIsThrownByWait() {
        let work = BackgroundWork { () -> Int in throw ScortaError.invalid("bad line 7") }
        #expect(throws: ScortaError.invalid("bad line 7")) { try work.wait() }
    }

    /// Dropped without a wait (the caller threw meanwhile), the work still ends.
    @Test func workNotWaitedForEndsWhenDropped() {
        let done = Box()
        do {
            _ = BackgroundWork {
                usleep(20_000)
                done.set()
            }
        }
        #expect(done.isSet)
    }

    final class Box: Sendable {
        private let flag = Atomic<Bool>(false)
        func set() { flag.store(true, ordering: .sequentiallyConsistent) }
        var isSet: Bool { flag.load(ordering: .sequentiallyConsistent) }
    }
}
