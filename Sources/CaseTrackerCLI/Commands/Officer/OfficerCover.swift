import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer cover HANDLE [--add CC,...] [--remove CC,...]`
  struct Cover: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "cover", abstract: "Add or remove countries an officer covers.",
      discussion: "Example: psr officer cover akinyi --add RW,BI --remove TZ")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The officer's handle.") var handle: String
    @Option(help: "Countries to add, comma-separated (repeatable).") var add: [String] = []
    @Option(help: "Countries to remove, comma-separated (repeatable).") var remove: [String] = []

    func validate() throws {
      if add.isEmpty && remove.isEmpty { throw ValidationError("give --add or --remove with country codes") }
    }

    func run() throws {
      let (officer, added, removed, warnings) = try global.openStore().officers.cover(
        handle: handle, add: try countryCodes(add), remove: try countryCodes(remove))
      warnings.forEach(Output.warning)
      var parts: [String] = []
      if !added.isEmpty { parts.append("added \(added.joined(separator: ", "))") }
      if !removed.isEmpty { parts.append("removed \(removed.joined(separator: ", "))") }
      if parts.isEmpty { parts.append("no change") }
      let covers = officer.countries.isEmpty ? "no countries" : officer.countries.joined(separator: ", ")
      global.say("\(officer.handle): \(parts.joined(separator: "; ")); now covers \(covers)")
    }
  }
}
