import Foundation

extension JSONValue {
    /// Canonical JSON: sorted keys, no insignificant space, integers without a fraction. Equal documents give equal
    /// text, so digests are stable across runs and machines.
    public var canonicalText: String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Pretty JSON (sorted keys, two-space indent) for files people read.
    public var prettyText: String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output + "\n"
    }

    /// SHA-256 of the canonical text, hex.
    public var digest: String {
        SHA256Digest.hex(canonicalText)
    }

    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { output += String(Int64(value)) } else { output += "\(value)" }
        case .string(let value): Self.quote(value, into: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent, level + 1)
                item.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent, level)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else { output += "{}"; return }
            output += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent, level + 1)
                Self.quote(key, into: &output)
                output += indent == nil ? ":" : ": "
                object[key]!.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent, level)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: level)
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20: output += String(format: "\\u%04x", control.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
