/// Where random bytes come from (certificate serials, generated passphrases), injected so tests can be reproducible.
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}
