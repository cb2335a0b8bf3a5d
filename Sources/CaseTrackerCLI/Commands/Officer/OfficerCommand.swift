import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr officer …`
  struct OfficerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "officer",
      abstract: "Register liaison officers and the countries they cover.",
      subcommands: [Add.self, List.self, Show.self, Update.self, Cover.self])
  }
}

/// Country codes given as `KE,UG` and/or repeated options, upper-cased and checked.
func countryCodes(_ values: [String]) throws -> [String] {
  var codes: [String] = []
  for value in values {
    for code in try Validate.countryCodes(value) where !codes.contains(code) { codes.append(code) }
  }
  return codes
}
