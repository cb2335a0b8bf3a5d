import ArgumentParser
import CaseTracker

extension PSR.CountryCommand {
  /// `psr country set-region CC CODE`
  struct SetRegion: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set-region",
      abstract: "Move a country into a sub-region.",
      discussion: "Example: psr country set-region ET AME-ECA")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The country code, such as KE.") var country: String
    @Argument(help: "The sub-region code, such as AME-ECA.") var region: String

    func run() throws {
      let store = try global.openStore()
      let before = try store.countries.require(country, kind: .notFound)
      let after = try store.countries.setRegion(country, to: region)
      if before.region == after.region {
        global.say("\(after.code) (\(after.name)) is already in \(after.region ?? "")")
      } else {
        global.say("moved \(after.code) (\(after.name)) from \(before.region ?? "no region") to \(after.region ?? "")")
      }
    }
  }
}
