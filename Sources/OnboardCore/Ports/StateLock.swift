/// A held state lock; released explicitly, or by the operating system when the process dies.
public protocol StateLock: Sendable {
    func release() async
}
