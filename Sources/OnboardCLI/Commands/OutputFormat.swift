import ArgumentParser

/// How a command prints its result: for people, or as documented JSON for tools.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human
    case json
}
