extension Duration {
    /// The duration in seconds, for reports and deadlines that speak `TimeInterval`.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
