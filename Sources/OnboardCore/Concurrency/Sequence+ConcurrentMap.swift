extension Sequence where Element: Sendable {
    /// Maps every element concurrently with structured concurrency, at most `limit` at a time, keeping the order of
    /// the input. The first error cancels the rest and is rethrown. This is how live refreshes honour a target's
    /// `maxConcurrency` without a semaphore.
    public func concurrentMap<T: Sendable>(
        limit: Int, _ transform: @escaping @Sendable (Element) async throws -> T
    ) async throws -> [T] {
        let items = Array(self)
        guard !items.isEmpty else { return [] }
        return try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<Swift.min(Swift.max(1, limit), items.count) {
                let index = next, item = items[index]
                group.addTask { (index, try await transform(item)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < items.count {
                    let index = next, item = items[index]
                    group.addTask { (index, try await transform(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
