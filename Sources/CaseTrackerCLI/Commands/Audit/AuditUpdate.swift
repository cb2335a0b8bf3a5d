import ArgumentParser
import CaseTracker

extension PSR.AuditCommand {
  /// `psr audit update ID [--date] [--kind] [--result] [--note]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update", abstract: "Correct an audit: its date, kind, outcome or note.",
      discussion:
        "Each changed field is kept in the audit's history with its old and new value, who changed it and when (psr audit show), and syncs like any change. Example: psr audit update 7d1e09 --kind renewal --reason 'recorded as initial by mistake'"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The audit: an id prefix of at least 6 characters.") var id: String
    @Option(help: "When it took place, YYYY-MM-DD.") var date: String?
    @Option(help: "initial, renewal, confirmation, unannounced, follow-up or desk.") var kind: AuditKind?
    @Option(help: "The outcome.") var result: String?
    @Option(help: "A note.") var note: String?
    @Option(help: "Why it is corrected (kept with the correction).") var reason: String?

    func run() throws {
      var patch = AuditPatch()
      patch.date = date
      patch.kind = kind
      patch.result = result
      patch.note = note
      guard !patch.isEmpty else { throw ValidationError("give a field to correct: --date, --kind, --result or --note") }
      let (audit, corrections) = try global.openStore().audits.update(id, patch, reason: reason)
      global.say(PSR.VisitCommand.Update.summary(corrections, of: "audit \(audit.shortID)"))
    }
  }

  /// `psr audit show ID`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show an audit, the NCs it found and its corrections.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The audit: an id prefix of at least 6 characters.") var id: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let audit = try store.audits.resolveAudit(id)
      let corrections = try store.audits.corrections(of: audit.id)
      let ncs = try store.audits.ncs(ofAudit: audit.id)
      var record = CorrectionDetails.record(audit.record, corrections: corrections)
      record.fields.append((name: "non_conformities", value: .records(ncs.map(\.record))))
      Output.show(
        record, format: output.format, fields: Audit.fields,
        details: audit.details(ncs: ncs)
          + CorrectionDetails.lines(voidedAt: nil, voidReason: nil, corrections: corrections))
    }
  }
}
