/// Seals every secret state keeps anew with the current key (`onboard state reseal`): the last step of a state-key
/// rotation, and the way values of an older sealed form move to the current one. Each record is rewritten with the
/// same document and a new sealed value, so nothing on the platform changes.
public enum StateResealing {
    /// Returns how many secrets were sealed anew. The caller holds the state lock.
    public static func reseal(_ store: any StateStore, with sealer: any SecretSealer) async throws -> Int {
        var count = 0
        for record in try await store.snapshot().resources.values.sorted(by: { $0.address < $1.address }) {
            guard let sealed = record.sealed else { continue }
            let secret = try await sealer.open(sealed)
            try await store.save(
                ResourceRecord(
                    address: record.address, platformID: record.platformID, canonical: record.canonical,
                    appliedAt: record.appliedAt, version: record.version, sealed: try await sealer.seal(secret)
                ))
            count += 1
        }
        return count
    }
}
