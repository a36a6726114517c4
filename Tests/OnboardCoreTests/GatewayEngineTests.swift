import Foundation
import OnboardCore
import OnboardTestSupport
import Testing

/// What the engine puts in the gateway for its token check: the client id of every partner (known only once the
/// apply registered it), the authorization server's signing keys (a rotation is a planned gateway change), and
/// nothing from outside onboard's grammar that could change the configuration's meaning.
@Suite struct GatewayEngineTests {
    func applied() async throws -> EngineBed {
        let bed = try EngineBed()
        try await bed.converge()
        return bed
    }

    func configuration(_ bed: EngineBed) async throws -> String {
        try #require(await bed.gateway.configuration)
    }

    @Test func theGatewayKnowsEveryClientRegisteredInTheSameApply() async throws {
        let bed = try EngineBed()
        let plan = try await bed.plan()
        let planned = try #require(plan.change(.gateway)?.desired?["config"]?.stringValue)
        #expect(
            planned.contains("    northside-lab \"\(GatewayConfigBuilder.unknownClient)\";"), "unknown until registered"
        )
        try await bed.converge()
        let config = try await configuration(bed)
        let client = try #require(await bed.platformID(.partner("northside-lab", .client)))
        #expect(config.contains("    northside-lab \"\(client)\";"))
        #expect(!config.contains(GatewayConfigBuilder.unknownClient))
        #expect(await bed.gateway.files?.script == GatewayScript.source)
    }

    @Test func aClientRegisteredAgainIsWrittenToTheGateway() async throws {
        let bed = try await applied()
        let old = try #require(await bed.platformID(.partner("riverside-clinic", .client)))
        await bed.clients.deleteBehindOnboard(old)
        let plan = try await bed.plan()
        let gateway = try #require(plan.change(.gateway), "the recorded client id would be stale")
        #expect(
            gateway.desired?["config"]?.stringValue?.contains(
                "    riverside-clinic \"\(GatewayConfigBuilder.unknownClient)\";") == true)
        try await bed.converge()
        let new = try #require(await bed.platformID(.partner("riverside-clinic", .client)))
        #expect(new != old)
        let config = try await configuration(bed)
        #expect(config.contains("    riverside-clinic \"\(new)\";") && !config.contains("\"\(old)\""))
    }

    @Test func aKeyRotationIsAPlannedGatewayChange() async throws {
        let bed = try await applied()
        #expect(try await configuration(bed).contains("set $onboard_keys \"key-1 RS256 TUlJQklkey\";"))
        await bed.tokenKeys.rotate(to: [EngineBed.key("key-1"), EngineBed.key("key-two", algorithm: "ES256")])
        let offline = try await bed.plan(refresh: false)
        #expect(offline.change(.gateway) == nil, "without refresh the recorded keys stand")
        let plan = try await bed.plan()
        let gateway = try #require(plan.change(.gateway))
        #expect(gateway.action == .update)
        #expect(
            gateway.fields.map(\.path).contains("signingKeys[1]") || gateway.fields.map(\.path).contains("signingKeys"),
            "\(gateway.fields.map(\.path))")
        // A saved plan made with the new keys applies as planned (its inputs are compared with the keys it recorded).
        let (applied, _) = try await bed.apply(plan)
        #expect(applied.digest == plan.digest)
        #expect(try await configuration(bed).contains("key-two ES256 TUlJQklkeytwo"))
        #expect(!(try await bed.plan().hasChanges))
    }

    @Test func valuesFromOutsideAreEncodedInTheConfiguration() {
        let hostile = #"x"; } server { listen 80; } map $a $b { "# + "\n" + #"$host"#
        let config = GatewayConfigBuilder.resolvingClients(
            "map $onboard_partner $onboard_client {\n    default \"\";\n    lab \"old\";\n}\n",
            clientIDs: ["lab": hostile]
        )
        #expect(
            config.contains(
                #"    lab "x%22%3B%20%7D%20server%20%7B%20listen%2080%3B%20%7D%20map%20%24a%20%24b%20%7B%20%0A%24host";"#
            ), "\(config)")
        #expect(config.split(separator: "\n").count == 4)
        let keyed = GatewayConfigBuilder.build(
            [], deployment: "d", settings: .init(upstream: "https://fhir.example/"),
            keys: [GatewaySigningKey(keyID: "k\"1 $x", algorithm: "RS256", spki: "AB+/=\";$x")], now: Date()
        )
        #expect(keyed.contains(#"set $onboard_keys "k%221%20%24x RS256 AB+/=x";"#), "\(keyed)")
    }
}
