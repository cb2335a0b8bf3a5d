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

/// Exit codes, after BSD sysexits(3), as listed in `psr --help`.
enum ExitStatus {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let notFound: Int32 = 66
  /// EX_CANTCREAT: a file psr must write (or read) is not allowed to this user.
  static let permission: Int32 = 73
  /// EX_IOERR: the disk is full, or reading or writing failed.
  static let ioError: Int32 = 74
  static let busy: Int32 = 75
  /// EX_UNAVAILABLE: the hub server cannot be reached, or stayed busy.
  static let unavailable: Int32 = 69
  /// EX_NOPERM: the hub server refused the token.
  static let denied: Int32 = 77
  static let failure: Int32 = 1
}

extension PSR {
  /// The database the command opened, for messages about it.
  nonisolated(unsafe) static var databasePathInUse: String?

  /// Parses the arguments, runs the command, and turns every error into one message on stderr and an
  /// exit code.
  public static func runMain(_ arguments: [String]? = nil) -> Never {
    var arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
    // `psr --version` alone prints what argument-parser prints for it, without the parse: argument-parser
    // builds its completion-script and root-command parsers first, and their first dynamic casts scan
    // every protocol conformance record in the binary.
    if arguments == ["--version"], !configuration.version.isEmpty {
      StandardStreams.put(configuration.version + "\n", to: STDOUT_FILENO)
      terminate(0)
    }
    Interruption.install()
    // `psr help caes` names the command it cannot find, as `psr caes` does, rather than printing the help
    // of the commands above it.
    if arguments.first == "help", arguments.count > 1, let unknown = unknownCommand(Array(arguments.dropFirst())) {
      StandardStreams.put("psr: \(unknown)\n", to: STDERR_FILENO)
      terminate(ExitCode.validationFailure.rawValue)
    }
    do {
      var command = try quickCommand(arguments) ?? parseAttachingDashValues(&arguments)
      try command.run()
      terminate(0)
    } catch {
      guard let (message, code) = describe(error) else {
        // Help and version go out as argument-parser writes them; a usage error as one sentence.
        let status = exitCode(for: error)
        guard status != .success else { exit(withError: error) }
        if status == .validationFailure, let unknown = unknownCommand(arguments) {
          StandardStreams.put("psr: \(unknown)\n", to: STDERR_FILENO)
          terminate(status.rawValue)
        }
        var text = oneLine(self.message(for: error))
        while text.hasSuffix(".") { text.removeLast() }
        if let option = missingValueOption(error), let index = arguments.firstIndex(of: option),
          arguments.indices.contains(index + 1), arguments[index + 1].hasPrefix("-")
        {
          let value = arguments[index + 1].hasPrefix("--") ? "VALUE" : arguments[index + 1]
          text += " (a value that starts with '-' is written \(option)=\(value))"
        } else if text.hasPrefix("Missing expected argument"), arguments.contains(where: isDashValue) {
          text += " (arguments that start with '-' are written after '--', as in: psr case note REF -- '-text')"
        }
        // The message may quote the argument it refuses: escaped, as every message psr writes.
        text = TerminalText.escaped(text)
        StandardStreams.put("psr: \(text); see '\(helpHint(arguments))'\n", to: STDERR_FILENO)
        terminate(status.rawValue)
      }
      // Names, paths and arguments in the message cannot drive the terminal; a multi-line message (the
      // import's list of problems) keeps its line breaks.
      StandardStreams.put("psr: " + TerminalText.escaped(message, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
      terminate(code)
    }
  }

  /// `psr NOUN VERB --help` for the command the arguments name, as far as they name one.
  static func helpHint(_ arguments: [String]?) -> String {
    (commandPath(arguments ?? Array(CommandLine.arguments.dropFirst())).words + ["--help"]).joined(separator: " ")
  }

  /// The command the arguments name, as far as they name one: its words from `psr` on, and the first word
  /// after them that is neither an option nor a subcommand (nil when there is none).
  static func commandPath(_ arguments: [String]) -> (
    words: [String], command: ParsableCommand.Type, unmatched: String?
  ) {
    var words = ["psr"]
    var command: ParsableCommand.Type = PSR.self
    // The global options that take a value may come before the command (psr --db FILE case list).
    let withValue: Set<String> = ["--db", "--as", "--today", "--generate-completion-script"]
    var skipNext = false
    for word in arguments {
      if skipNext {
        skipNext = false
        continue
      }
      if word.hasPrefix("-") {
        skipNext = withValue.contains(word)
        continue
      }
      guard let next = command.configuration.subcommands.first(where: { $0._commandName == word }) else {
        return (words, command, word)
      }
      words.append(word)
      command = next
    }
    return (words, command, nil)
  }

  /// The message and exit code psr gives `error`, for another program of psr's (the hub server); nil for
  /// an error that is not psr's own.
  public static func failure(_ error: Error) -> (message: String, code: Int32)? {
    describe(error).map { (message: $0.0, code: $0.1) }
  }

  /// The message and exit code for psr's own errors; nil for argument-parser's, which it reports itself.
  static func describe(_ error: Error) -> (String, Int32)? {
    switch error {
    case let error as DomainError:
      let code: Int32 =
        switch error.kind {
        case .invalid: ExitStatus.dataError
        case .notFound: ExitStatus.notFound
        case .usage: ExitStatus.usage
        case .busy: ExitStatus.busy
        case .permission: ExitStatus.permission
        case .unavailable: ExitStatus.unavailable
        case .denied: ExitStatus.denied
        case .io: ExitStatus.ioError
        }
      return (error.message, code)
    case let error as ImportError:
      return (error.description, ExitStatus.dataError)
    case let error as CSVError:
      return ("\(error); fix the file and try again", ExitStatus.dataError)
    case let error as MigrationError:
      return ("\(error)", ExitStatus.dataError)
    case let error as SQLiteError where ResultCode.busy ~= error.code || ResultCode.locked ~= error.code:
      return (
        "the database is busy: another psr process held its lock for more than \(Database.busyTimeoutMilliseconds / 1000) s; try again",
        ExitStatus.busy
      )
    case let error as SQLiteError where error.isDiskFull:
      let path = PSR.databasePathInUse.map { " \($0)" } ?? ""
      return (
        "the disk is full, so psr could not use the database\(path); nothing was changed; free some space and try again",
        ExitStatus.ioError
      )
    case let error as SQLiteError where ResultCode.readOnly ~= error.code:
      let path = PSR.databasePathInUse.map { " \($0)" } ?? ""
      return (
        "the database\(path) is read-only for you, so nothing was changed; ask its owner, or work on a copy you may write",
        ExitStatus.permission
      )
    case let error as SQLiteError where ResultCode.corrupt ~= error.code || ResultCode.notADatabase ~= error.code:
      let path = PSR.databasePathInUse.map { " \($0)" } ?? ""
      return (
        "the database\(path) is damaged (SQLite says: \(error.message)); restore it from a backup",
        ExitStatus.dataError
      )
    case let error as SQLiteError where ResultCode.ioError ~= error.code:
      let path = PSR.databasePathInUse.map { " \($0)" } ?? ""
      return (
        "psr could not read or write the database\(path) (SQLite says: \(error.message)); check the disk, then run 'psr check'",
        ExitStatus.ioError
      )
    case let error as SQLiteError:
      return ("unexpected database error: \(error)", ExitStatus.failure)
    case let error as RowDecodingError:
      return ("unexpected data in the database: \(error)", ExitStatus.failure)
    default:
      return nil
    }
  }
}
