import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer export [--format csv|json] [--output FILE] [--excel] [--delimiter SEP]`
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write every producer as CSV (which 'producer import' reads back unchanged) or JSON.",
      discussion:
        "--excel starts the CSV with a UTF-8 byte order mark, which Excel needs to show accented names right; with --delimiter ';' it opens in columns where Excel's list separator is a semicolon (French, Spanish, Portuguese). 'producer import' reads all of these back."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var export: ExportOptions

    func run() throws {
      let producers = try global.openStore().producers.list()
      try ExportWriter.run(export, columns: Producer.fields, noun: "producers", global: global) { writer in
        for producer in producers { try writer.write(producer.record) }
      }
    }
  }
}
