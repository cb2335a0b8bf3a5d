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
    // Argument-parser reads "-hello" as short flags and stops at its -h with the help: a word psr's own
    // short flags (-q, -h) cannot make is a value, so it is attached to the long option before it
    // (`--note=-hello`) or, for an argument, put after `--`, before anything is parsed.
    if let rewritten = attachingDashValues(arguments), let command = try? parseAsRoot(rewritten) {
      arguments = rewritten
      return command
    }
    let asked = arguments.contains { $0 == "-h" || $0 == "--help" || $0 == "help" || $0 == "--version" }
    for _ in 0..<32 {
      do {
        let command = try parseAsRoot(arguments)
        // Help nobody asked for (argument-parser answers "-hello" with its help command): a word read as
        // flags.
        // The type's name only when a word could have been read as flags: `String(describing:)` of a type
        // costs argument-parser's conformance look-ups on every command otherwise.
        if !asked, let word = arguments.first(where: isDashValue),
          String(describing: type(of: command)) == "HelpCommand"
        {
          throw DashWord(word: word)
        }
        return command
      } catch let dash as DashWord {
        throw ValidationError(
          "'\(dash.word)' starts with '-', so it reads as options; give it as --OPTION=\(dash.word), or after '--' (psr case note REF -- '\(dash.word)')"
        )
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
        } else if exitCode(for: error) == .success, !asked, let word = arguments.first(where: isDashValue) {
          throw ValidationError(
            "'\(word)' starts with '-', so it reads as options; give it as --OPTION=\(word), or after '--' (psr case note REF -- '\(word)')"
          )
        } else {
          throw error
        }
      }
    }
    return try parseAsRoot(arguments)
  }

  /// `arguments` with each word that psr's short flags cannot make attached to the long option before it,
  /// or moved after `--` (one such argument at most); nil when there is none, or a `--` already.
  static func attachingDashValues(_ arguments: [String]) -> [String]? {
    guard !arguments.contains("--"), arguments.contains(where: isDashValue) else { return nil }
    var out: [String] = []
    var trailing: [String] = []
    for word in arguments {
      if isDashValue(word) {
        if let previous = out.last, previous.hasPrefix("--"), !previous.contains("=") {
          out[out.count - 1] = previous + "=" + word
        } else {
          trailing.append(word)
        }
      } else {
        out.append(word)
      }
    }
    // One such argument only: which of several was meant for which argument is not psr's to guess.
    guard trailing.count <= 1 else { return nil }
    return trailing.isEmpty ? out : out + ["--"] + trailing
  }

  /// The long option whose value argument-parser found missing ("Missing value for '--name <name>'").
  static func missingValueOption(_ error: Error) -> String? {
    let text = message(for: error)
    guard let range = text.firstRange(of: "Missing value for '--") else { return nil }
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

/// A word such as "-hello" that argument-parser took for flags.
private struct DashWord: Error {
  let word: String
}
