/// The hub's HTML pages for coordinators in a browser.
enum Pages {
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  static func error(status: Int, message: String) -> String {
    page(
      title: "psr hub: \(status)", body: "<h1>\(status)</h1><p>\(escape(message))</p><p><a href=\"/\">psr hub</a></p>")
  }

  static func page(title: String, body: String) -> String {
    """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title))</title>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
    input,select,button{font:inherit;padding:.3rem .5rem}label{display:block;margin:.6rem 0 .2rem}</style>
    </head><body>
    \(body)
    </body></html>
    """
  }
}
