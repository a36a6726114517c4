import Foundation

/// A CA rotation under way (`spec.ca.rotation`): the CA being replaced, and the time until which the gateway still
/// trusts its chain — partners use their old certificate until they install the new one from their kit, and no
/// longer than this.
public struct CARotation: Sendable, Hashable {
    /// The retiring CA, as `spec.ca` named it before.
    public let from: CASettings
    public let deadline: Date

    public init(from: CASettings, deadline: Date) {
        self.from = from
        self.deadline = deadline
    }
}
