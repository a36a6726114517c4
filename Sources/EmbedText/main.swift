import Foundation

/// `EmbedText INPUT OUTPUT TYPE PROPERTY`: writes a Swift file that extends `TYPE` with `static let PROPERTY`, the
/// text of INPUT (one final newline dropped: files end with one, the text does not). Run at build time by the
/// EmbedGatewayScript plugin, so the gateway's njs script lives in a real `.js` file and the binary still carries it.
let arguments = CommandLine.arguments
guard arguments.count == 5 else {
    FileHandle.standardError.write(Data("usage: EmbedText INPUT OUTPUT TYPE PROPERTY\n".utf8))
    exit(2)
}
var text = try String(contentsOfFile: arguments[1], encoding: .utf8)
if text.hasSuffix("\n") { text.removeLast() }
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
literal += "\""
let source = """
    // Generated at build time from \(URL(fileURLWithPath: arguments[1]).lastPathComponent) by EmbedText; edit that file.
    extension \(arguments[3]) {
        static let \(arguments[4]) = \(literal)
    }

    """
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
