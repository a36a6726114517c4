import Foundation
import OnboardTestSupport
import Testing

/// One table of requests and what the gateway must answer (`Tests/Fixtures/gateway/cases.json`: scopes and their
/// letters, restricted scopes, OR lists, chains, cross-type parameters, instance reads, history, POST `_search`,
/// methods, encodings, control characters), each sent from the partner's side to the real nginx running the rules
/// onboard generates (the interaction map and the partners' allowance keys, from `GatewayInteraction`) and the njs
/// token check. A rule changed in one enforcer and not the other fails here, without the live suite.
@Suite(.serialized) struct GatewayCaseTableTests {
    struct Case: Decodable {
        let `as`: String
        let method: String
        let path: String
        let status: Int
        /// Why the case answers as it does, for the reader of a failure.
        let why: String
        /// Text the `WWW-Authenticate` challenge must hold.
        let reason: String?
        /// The token's `scope` claim, when not every scope the partner was granted.
        let scope: String?
        /// Request headers to send besides the certificate and the token (`Name: value`).
        let headers: [String]?
        /// A JSON body to send (referral creates and Bundles).
        let body: JSONBody?
        /// Text the answer's body must hold (what the upstream saw, which it echoes).
        let answer: String?
    }

    @Test func everyCaseAnswersAsTheTableSays() throws {
        let url = Repository.fixtures.appendingPathComponent("gateway/cases.json")
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
        #expect(cases.count >= 60)
        let bed = try ReconcileWorkspace()
        let gateway = try GatewayHarness(bed)
        try gateway.partnerCSR("northside-lab", subject: "/CN=northside-lab")
        try gateway.partnerCSR("riverside-clinic", subject: "/CN=riverside-clinic")
        // Grants of okafor-cardiology: one open now (Patient/p1), one that has not begun (Observation, Patient/p1).
        let instant = ISO8601DateFormatter()
        func at(_ seconds: Double) -> String { instant.string(from: Date().addingTimeInterval(seconds)) }
        try bed.edit("Partners/okafor-cardiology.yaml") {
            $0 + """
                  grants:
                    - {id: open-now, patient: Patient/p1, resources: [ImagingStudy, DiagnosticReport], interactions: rs,
                       from: "\(at(-3_600))", until: "\(at(86_400))"}
                    - {id: not-yet, patient: Patient/p1, resources: [Observation], interactions: s,
                       from: "\(at(86_400))", until: "\(at(2 * 86_400))"}

                """
        }
        #expect(try bed.applyAll().status == 0)
        try gateway.exportKitKey("okafor-cardiology")
        try gateway.start()
        for item in cases {
            let token = try item.scope.map { scope in try gateway.token(for: item.as) { $0["scope"] = scope } }
            let answer = try gateway.call(
                item.method, item.path, as: item.as, token: token.map { .some($0) } ?? .none,
                headers: item.headers ?? [], body: item.body?.text
            )
            #expect(
                answer.status == item.status,
                "\(item.method) \(item.path) as \(item.as) — \(item.why): \(answer.status) \(answer.challenge)")
            if let expected = item.answer {
                #expect(answer.body.contains(expected), "\(item.method) \(item.path) — \(item.why): \(answer.body)")
            }
            if let reason = item.reason {
                #expect(
                    answer.challenge.contains(reason), "\(item.method) \(item.path) — \(item.why): \(answer.challenge)")
            }
        }
    }
}

/// A case's body, written in the table as JSON and sent as its text.
struct JSONBody: Decodable {
    let text: String

    init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer().decode(AnyJSON.self)
        text = String(
            decoding: try JSONSerialization.data(withJSONObject: value.object, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// Any JSON value, decoded to what JSONSerialization writes.
struct AnyJSON: Decodable {
    let object: Any

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode([String: AnyJSON].self) {
            object = value.mapValues(\.object)
        } else if let value = try? container.decode([AnyJSON].self) {
            object = value.map(\.object)
        } else if let value = try? container.decode(Bool.self) {
            object = value
        } else if let value = try? container.decode(Double.self) {
            object = value
        } else if let value = try? container.decode(String.self) {
            object = value
        } else {
            object = NSNull()
        }
    }
}
