import ArgumentParser
import CaseTracker

extension PSR.VisitCommand {
  /// `psr visit show ID`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show a logged activity and the cases it advanced.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The activity: an id prefix of at least 6 characters.") var id: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let activity = try global.openStore().activities.resolve(id)
      Output.show(activity.record, format: output.format, fields: Activity.fields, details: activity.details)
    }
  }
}
