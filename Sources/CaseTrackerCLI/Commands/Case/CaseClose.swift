import ArgumentParser
import CaseTracker

extension PSR.CaseCommand {
  /// `psr case close REF --resolution TEXT` or `psr case close REF --cancel [--reason TEXT]`
  struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "close", abstract: "Resolve a case with a resolution, or cancel it.",
      discussion: "Example: psr case close 3f9c2a --resolution 'Permission to Trade granted on 2026-11-20'")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case: an id prefix of at least 6 characters.") var ref: String
    @Option(help: "How the case was resolved ('-' reads standard input).") var resolution: String?
    @Flag(help: "Cancel the case instead of resolving it.") var cancel = false
    @Option(help: "Why the case was cancelled.") var reason: String?

    func validate() throws {
      if cancel && resolution != nil { throw ValidationError("give --resolution or --cancel, not both") }
      if !cancel && resolution == nil { throw ValidationError("give --resolution TEXT, or --cancel [--reason TEXT]") }
      if !cancel && reason != nil {
        throw ValidationError("--reason goes with --cancel; a resolved case takes --resolution")
      }
    }

    func run() throws {
      let closed = try global.openStore().cases.close(
        ref, resolution: try resolution.map(textArgument), cancelReason: reason, cancel: cancel)
      global.say("\(closed.status.rawValue) case \(closed.shortID)")
    }
  }
}
