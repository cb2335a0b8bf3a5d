import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer status REF STATUS --on DATE [--note TEXT]`
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Move a producer along the certification state machine; every change is kept.",
      discussion: """
        prospect → applicant → permitted (Permission to Trade) → certified → suspended → certified again or \
        decertified; withdrawn from any status. Certifying a certified producer records a renewal and restarts \
        its \(ReadinessRules.certificationCycleYears)-year cycle; reinstating a suspended one keeps its cycle. \
        Permission to Trade (permitted) is refused while the producer has an open NC on a major criterion. \
        A transition the state machine does not allow is refused with the allowed ones listed (exit 65).
        Example: psr producer status 27651 certified --on 2026-11-20 --note 'Initial audit passed'
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @Argument(help: "The new status.") var status: CertificationStatus
    @Option(help: "The day it took effect, YYYY-MM-DD.") var on: String
    @Option(help: "Why, or what decided it.") var note: String?

    func run() throws {
      let (change, warning) = try global.openStore().certification.changeStatus(ref, to: status, on: on, note: note)
      if let warning { Output.warning(warning) }
      global.say("\(change.from?.rawValue ?? "(new)") → \(change.to.rawValue) on \(change.on)")
    }
  }
}
