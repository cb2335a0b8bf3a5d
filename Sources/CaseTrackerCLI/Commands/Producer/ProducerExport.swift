import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer export [--format csv|json]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write every producer as CSV (which 'producer import' reads back unchanged) or JSON.")

    enum Format: String, LowercasedArgument, CaseIterable { case csv, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "csv or json.") var format: Format = .csv

    func run() throws {
      let records = try global.openStore().producers.list().map(\.record)
      switch format {
      case .csv: Output.csv(CSVRenderer.render(records, columns: Producer.fields))
      case .json: Output.data(JSONRenderer.render(records))
      }
    }
  }
}
