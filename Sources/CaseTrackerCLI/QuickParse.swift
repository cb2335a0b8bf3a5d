import ArgumentParser
import CaseTracker

/// The arguments of a command line made only of words, psr's global options and long options with a value
/// (`--name value` or `--name=value`, the value neither empty nor starting with '-'), the flag `-q`/`--quiet`
/// once and no `help` word: the shape whose parse by argument-parser is known in advance for the commands
/// `PSR.quickCommand` builds. Anything else (help, completions, other flags, `--`, dash-led values) is nil,
/// and argument-parser parses it.
struct PlainArguments {
  var words: [String] = []
  var db: String?
  var actor: String?
  var today: String?
  var quiet = false
  /// The other options, by name without the dashes, each value in the order given.
  var options: [String: [String]] = [:]

  init?(_ arguments: [String]) {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "-q" || argument == "--quiet" {
        guard !quiet else { return nil }
        quiet = true
        continue
      }
      guard argument.hasPrefix("-") else {
        guard argument != "help" else { return nil }
        words.append(argument)
        continue
      }
      guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
      let name: String
      let value: String
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
        value = String(argument[argument.index(after: equals)...])
      } else {
        guard index < arguments.count else { return nil }
        name = String(argument.dropFirst(2))
        value = arguments[index]
        index += 1
      }
      guard !name.isEmpty, !value.isEmpty, !value.hasPrefix("-") else { return nil }
      switch name {
      case "db" where db == nil: db = value
      case "as" where actor == nil: actor = value
      case "today" where today == nil: today = value
      case "db", "as", "today": return nil
      default: options[name, default: []].append(value)
      }
    }
  }

  /// The global options as argument-parser decodes them from these arguments.
  var global: GlobalOptions {
    var global = GlobalOptions()
    global.db = db
    global.actor = actor
    global.today = today
    global.quiet = quiet
    return global
  }

  /// True when the other options are only `single` ones, each given once, and `repeatable` ones.
  func only(_ single: Set<String>, repeatable: Set<String> = []) -> Bool {
    options.allSatisfy { name, values in
      repeatable.contains(name) || (single.contains(name) && values.count == 1)
    }
  }

  /// The one value of `name`, nil when it was not given.
  func value(_ name: String) -> String? { options[name]?.first }

  /// `--format` as argument-parser decodes it (table when it is not given); nil when it is not one of the
  /// formats, which argument-parser's error says.
  var output: FormatOption? {
    var output = FormatOption()
    guard let format = value("format") else {
      output.format = .table
      return output
    }
    guard let value = OutputFormat(argument: format) else { return nil }
    output.format = value
    return output
  }
}

/// A command that shows one record: psr's global options, the record's reference (its one argument) and
/// `--format`, nothing else.
protocol RecordShowCommand: ParsableCommand {
  var global: GlobalOptions { get set }
  var reference: String { get set }
  var output: FormatOption { get set }
}

extension PSR.CaseCommand.Show: RecordShowCommand {
  var reference: String {
    get { ref }
    set { ref = newValue }
  }
}

extension PSR.ProducerCommand.Show: RecordShowCommand {
  var reference: String {
    get { ref }
    set { ref = newValue }
  }
}

extension PSR.ReadinessCommand.Show: RecordShowCommand {
  var reference: String {
    get { ref }
    set { ref = newValue }
  }
}

extension PSR.OfficerCommand.Show: RecordShowCommand {
  var reference: String {
    get { handle }
    set { handle = newValue }
  }
}

extension PSR.VisitCommand.Show: RecordShowCommand {
  var reference: String {
    get { id }
    set { id = newValue }
  }
}

extension PSR.InsightCommand.Show: RecordShowCommand {
  var reference: String {
    get { id }
    set { id = newValue }
  }
}

extension PSR.AuditCommand.Show: RecordShowCommand {
  var reference: String {
    get { id }
    set { id = newValue }
  }
}

extension PSR.NCCommand.Show: RecordShowCommand {
  var reference: String {
    get { id }
    set { id = newValue }
  }
}

extension PSR {
  /// `psr NOUN show REF` for each noun whose show command is a `RecordShowCommand`.
  static let recordShows: [String: any RecordShowCommand.Type] = [
    "case": CaseCommand.Show.self, "producer": ProducerCommand.Show.self, "readiness": ReadinessCommand.Show.self,
    "officer": OfficerCommand.Show.self, "visit": VisitCommand.Show.self, "insight": InsightCommand.Show.self,
    "audit": AuditCommand.Show.self, "nc": NCCommand.Show.self,
  ]

  /// The command for a one-record read (`psr case show REF`, `psr producer show REF`, … the
  /// `RecordShowCommand`s), `psr region list` or `psr case open`, given as plain arguments (`PlainArguments`), built as
  /// argument-parser builds it, without its parse: that parse's first dynamic casts (the completion-script
  /// parsers, the root and the command's property wrappers) scan every protocol conformance record in the
  /// binary, 14 M instructions, more than reading the record. Nil for any other command line, which
  /// argument-parser parses.
  static func quickCommand(_ arguments: [String]) -> ParsableCommand? {
    guard let plain = PlainArguments(arguments) else { return nil }
    let words = plain.words
    if words.count == 3, words[1] == "show", let type = recordShows[words[0]] {
      guard plain.only(["format"]), let output = plain.output else { return nil }
      var show = type.init()
      show.global = plain.global
      show.reference = words[2]
      show.output = output
      return show
    }
    if words == ["region", "list"] {
      guard plain.only(["format"]), let output = plain.output else { return nil }
      var list = RegionCommand.List()
      list.global = plain.global
      list.output = output
      return list
    }
    if words == ["case", "open"] {
      return CaseCommand.Open(plain)
    }
    return nil
  }
}

extension PSR.CaseCommand.Open {
  /// `psr case open` with its options as argument-parser decodes them from `plain`; nil when an option is
  /// missing, unknown, given twice or not one of its values, which argument-parser's error says.
  init?(_ plain: PlainArguments) {
    let single: Set<String> = ["type", "title", "producer", "country", "officer", "priority", "due"]
    guard plain.only(single, repeatable: ["tag", "nc"]),
      let type = plain.value("type").flatMap({ CaseType(argument: $0) }),
      let title = plain.value("title")
    else { return nil }
    var priority = CasePriority.normal
    if let text = plain.value("priority") {
      guard let value = CasePriority(argument: text) else { return nil }
      priority = value
    }
    self.init()
    global = plain.global
    self.type = type
    self.title = title
    producer = plain.value("producer")
    country = plain.value("country")
    officer = plain.value("officer")
    self.priority = priority
    due = plain.value("due")
    tag = plain.options["tag"] ?? []
    nc = plain.options["nc"] ?? []
  }
}
