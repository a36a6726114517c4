import Foundation
import OnboardSpec

/// What the gateway knows of the partners' access grants: per partner and resource type, the grants that have not
/// ended — id, patient, letters and window in epoch seconds — as one exact-key nginx map the token check reads
/// (`"<partner> <Type>"` → `"<id>|Patient/<id>|<letters>|<from>|<until>"`, space-separated), so a request costs one
/// hash lookup with 5 grants or 10,000. The script compares the window with its own clock: a grant ends at `until`
/// whether or not anyone applies.
struct GatewayGrants {
    /// The map's lines (empty map when no partner holds a grant).
    let map: [String]
    /// The resource types any grant names, sorted: their reads by id go through the grant handler.
    let types: [String]
    /// How many keys the map holds, for nginx's hash sizes.
    let entries: Int
    private let letters: [String: [String: ScopePermissions]]

    init(_ partners: [PartnerInput], now: Date) {
        var values: [String: [String]] = [:]
        var keys: [String] = []
        var letters: [String: [String: ScopePermissions]] = [:]
        var types: Set<String> = []
        for partner in partners {
            for grant in partner.grants where !grant.hasEnded(at: now) {
                let entry =
                    "\(grant.id)|\(grant.patient)|\(grant.permissions)|\(Int(grant.from.timeIntervalSince1970))|"
                    + "\(Int(grant.until.timeIntervalSince1970))"
                for type in grant.resources {
                    let key = "\(partner.id) \(type)"
                    if values[key] == nil { keys.append(key) }
                    values[key, default: []].append(entry)
                    letters[partner.id, default: [:]][type, default: []].formUnion(grant.permissions)
                    types.insert(type)
                }
            }
        }
        self.map =
            ["map \"$onboard_partner $onboard_type\" $onboard_grants {", "    default \"\";"]
            + keys.map { "    \"\($0)\" \"\(values[$0]!.joined(separator: " "))\";" } + ["}"]
        self.types = types.sorted()
        self.entries = keys.count
        self.letters = letters
    }

    /// The allowance keys (`"<partner> <Type> <interaction>"`) a partner's grants open: a search of the type for `s`,
    /// a read by id for `r`.
    func allowanceKeys(_ partner: String) -> [String] {
        guard let byType = letters[partner] else { return [] }
        return byType.keys.sorted().flatMap { type in
            GatewayInteraction.all.filter { ["search-type", "read"].contains($0.code) }
                .filter { byType[type]!.contains($0.permission) }
                .map { "\(partner) \(type) \($0.code)" }
        }
    }
}
