import ArgumentParser
import CaseTracker

/// A closed vocabulary typed on the command line: accepted in any case (`SPO`, `Open`), stored as its
/// lower-case raw value.
protocol LowercasedArgument: ExpressibleByArgument, RawRepresentable where RawValue == String {}

extension LowercasedArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension CaseType: LowercasedArgument {}
extension CaseStatus: LowercasedArgument {}
extension CasePriority: LowercasedArgument {}
extension CaseFilter.Sort: LowercasedArgument {}
extension ActivityKind: LowercasedArgument {}
extension InsightKind: LowercasedArgument {}
extension ProducerType: LowercasedArgument {}
extension CertificationStatus: LowercasedArgument {}
extension AuditKind: LowercasedArgument {}
extension CriterionType: LowercasedArgument {}
extension Readiness: LowercasedArgument {}
extension ReportRepository.RegionLevel: LowercasedArgument {}
