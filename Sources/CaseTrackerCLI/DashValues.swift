import ArgumentParser

/// Values that start with `-`, which argument-parser reads as flags: a name such as "-Kuapa", a title such
/// as "-urgent", a note such as "-call back". psr takes them as values where no option of its own is meant.
extension PSR {
  /// Parses `arguments`, taking a word that starts with `-` and is no option of psr's as a value: after an
  /// option whose value argument-parser found missing, as that option's value (`--name -Kuapa` as
  /// `--name=-Kuapa`); where an argument is missing, as that argument (`case note REF "-call back"` as
  /// `case note REF -- "-call back"`). A word that is one of psr's options (`--type`, `-q`) stays one, so
  /// `--title --type trade` still says that --title has no value. `arguments` is left as parsed, for the
  /// hints of an error.
  static func parseAttachingDashValues(_ arguments: inout [String]) throws -> ParsableCommand {
    for _ in 0..<32 {
      do {
        return try parseAsRoot(arguments)
      } catch {
        if let option = missingValueOption(error), let index = dashValueIndex(arguments, after: option) {
          arguments[index - 1] = option + "=" + arguments[index]
          arguments.remove(at: index)
        } else if message(for: error).hasPrefix("Missing expected argument"), !arguments.contains("--") {
          // One such word only: which of several was meant for the argument is not psr's to guess.
          let words = arguments.indices.filter { isDashValue(arguments[$0]) }
          guard words.count == 1 else { throw error }
          let word = arguments.remove(at: words[0])
          arguments += ["--", word]
        } else {
          throw error
        }
      }
    }
    return try parseAsRoot(arguments)
  }

  /// The long option whose value argument-parser found missing ("Missing value for '--name <name>'").
  static func missingValueOption(_ error: Error) -> String? {
    let text = message(for: error)
    guard let range = text.range(of: "Missing value for '--") else { return nil }
    let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
    return name.isEmpty ? nil : "--" + name
  }

  /// True for a word that starts with `-` and is a value, not one of psr's options: not a long option,
  /// nor made of psr's short flags (`-q`, `-h`), nor `-` alone (standard input).
  static func isDashValue(_ word: String) -> Bool {
    let shortFlags: Set<Character> = ["q", "h"]
    return word.hasPrefix("-") && word.count > 1 && !word.hasPrefix("--")
      && !word.dropFirst().allSatisfy(shortFlags.contains)
  }

  /// The index of the first such value right after `option`; nil when there is none.
  static func dashValueIndex(_ arguments: [String], after option: String) -> Int? {
    var index = 0
    while index + 1 < arguments.count {
      // After `--` every word is an argument, never an option.
      if arguments[index] == "--" { return nil }
      if arguments[index] == option, isDashValue(arguments[index + 1]) { return index + 1 }
      index += 1
    }
    return nil
  }
}
