import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer add HANDLE --name N --email E --base CC [--covers CC,CC,...]`
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Register a liaison officer.",
      discussion:
        "Example: psr officer add akinyi --name 'Akinyi Odhiambo' --email akinyi@example.org --base KE --covers KE,UG,TZ"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A short handle: lower-case letters, digits and dashes.") var handle: String
    @Option(help: "Full name.") var name: String
    @Option(help: "E-mail address.") var email: String
    @Option(help: "The country the officer is based in.") var base: String
    @Option(help: "Countries covered, comma-separated (repeatable).") var covers: [String] = []

    func run() throws {
      let (officer, warnings) = try global.openStore().officers.add(
        handle: handle, name: name, email: email, base: base, covers: try countryCodes(covers))
      warnings.forEach(Output.warning)
      let covered = officer.countries.isEmpty ? "no countries yet" : officer.countries.joined(separator: ", ")
      global.say(
        "added officer \(officer.handle) (\(officer.name)), based in \(officer.baseCountry), covering \(covered)")
    }
  }
}
