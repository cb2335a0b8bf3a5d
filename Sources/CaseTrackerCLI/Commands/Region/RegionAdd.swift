import ArgumentParser
import CaseTracker

extension PSR.RegionCommand {
  /// `psr region add CODE --name NAME [--parent CODE]`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a network (top-level region) or, with --parent, a sub-region.",
      discussion: "Example: psr region add AME-NA --name 'North Africa' --parent AME")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The region code: letters, digits and dashes, such as AME-NA.") var code: String
    @Option(help: "The region's name.") var name: String
    @Option(help: "The top-level region this one belongs to.") var parent: String?

    func run() throws {
      let region = try global.openStore().regions.add(code: code, name: name, parent: parent)
      let place = region.parent.map { "a sub-region of \($0)" } ?? "a top-level region"
      global.say("added \(region.code) (\(region.name)), \(place)")
    }
  }
}
