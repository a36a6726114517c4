/// One change of a plan: the resource, the action, why, which fields move, and the document to write.
public struct PlannedChange: Sendable, Hashable, Codable {
    public let address: ResourceAddress
    public let action: ChangeAction
    public let reasons: [ChangeReason]
    public let fields: [FieldChange]
    /// The document to write (nil for deletes). Never holds a secret.
    public let desired: JSONValue?
    /// The platform version this change was planned against; the write sends it as `If-Match`, so an edit made on
    /// the platform after the plan is reported as a conflict instead of being overwritten.
    public let baseVersion: String?
    /// For an import: the existing platform object taken over (`Type/id`, a client id, a certificate serial).
    public let adopting: String?

    public init(
        address: ResourceAddress, action: ChangeAction, reasons: [ChangeReason], fields: [FieldChange] = [],
        desired: JSONValue?, baseVersion: String? = nil, adopting: String? = nil
    ) {
        self.adopting = adopting
        self.address = address
        self.action = action
        self.reasons = reasons
        self.fields = fields
        self.desired = desired
        self.baseVersion = baseVersion
    }

    /// The same change for other reasons.
    public func with(reasons: [ChangeReason]) -> PlannedChange {
        PlannedChange(
            address: address, action: action, reasons: reasons, fields: fields, desired: desired,
            baseVersion: baseVersion, adopting: adopting)
    }
}
