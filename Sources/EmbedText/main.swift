import Foundation

/// Embeds text files into Swift source at build time, so files people and tools read as files (the gateway's njs
/// script, the network `onboard init` writes) are still carried by the onboard binary.
///
/// `EmbedText INPUT OUTPUT TYPE PROPERTY`: extends `TYPE` with `static let PROPERTY`, the text of INPUT (one final
/// newline dropped: files end with one, the text does not).
/// `EmbedText --files OUTPUT TYPE PROPERTY ROOT INPUT...`: extends `TYPE` with `static let PROPERTY: [String: String]`,
/// each INPUT's text (whole) by its path relative to ROOT.
let arguments = CommandLine.arguments

func literal(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": literal += "\\\\"
        case "\"": literal += "\\\""
        case "\n": literal += "\\n"
        case "\r": literal += "\\r"
        case "\t": literal += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: literal += "\\u{\(String(scalar.value, radix: 16))}"
        default: literal.unicodeScalars.append(scalar)
        }
    }
    return literal + "\""
}

func write(_ output: String, type: String, property: String, declaration: String, from origin: String) throws {
    let source = """
        // Generated at build time from \(origin) by EmbedText; edit that.
        extension \(type) {
            static let \(property)\(declaration)
        }

        """
    try source.write(toFile: output, atomically: true, encoding: .utf8)
}

if arguments.count >= 6, arguments[1] == "--files" {
    let root = URL(fileURLWithPath: arguments[5]).standardizedFileURL.path + "/"
    var entries: [String] = []
    for input in arguments[6...].sorted() {
        let path = URL(fileURLWithPath: input).standardizedFileURL.path
        let key = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
        entries.append("        \(literal(key)): \(literal(try String(contentsOfFile: input, encoding: .utf8))),")
    }
    try write(
        arguments[2], type: arguments[3], property: arguments[4],
        declaration: ": [String: String] = [\n" + entries.joined(separator: "\n") + "\n    ]", from: "the files it names")
} else if arguments.count == 5 {
    var text = try String(contentsOfFile: arguments[1], encoding: .utf8)
    if text.hasSuffix("\n") { text.removeLast() }
    try write(
        arguments[2], type: arguments[3], property: arguments[4], declaration: " = " + literal(text),
        from: URL(fileURLWithPath: arguments[1]).lastPathComponent)
} else {
    FileHandle.standardError.write(
        Data("usage: EmbedText INPUT OUTPUT TYPE PROPERTY | EmbedText --files OUTPUT TYPE PROPERTY ROOT INPUT...\n".utf8))
    exit(2)
}
