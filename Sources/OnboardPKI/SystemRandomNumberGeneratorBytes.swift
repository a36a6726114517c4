/// Random bytes for salts and IVs, which must come from the system CSPRNG whatever randomness the engine injects.
enum SystemRandomNumberGeneratorBytes {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
