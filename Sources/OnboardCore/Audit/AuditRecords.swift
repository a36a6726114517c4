import Foundation
import OnboardSpec

/// The FHIR R4 records of one apply, built from its journal: an `AuditEvent` per partner lifecycle event and one
/// `Provenance` whose targets are the FHIR resources the apply created or changed (versioned) and those AuditEvents.
/// Ids are derived from the state's lineage and the journal id, so writing them again after an interruption replaces
/// them instead of adding duplicates. Nothing secret goes in: actors, commits, digests, serials, fingerprints and
/// client ids only.
public struct AuditRecords: Sendable {
    public let deployment: DeploymentInput
    /// The state's lineage: journal ids restart with a new state, record ids must not.
    public let lineage: String

    public init(deployment: DeploymentInput, lineage: String) {
        self.deployment = deployment
        self.lineage = lineage
    }

    static let eventType: JSONValue = [
        "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110137",
        "display": "User Security Attributes Changed",
    ]
    public static let subtypeSystem = "urn:onboard:partner-lifecycle"

    /// What becomes of an apply's records: nothing for an apply that changed nothing. `organizations`: each partner's
    /// `Organization/<id>` as recorded (an adopted one keeps the id it had).
    public func resources(
        for record: JournalRecord, certificates: [CertificateRecord], clientIDs: [String: String],
        organizations: [String: String] = [:], now: Date
    ) -> [JSONValue] {
        let steps = record.steps
        guard !steps.isEmpty else { return [] }
        let inventory = Dictionary(certificates.map { ($0.serial, $0) }, uniquingKeysWith: { _, last in last })
        let interrupted = record.entry.outcome == .interrupted || record.entry.outcome == .running
        let events = PartnerEvent.events(in: steps).enumerated().map { index, event in
            auditEvent(
                event, id: "\(idPrefix(record.entry.id))-\(index + 1)", entry: record.entry, interrupted: interrupted,
                inventory: inventory, clientID: clientIDs[event.partnerID],
                organization: organizations[event.partnerID] ?? "Organization/\(FHIRIDs.organization(event.partnerID))"
            )
        }
        return events + [provenance(record, events: events, interrupted: interrupted, now: now)]
    }

    func idPrefix(_ journalID: Int) -> String {
        "onboard-apply-\(SHA256Digest.hex(deployment.name + "|" + lineage).prefix(12))-\(journalID)"
    }

    private var tag: JSONValue { OwnershipMarks.meta(deployment.name) }

    private var onboardAgent: JSONValue {
        ["display": .string("onboard (deployment \(deployment.name))")]
    }

    private func auditEvent(
        _ event: PartnerEvent, id: String, entry: JournalEntry, interrupted: Bool,
        inventory: [String: CertificateRecord],
        clientID: String?, organization: String
    ) -> JSONValue {
        let step = event.step
        var details: [JSONValue] = [["type": "partner", "valueString": .string(event.partnerID)]]
        if step.address.kind == .certificate {
            for (label, serial) in [
                ("certificate-serial", step.platformID), ("previous-certificate-serial", step.previousPlatformID),
            ] {
                guard let serial, label == "certificate-serial" || serial != step.platformID else { continue }
                details.append(["type": .string(label), "valueString": .string(serial)])
                if let fingerprint = inventory[serial]?.fingerprint {
                    details.append([
                        "type": .string(label.replacingOccurrences(of: "serial", with: "sha256")),
                        "valueString": .string(fingerprint),
                    ])
                }
                if let revocation = inventory[serial]?.revocation, event.kind != .certificateIssued {
                    details.append(["type": "revocation-reason", "valueString": .string(revocation.reason.rawValue)])
                }
            }
        }
        if let clientID { details.append(["type": "client-id", "valueString": .string(clientID)]) }
        if let service = event.service { details.append(["type": "service", "valueString": .string(service)]) }
        if let grant = event.grant {
            details.append(["type": "grant", "valueString": .string(grant)])
            if let consent = step.platformID { details.append(["type": "consent", "valueString": .string(consent)]) }
        }
        details.append([
            "type": "change-reasons", "valueString": .string(step.reasons.map(\.code).joined(separator: " ")),
        ])
        if let commit = entry.gitCommit { details.append(["type": "git-commit", "valueString": .string(commit)]) }
        var resource: [String: JSONValue] = [
            "resourceType": "AuditEvent", "id": .string(id), "meta": tag,
            "type": Self.eventType,
            "subtype": [["system": .string(Self.subtypeSystem), "code": .string(event.kind.rawValue)]],
            "action": .string(event.kind.action),
            "recorded": .string(UTCInstant.text(step.at)),
            "outcome": .string(Self.outcome(step.status, interrupted: interrupted).code),
            "agent": [
                ["who": ["display": .string(entry.actor)], "requestor": true],
                [
                    "type": [
                        "coding": [
                            [
                                "system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110150",
                                "display": "Application",
                            ]
                        ]
                    ],
                    "who": onboardAgent, "requestor": false,
                ],
            ],
            "source": [
                "site": .string(deployment.name), "observer": onboardAgent,
                "type": [
                    [
                        "system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4",
                        "display": "Application Server",
                    ]
                ],
            ],
            "entity": [
                [
                    "what": [
                        "reference": .string(organization),
                        "identifier": OwnershipMarks.identifier(event.partnerID),
                    ],
                    "type": [
                        "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2",
                        "display": "System Object",
                    ],
                    "detail": .array(details),
                ]
            ],
        ]
        if let description = Self.outcome(step.status, interrupted: interrupted).description {
            resource["outcomeDesc"] = .string(description)
        }
        return .object(resource)
    }

    /// AuditEvent.outcome: 0 success, 4 minor failure (the apply stopped while the change was under way: the next
    /// apply settles it), 8 serious failure (the change failed).
    static func outcome(_ status: JournalStep.Status, interrupted: Bool) -> (code: String, description: String?) {
        switch status {
        case .done: ("0", nil)
        case .failed:
            ("8", "the change failed; nothing of it was recorded as applied, and the next apply tries it again")
        case .started:
            (
                "4",
                interrupted
                    ? "the apply was interrupted while this change was under way; whether the platform took it is settled by the next apply"
                    : "the apply stopped before this change was recorded; the next apply settles it"
            )
        }
    }

    private func provenance(_ record: JournalRecord, events: [JSONValue], interrupted: Bool, now: Date) -> JSONValue {
        let entry = record.entry
        var targets: [JSONValue] = []
        for step in record.steps where ResourceKind.directory.contains(step.address.kind) {
            guard step.status != .failed, let path = step.platformID ?? step.previousPlatformID else { continue }
            let versioned = step.action != .delete && step.status == .done && step.version != nil
            targets.append(["reference": .string(versioned ? "\(path)/_history/\(step.version!)" : path)])
        }
        targets += events.compactMap { $0["id"]?.stringValue }.map { ["reference": .string("AuditEvent/\($0)")] }
        if targets.isEmpty {
            targets.append(["identifier": ["system": "urn:onboard:apply", "value": .string(idPrefix(entry.id))]])
        }
        var onBehalfOf: [String: JSONValue] = ["display": .string(deployment.hospitalName)]
        if let identifier = deployment.hospitalIdentifier {
            onBehalfOf["identifier"] = ["system": .string(identifier.system), "value": .string(identifier.value)]
        }
        var entities: [JSONValue] = [
            [
                "role": "source",
                "what": ["identifier": ["system": "urn:onboard:plan-digest", "value": .string(entry.planDigest)]],
            ]
        ]
        if let commit = entry.gitCommit {
            entities.insert(
                [
                    "role": "source",
                    "what": ["identifier": ["system": "urn:onboard:git-commit", "value": .string(commit)]],
                ], at: 0)
        }
        let reasons = Array(Set(record.steps.flatMap { $0.reasons.map(\.code) })).sorted()
        var resource: [String: JSONValue] = [
            "resourceType": "Provenance", "id": .string(idPrefix(entry.id)), "meta": tag,
            "target": .array(targets),
            "occurredPeriod": [
                "start": .string(UTCInstant.text(entry.startedAt)),
                "end": .string(UTCInstant.text(entry.finishedAt ?? record.steps.map(\.at).max() ?? entry.startedAt)),
            ],
            "recorded": .string(UTCInstant.text(now)),
            "activity": [
                "coding": [
                    [
                        "system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": "UPDATE",
                        "display": "revise",
                    ]
                ]
            ],
            "reason": .array(
                reasons.map { ["coding": [["system": "urn:onboard:change-reason", "code": .string($0)]]] }),
            "agent": [
                [
                    "type": [
                        "coding": [
                            [
                                "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                "code": "author", "display": "Author",
                            ]
                        ]
                    ],
                    "who": ["display": .string(entry.actor)], "onBehalfOf": .object(onBehalfOf),
                ],
                [
                    "type": [
                        "coding": [
                            [
                                "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                "code": "performer", "display": "Performer",
                            ]
                        ]
                    ],
                    "who": onboardAgent,
                ],
            ],
            "entity": .array(entities),
        ]
        if interrupted || { if case .failed = entry.outcome { true } else { false } }() {
            resource["reason"] = .array(
                (resource["reason"]?.arrayValue ?? []) + [
                    ["text": .string("apply \(entry.outcome.description.prefix(200))")]
                ])
        }
        return .object(resource)
    }
}
