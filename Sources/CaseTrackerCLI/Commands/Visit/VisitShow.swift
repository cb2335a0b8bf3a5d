import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit show ID`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show a logged activity, the cases it advanced and its corrections.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The activity: an id prefix of at least 6 characters.") var id: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let activity = try store.activities.resolve(id)
      let corrections = try store.activities.corrections(of: activity)
      Output.show(
        CorrectionDetails.record(activity.record, corrections: corrections), format: output.format,
        fields: Activity.fields,
        details: activity.details
          + CorrectionDetails.lines(
            voidedAt: activity.voidedAt, voidReason: activity.voidReason, corrections: corrections))
    }
  }
}
