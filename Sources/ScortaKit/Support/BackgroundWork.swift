import Glibc
import Synchronization

/// Work done on a thread of its own while the caller goes on with the
/// database (which stays on the caller's thread: one connection, one
/// thread). What the work needs is handed to it as Sendable values and its
/// result comes back through `wait`, so nothing is shared while it runs.
///
///     let digest = BackgroundWork { hashLines(lines) }
///     try writeBalances()              // meanwhile, on this thread
///     let hash = try digest.wait()
///
/// When no thread can be started the work runs at once, on the caller's.
final class BackgroundWork<T: Sendable> {
    private let outcome = Outcome()
    private var thread: pthread_t?

    private final class Outcome: Sendable {
        let result = Mutex<Result<T, any Error>?>(nil)
    }

    init(_ work: @escaping @Sendable () throws -> T) {
        let outcome = self.outcome
        let start = ThreadStart {
            let result = Result { try work() }
            outcome.result.withLock { $0 = result }
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(start).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        if status == 0 {
            self.thread = thread
        } else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            start.body()
        }
    }

    /// The work's result (or its error), once it is done.
    func wait() throws -> T {
        join()
        guard let result = outcome.result.withLock({ $0 }) else {
            preconditionFailure("background work ended without a result")
        }
        return try result.get()
    }

    private func join() {
        guard let thread else { return }
        pthread_join(thread, nil)
        self.thread = nil
    }

    /// Work left unwaited for (the caller threw meanwhile) still ends before its inputs are gone.
    deinit { join() }
}

/// What a thread runs: not generic, so the C function that starts the thread can call it.
private final class ThreadStart: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
