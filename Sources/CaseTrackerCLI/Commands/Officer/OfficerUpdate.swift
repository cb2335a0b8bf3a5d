import ArgumentParser
import CaseTracker

extension PSR.OfficerCommand {
  /// `psr officer update HANDLE [--name] [--email] [--base] [--active|--inactive]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update", abstract: "Change an officer's name, e-mail, base, or whether they are active.",
      discussion: "Inactive officers keep their history; they are hidden from 'officer list' unless --inactive.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The officer's handle.") var handle: String
    @Option(help: "Full name.") var name: String?
    @Option(help: "E-mail address.") var email: String?
    @Option(help: "The country the officer is based in.") var base: String?
    @Flag(exclusivity: .exclusive, help: "Mark the officer active or inactive.") var active: Activity?

    enum Activity: EnumerableFlag {
      case active, inactive
    }

    func validate() throws {
      if name == nil, email == nil, base == nil, active == nil {
        throw ValidationError("nothing to update; give --name, --email, --base, --active or --inactive")
      }
    }

    func run() throws {
      let (officer, changed, warning) = try global.openStore().officers.update(
        handle: handle, name: name, email: email, base: base, active: active.map { $0 == .active })
      if let warning { Output.warning(warning) }
      global.say(
        changed
          ? "updated officer \(officer.handle)" : "officer \(officer.handle) already has these values; nothing changed")
    }
  }
}
