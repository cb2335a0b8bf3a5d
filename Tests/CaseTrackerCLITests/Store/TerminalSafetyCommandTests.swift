import Foundation
import Testing

/// Stored text and arguments cannot drive the terminal: what psr prints for a person shows control and
/// bidi characters escaped, JSON escapes them and parses back to the same text, and CSV stays verbatim
/// unless it is written to a terminal.
@Suite struct TerminalSafetyCommandTests {
  /// ESC (a colour and a screen clear), BEL, a bare CR that would overwrite the line, the one-byte CSI
  /// U+009B, a right-to-left override, and a line break, which a note may hold.
  static let hostile =
    "soil \u{1B}[31mred\u{1B}[2J\u{07} over\rwritten \u{9B}31m csi \u{202E}desrever\u{202C}\nline two"
  /// A one-line field refuses C0 and C1 controls, but not the bidi controls.
  static let bidiTitle = "Invoice \u{202E}fdp.exe\u{202C} \u{2066}isolated\u{2069} \u{200F}mark \u{061C}sign"

  /// The scalars that must never reach a terminal raw: C0 but tab and line feed, DEL, C1, and the bidi
  /// controls.
  static func raw(_ text: String) -> [String] {
    text.unicodeScalars.filter { scalar in
      switch scalar.value {
      case 0x09, 0x0A: false
      case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
      default: false
      }
    }.map { String(format: "U+%04X", $0.value) }
  }

  /// A field office with a case whose title holds bidi controls, a hostile note on it, and a hostile
  /// insight in the third quarter of 2026.
  private func hostileOffice() throws -> (Sandbox, String) {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", Self.bidiTitle, "--producer", "1503"])
    try box.act(["case", "note", id, Self.hostile])
    try box.act(["insight", "add", "--country", "KE", "--kind", "price", "--date", "2026-08-10", Self.hostile])
    return (box, id)
  }

  @Test func showSearchListsAndTheMarkdownReportShowControlCharactersEscaped() throws {
    let (box, id) = try hostileOffice()
    for arguments in [
      ["case", "show", id], ["case", "list"], ["search", "soil"], ["search", "soil", "--format", "json"],
      ["insight", "list"], ["insight", "list", "--format", "json"], ["case", "show", id, "--format", "json"],
      ["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "markdown"],
      ["report", "region", "AME-ECA", "--period", "2026-Q3"],
      ["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "json"],
    ] {
      let result = try box.officer(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(Self.raw(result.stdout) == [], "psr \(arguments.joined(separator: " "))")
      #expect(Self.raw(result.stderr) == [], "psr \(arguments.joined(separator: " ")) (stderr)")
    }
    // Shown, escaped, where a person can see them.
    let shown = try box.ok(["case", "show", id])
    // The timeline shows a note's line breaks as ⏎.
    #expect(shown.contains("soil \\u{1b}[31mred\\u{1b}[2J\\u{7} over ⏎ written \\u{9b}31m csi \\u{202e}desrever"))
    #expect(shown.contains("Invoice \\u{202e}fdp.exe\\u{202c} \\u{2066}isolated\\u{2069} \\u{200f}mark \\u{61c}sign"))
    let markdown = try box.ok(["report", "region", "AME-ECA", "--period", "2026-Q3", "--format", "markdown"])
    #expect(markdown.contains("soil \\u{1b}\\[31mred\\u{1b}\\[2J\\u{7} over written \\u{9b}31m csi \\u{202e}desrever"))
  }

  @Test func jsonEscapesThemAndParsesBackToTheExactText() throws {
    let (box, id) = try hostileOffice()
    let shown = try box.ok(["case", "show", id, "--format", "json"])
    #expect(
      shown.contains(#""soil \u001b[31mred\u001b[2J\u0007 over\rwritten \u009b31m csi \u202edesrever\u202c\nline two""#)
    )
    let record = try #require(try json(shown) as? [String: Any])
    #expect(record["title"] as? String == Self.bidiTitle)
    let events = try #require(record["events"] as? [[String: Any]])
    #expect(events.contains { $0["text"] as? String == Self.hostile })
    let insights = try #require(try json(box.ok(["insight", "list", "--format", "json"])) as? [[String: Any]])
    #expect(insights.map { $0["text"] as? String } == [Self.hostile])
  }

  @Test func csvIsVerbatimWhenPipedAndEscapedOnATerminal() throws {
    let (box, _) = try hostileOffice()
    let piped = try box.ok(["insight", "list", "--format", "csv"])
    #expect(piped.contains("\"" + Self.hostile + "\""))
    let onTerminal = try box.onTerminal(["insight", "list", "--format", "csv"])
    #expect(onTerminal.contains(",price,"), "\(onTerminal)")
    // The terminal turns each line feed into CR LF, so CSV's CR LF arrives as CR CR LF.
    func lineEnds(_ text: String) -> String {
      text.replacingOccurrences(of: "\r\r\n", with: "\n").replacingOccurrences(of: "\r\n", with: "\n")
    }
    let lines = lineEnds(onTerminal)
    #expect(Self.raw(lines) == [], "\(lines)")
    #expect(lines.contains("soil \\u{1b}[31mred\\u{1b}[2J\\u{7} over\\u{d}written \\u{9b}31m csi \\u{202e}desrever"))
    let show = try box.onTerminal(["search", "soil", "--format", "csv"])
    #expect(show.contains("soil"), "\(show)")
    #expect(Self.raw(lineEnds(show)) == [], "\(show)")
  }

  @Test func messagesOnStandardErrorEscapeArgumentsPathsAndStoredNames() throws {
    let box = try fieldOffice()
    let path = box.folder.appendingPathComponent("\u{1B}]0;owned\u{07}\u{202E}lqs.x").path
    let missing = try box.run(["--db", path, "case", "list"], useDB: false)
    #expect(missing.status == 66)
    #expect(Self.raw(missing.stderr) == [], "\(missing.stderr)")
    #expect(missing.stderr.contains("\\u{1b}]0;owned\\u{7}\\u{202e}lqs.x"))
    let usage = try box.run(["case", "list", "--colour\u{1B}[2J\u{9B}\u{202E}"])
    #expect(usage.status == 64)
    #expect(Self.raw(usage.stderr) == [], "\(usage.stderr)")
    #expect(usage.stderr.contains("--colour\\u{1b}[2J\\u{9b}\\u{202e}"))
    let added = try box.run([
      "producer", "add", "--name", "Coop \u{202E}evil\u{202C}", "--country", "KE", "--type", "spo",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(Self.raw(added.stderr) == [], "\(added.stderr)")
    #expect(added.stderr.contains("added Coop \\u{202e}evil\\u{202c} (KE"))
    // A multi-line message keeps its line breaks.
    let refused = try box.run(["producer", "import", try box.file("bad.csv", "name,country,type\nA,ZZ\u{1B}[2J,spo\n")])
    #expect(refused.status == 65)
    #expect(Self.raw(refused.stderr) == [], "\(refused.stderr)")
    #expect(refused.stderr.split(separator: "\n").count == 3, "\(refused.stderr)")
  }
}

extension Sandbox {
  /// Runs `psr arguments…` with stdout on a pseudo-terminal (util-linux or BSD `script`), and returns
  /// what the terminal received.
  func onTerminal(_ arguments: [String]) throws -> String {
    let command = [Self.executable.path, "--db", db] + arguments
    #if os(Linux)
      let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      let scriptArguments = ["-qec", quoted.joined(separator: " ") + " 2>/dev/null", "/dev/null"]
    #else
      let scriptArguments = ["-q", "/dev/null"] + command
    #endif
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = scriptArguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1", "TERM": "xterm"]
    let out = Pipe()
    process.standardOutput = out
    process.standardInput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
