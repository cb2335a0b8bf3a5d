// Writes a Swift file that embeds SQL migrations and reference files as string literals.
// Usage: EmbedTool OUTPUT migration:PATH... file:PATH...
import Foundation
import SQLite

/// A raw string literal whose delimiter cannot occur in `text`, preserving it byte for byte.
func literal(_ text: String) -> String {
  var longest = 0
  var run = 0
  for character in text {
    run = character == "#" ? run + 1 : 0
    longest = max(longest, run)
  }
  let hashes = String(repeating: "#", count: longest + 1)
  return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
}

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
  FileHandle.standardError.write(Data("usage: EmbedTool OUTPUT migration:PATH... file:PATH...\n".utf8))
  exit(64)
}
var migrations: [String] = []
var files: [String] = []
for argument in arguments.dropFirst() {
  let (kind, path) =
    argument.hasPrefix("migration:")
    ? ("migration", String(argument.dropFirst("migration:".count)))
    : ("file", String(argument.dropFirst("file:".count)))
  let url = URL(fileURLWithPath: path)
  let text = try String(contentsOf: url, encoding: .utf8)
  let name = url.lastPathComponent
  if kind == "migration" {
    // The checksum is worked out here, once, rather than by every psr that opens a database.
    migrations.append(
      "    Migration(name: \"\(url.deletingPathExtension().lastPathComponent)\", sql: \(literal(text)), checksum: \"\(SHA256.hex(text.utf8))\"),"
    )
  } else {
    files.append("    \"\(name)\": \(literal(text)),")
  }
}
let source = """
  // Generated at build time by EmbedTool from Migrations/ and Sources/CaseTracker/Registry/Reference/. Do not edit.
  import SQLite

  enum Embedded {
    /// Migrations/*.sql, in name order.
    static let migrations: [Migration] = [
  \(migrations.joined(separator: "\n"))
    ]

    /// Reference/* by file name.
    static let files: [String: String] = [
  \(files.isEmpty ? "    :" : files.joined(separator: "\n"))
    ]
  }

  """
try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
