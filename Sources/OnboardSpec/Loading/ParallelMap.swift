import Dispatch

extension Array where Element: Sendable {
    /// Maps on all cores, keeping order: CPU-bound work independent per file (parsing partner files). I/O-bound work
    /// uses Core's `concurrentMap` instead.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let buffer = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        buffer.initialize(repeating: nil)
        defer {
            _ = buffer.deinitialize()
            buffer.deallocate()
        }
        nonisolated(unsafe) let slots = buffer
        let items = self
        let chunks = Swift.min(count, 64)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var index = chunk
            while index < items.count {
                slots[index] = transform(items[index])
                index += chunks
            }
        }
        return buffer.map { $0! }
    }
}
