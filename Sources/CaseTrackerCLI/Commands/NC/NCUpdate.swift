import ArgumentParser
import CaseTracker

extension PSR.NCCommand {
  /// `psr nc update ID [--criterion] [--type] [--description] [--measure] [--deadline]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update",
      abstract: "Correct a non-conformity: its criterion, type, description, measure or deadline.",
      discussion:
        "Each changed field is kept in the NC's history with its old and new value, who changed it and when (psr nc show), and syncs like any change. Marking it corrected is psr nc correct. Example: psr nc update 9a0b1c --criterion 'SPO 4.1.3' --reason 'wrong criterion noted'"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The NC: an id prefix of at least 6 characters.") var id: String
    @Option(help: "The criterion, such as 'SPO 4.1.2'.") var criterion: String?
    @Option(help: "core, major, development or voluntary.") var type: CriterionType?
    @Option(help: "What is wrong.") var description: String?
    @Option(help: "The corrective measure.") var measure: String?
    @Option(help: "When it must be corrected, YYYY-MM-DD.") var deadline: String?
    @Option(help: "Why it is corrected (kept with the correction).") var reason: String?

    func run() throws {
      var patch = NCPatch()
      patch.criterion = criterion
      patch.type = type
      patch.description = description
      patch.measure = measure
      patch.deadline = deadline
      guard !patch.isEmpty else {
        throw ValidationError("give a field to correct: --criterion, --type, --description, --measure or --deadline")
      }
      let (nc, corrections) = try global.openStore().audits.updateNC(id, patch, reason: reason)
      global.say(PSR.VisitCommand.Update.summary(corrections, of: "NC \(nc.shortID)"))
    }
  }

  /// `psr nc show ID`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an NC and its corrections.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The NC: an id prefix of at least 6 characters.") var id: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let nc = try store.audits.resolveNC(id)
      let corrections = try store.audits.corrections(of: nc.id)
      Output.show(
        CorrectionDetails.record(nc.record, corrections: corrections), format: output.format,
        fields: NonConformity.fields,
        details: nc.details + CorrectionDetails.lines(voidedAt: nil, voidReason: nil, corrections: corrections))
    }
  }
}
