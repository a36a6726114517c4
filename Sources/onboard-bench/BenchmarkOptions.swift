/// `--name value` options of a benchmark, with defaults.
struct BenchmarkOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index + 1 < arguments.count {
            if arguments[index].hasPrefix("--") { values[String(arguments[index].dropFirst(2))] = arguments[index + 1] }
            index += 2
        }
    }

    func integer(_ name: String, default value: Int) -> Int {
        values[name].flatMap(Int.init) ?? value
    }

    func string(_ name: String, default value: String) -> String {
        values[name] ?? value
    }
}
