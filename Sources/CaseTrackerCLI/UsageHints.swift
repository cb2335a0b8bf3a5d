import ArgumentParser
import CaseTracker
import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Usage errors said the way a person needs them: an unknown command with the nearest one, a list of
/// choices on one line.
extension PSR {
  /// "unknown command 'caes'; did you mean 'case'?" for arguments that name no command where one is due;
  /// nil when they do (or when what is there is an option or a value).
  static func unknownCommand(_ arguments: [String]) -> String? {
    let (words, command, unmatched) = commandPath(arguments)
    let subcommands = command.configuration.subcommands
    guard let word = unmatched, !subcommands.isEmpty, !(word == "help" && command == PSR.self) else { return nil }
    var names: [String] = []
    for subcommand in subcommands { names.append(subcommand._commandName) }
    let typed = word.lowercased()
    var nearest: String?
    var best = Int.max
    for name in names {
      let apart = Self.distance(typed, name)
      let close = apart <= (name.count <= 3 ? 1 : 2) || name.hasPrefix(typed)
      if close && apart < best {
        best = apart
        nearest = name
      }
    }
    let place = words.joined(separator: " ")
    let shown = TerminalText.escaped(word)
    if let nearest {
      return
        "unknown command '\(shown)' after '\(place)'; did you mean '\(place) \(nearest)'? ('\(place) --help' lists them)"
    }
    return
      "unknown command '\(shown)' after '\(place)'; give one of: \(names.joined(separator: ", ")) ('\(place) --help' says what each does)"
  }

  /// Edit distance by characters, a swap of two neighbours counting as one edit (optimal string alignment).
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { best = min(best, table[i - 2][j - 2] + 1) }
        table[i][j] = best
      }
    }
    return table[a.count][b.count]
  }

  /// Argument-parser's list of choices ("Please provide one of the following:" then a line per value) as
  /// "give one of: a, b, c", on one line.
  static func oneLine(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { $0.trimmingScalars(isSpace) }.filter { !$0.isEmpty }
    var out: [String] = []
    var choices: [String] = []
    for line in lines {
      if line.hasPrefix("- ") && (!choices.isEmpty || out.last?.hasSuffix("one of the following:") == true) {
        choices.append(String(line.dropFirst(2)))
        continue
      }
      out.append(line)
    }
    var text = out.joined(separator: " ")
    // A short list comes inline: "… is invalid for '--kind <kind>'. Please provide one of 'demand', 'supply' or
    // 'other'".
    if choices.isEmpty, let range = text.firstRange(of: "Please provide one of '"),
      let quote = text[range.upperBound...].lastIndex(of: "'")
    {
      let close = quote..<text.index(after: quote)
      let values = text[range.upperBound..<close.lowerBound].components(separatedBy: "' or '")
        .flatMap { $0.components(separatedBy: "' and '") }
        .flatMap { $0.components(separatedBy: "', '") }
      var head = String(text[..<range.lowerBound])
      if head.hasSuffix(". ") { head = String(head.dropLast(2)) + "; " }
      return head + "give one of: " + values.joined(separator: ", ") + text[close.upperBound...]
    }
    if !choices.isEmpty {
      text =
        text.replacing(". Please provide one of the following:", with: "; give one of:")
        .replacing("Please provide one of the following:", with: "give one of:")
        + " " + choices.joined(separator: ", ")
    }
    return text
  }
}

/// Ctrl-C: one sentence on stderr, saying whether anything was saved, and exit 130. A write transaction
/// interrupted before its commit leaves nothing of it behind (SQLite discards it), so a command that had
/// committed nothing changed nothing.
enum Interruption {
  nonisolated(unsafe) private static var nothing: UnsafeMutablePointer<CChar>?
  nonisolated(unsafe) private static var saved: UnsafeMutablePointer<CChar>?

  static func install() {
    // Made before the handler can run: it may only write bytes that exist.
    nothing = strdup("psr: interrupted; nothing was changed\n")
    saved = strdup("psr: interrupted; what it had saved is kept, nothing after it was changed\n")
    _ = Database.commits
    // A signal blocked by the parent stays blocked across exec: take Ctrl-C whatever the launcher did.
    var set = sigset_t()
    #if canImport(Glibc)
      sigemptyset(&set)
      sigaddset(&set, SIGINT)
    #else
      set = sigset_t(1 << (SIGINT - 1))  // sigaddset is a macro on Darwin
    #endif
    sigprocmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
      if let text = Database.commits == 0 ? Interruption.nothing : Interruption.saved {
        _ = write(2, text, strlen(text))
      }
      _exit(130)
    }
  }
}
