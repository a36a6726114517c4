import Foundation

/// One change of an apply as the journal keeps it, written before the change is sent to the platform (`started`) and
/// again once it is recorded (`done`) or failed: so an apply killed at any point leaves a record of every change it
/// may have made, which the audit trail and `onboard history` report. Never holds a secret: addresses, actions,
/// reasons, the paths of changed fields (not their values), platform ids, and the referral routes an affiliation
/// change adds or removes (service ids, which the audit trail names one by one).
public struct JournalStep: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Sent (or about to be); whether the platform took it is unknown if the apply never got further.
        case started
        case done
        case failed
    }

    /// The journal entry; a migration gives it the new database's id.
    public var journalID: Int
    /// The change's place in its plan.
    public let index: Int
    public let address: ResourceAddress
    public let action: ChangeAction
    public let reasons: [ChangeReason]
    /// Which fields the change alters (`scope`, `status`, …), without their values.
    public let fields: [String]
    public var status: Status
    public var at: Date
    /// The platform id before the change (a replaced certificate's serial), when there was one.
    public let previousPlatformID: String?
    /// The platform id after it (the new certificate's serial, the resource's FHIR path).
    public var platformID: String?
    /// The version the platform gave the resource (FHIR `versionId`), for versioned references.
    public var version: String?
    /// For an affiliation: the services the partner may now refer to that it could not before, and those it no
    /// longer may (`HealthcareService/<id>`); nil for other resources and for journals written before routes.
    public let routesAdded: [String]?
    public let routesRemoved: [String]?

    public init(
        journalID: Int, index: Int, change: PlannedChange, at: Date, previousPlatformID: String?,
        status: Status = .started,
        platformID: String? = nil, version: String? = nil, previousDocument: JSONValue? = nil
    ) {
        if change.address.kind == .affiliation {
            let before = Self.routes(previousDocument), after = Self.routes(change.desired)
            routesAdded = after.filter { !before.contains($0) }
            routesRemoved = before.filter { !after.contains($0) }
        } else {
            (routesAdded, routesRemoved) = (nil, nil)
        }
        self.journalID = journalID
        self.index = index
        self.address = change.address
        self.action = change.action
        self.reasons = change.reasons
        self.fields = change.fields.map(\.path)
        self.status = status
        self.at = at
        self.previousPlatformID = previousPlatformID
        self.platformID = platformID
        self.version = version
    }

    public var partnerID: String? { address.partnerID }

    /// The services an affiliation lists (`healthcareService[].reference`; an offboarded partner's lists none).
    static func routes(_ affiliation: JSONValue?) -> [String] {
        (affiliation?["healthcareService"]?.arrayValue ?? []).compactMap { $0["reference"]?.stringValue }
    }
}
