import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr producer …`
  struct ProducerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "producer",
      abstract: "Register producer organizations, one at a time or from CSV.",
      discussion: "REF is a FLO ID or a unique prefix of the producer's id (at least 6 characters).",
      subcommands: [Add.self, List.self, Show.self, Update.self, Status.self, Import.self, Export.self])
  }
}

extension ProducerType: ExpressibleByArgument {}
extension CertificationStatus: ExpressibleByArgument {}

/// Turns a domain validation error into a usage error for an option value.
func parsed<T>(_ option: String, _ parse: () throws -> T) throws -> T {
  do {
    return try parse()
  } catch let error as DomainError {
    throw ValidationError("\(option): \(error.message)")
  }
}
