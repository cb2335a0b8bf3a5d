import ArgumentParser

/// The arguments of a command line made only of words and psr's global options and `--format`, each at most
/// once, every value given and not starting with '-': the shape in which argument-parser's parse is known
/// in advance. Anything else (help, completions, other options, `--`, repeated or dash-led values) is nil,
/// and argument-parser parses it.
struct PlainArguments {
  var words: [String] = []
  var db: String?
  var actor: String?
  var today: String?
  var format: String?
  var quiet = false

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
      let name: Substring
      let value: String
      if let equals = argument.firstIndex(of: "=") {
        name = argument[..<equals]
        value = String(argument[argument.index(after: equals)...])
      } else {
        guard index < arguments.count else { return nil }
        name = Substring(argument)
        value = arguments[index]
        index += 1
      }
      guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
      switch name {
      case "--db" where db == nil: db = value
      case "--as" where actor == nil: actor = value
      case "--today" where today == nil: today = value
      case "--format" where format == nil: format = value
      default: return nil
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

  /// `--format` as argument-parser decodes it; nil when it is not one of the formats (argument-parser
  /// words that error).
  var output: FormatOption? {
    var output = FormatOption()
    guard let format else {
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
  /// `RecordShowCommand`s) or `psr region list`, given as plain arguments (`PlainArguments`), built as
  /// argument-parser builds it, without its parse: that parse's first dynamic casts (the completion-script
  /// parsers, the root and the command's property wrappers) scan every protocol conformance record in the
  /// binary, 14 M instructions, more than reading the record. Nil for any other command line, which
  /// argument-parser parses.
  static func quickCommand(_ arguments: [String]) -> ParsableCommand? {
    guard let plain = PlainArguments(arguments), let output = plain.output else { return nil }
    let words = plain.words
    if words.count == 3, words[1] == "show", let type = recordShows[words[0]] {
      var show = type.init()
      show.global = plain.global
      show.reference = words[2]
      show.output = output
      return show
    }
    if words == ["region", "list"] {
      var list = RegionCommand.List()
      list.global = plain.global
      list.output = output
      return list
    }
    return nil
  }
}
