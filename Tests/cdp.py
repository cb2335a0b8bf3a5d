"""A minimal Chrome DevTools Protocol client for the browser tests, on Python's standard library only.

Shared by Tests/hub/browser.py (the hub's pages, signed in) and Tests/visual/report_pages.py (the report pages'
layout on A4 and at 1280 px): a WebSocket client (RFC 6455, enough for the DevTools protocol), the commands and
events of one page target, and headless Chromium's lifecycle: a fresh profile, the DevTools port Chromium picks
itself (--remote-debugging-port=0, read from DevToolsActivePort), SIGKILL when the test dies however it dies,
every wait bounded by a Deadline, the whole process group stopped on stop().
"""
from __future__ import annotations

import base64, ctypes, hashlib, json, os, re, signal, socket, struct, subprocess, time, urllib.parse, urllib.request
from pathlib import Path


class Failed(Exception):
    pass


def die_with_parent():
    """Run in a child before exec: SIGKILL it when this test dies, however it dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self, at_most: float | None = None) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise Failed("the run took longer than --timeout")
        return min(left, at_most) if at_most is not None else left


# --- A minimal WebSocket client (RFC 6455), enough for the DevTools protocol ---------------------------------

class WebSocket:
    def __init__(self, url: str, timeout: float):
        parts = urllib.parse.urlsplit(url)
        assert parts.scheme == "ws", url
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        self.sock.settimeout(timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Failed(f"the DevTools WebSocket closed during its handshake: {head!r}")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            raise Failed(f"the DevTools WebSocket handshake failed: {head.decode(errors='replace')}")
        expected = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        if expected not in head:
            raise Failed("the DevTools WebSocket handshake has a wrong Sec-WebSocket-Accept")

    def _exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(max(65536, count - len(self.buffer)))
            if not chunk:
                raise Failed("chromium closed the DevTools connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:count], self.buffer[count:]
        return out

    def _frame(self, opcode: int, payload: bytes):
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text: str):
        self._frame(0x1, text.encode())

    def receive(self, timeout: float) -> str:
        """One whole text message; answers pings on the way."""
        self.sock.settimeout(max(timeout, 0.01))
        message, opcode_of_message = b"", None
        while True:
            first, second = self._exactly(2)
            fin, opcode = first & 0x80, first & 0x0F
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._exactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._exactly(8))[0]
            mask = self._exactly(4) if second & 0x80 else None
            payload = self._exactly(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                raise Failed("chromium closed the DevTools connection")
            if opcode in (0x1, 0x2):
                message, opcode_of_message = payload, opcode
            elif opcode == 0x0 and opcode_of_message is not None:
                message += payload
            if fin:
                return message.decode()

    def close(self):
        try:
            self._frame(0x8, b"")
            self.sock.close()
        except OSError:
            pass


class DevTools:
    """Commands and events of one page target."""

    def __init__(self, url: str, deadline: Deadline):
        self.deadline = deadline
        self.ws = WebSocket(url, timeout=deadline.left(10))
        self.next_id = 0
        self.events: list[dict] = []
        self.logs: list[str] = []  # console errors and CSP reports, all run long
        self.on_paused = None  # Fetch.requestPaused handler (--patch-referrer-policy)
        self.unanswered: set[int] = set()  # commands sent without waiting for their answer

    def send(self, method: str, params: dict) -> int:
        self.next_id += 1
        self.unanswered.add(self.next_id)
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        return self.next_id

    def _take(self, timeout: float) -> dict:
        message = json.loads(self.ws.receive(timeout))
        if message.get("id") in self.unanswered:
            self.unanswered.discard(message["id"])
            if "error" in message:
                self.logs.append(f"devtools: {message['error']}")
        if message.get("method") == "Fetch.requestPaused" and self.on_paused:
            self.on_paused(message["params"])
        if message.get("method") == "Log.entryAdded":
            entry = message["params"]["entry"]
            if entry.get("level") in ("error", "warning"):
                self.logs.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif message.get("method") == "Runtime.exceptionThrown":
            self.logs.append(f"exception: {message['params']['exceptionDetails'].get('text')}")
        elif message.get("method") == "Runtime.consoleAPICalled" and message["params"].get("type") == "error":
            self.logs.append(f"console: {message['params'].get('args')}")
        return message

    def call(self, method: str, params: dict | None = None, timeout: float = 20) -> dict:
        self.next_id += 1
        number = self.next_id
        self.ws.send(json.dumps({"id": number, "method": method, "params": params or {}}))
        end = time.monotonic() + self.deadline.left(timeout)
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise Failed(f"chromium did not answer {method} within {timeout:.0f} s")
            try:
                message = self._take(left)
            except socket.timeout:
                raise Failed(f"chromium did not answer {method} within {timeout:.0f} s")
            if message.get("id") == number:
                if "error" in message:
                    raise Failed(f"{method} failed in chromium: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, matches, timeout: float, what: str) -> dict:
        end = time.monotonic() + self.deadline.left(timeout)
        seen = 0
        while True:
            for event in self.events[seen:]:
                if matches(event):
                    return event
            seen = len(self.events)
            left = end - time.monotonic()
            if left <= 0:
                raise Failed(f"{what}: nothing within {timeout:.0f} s")
            try:
                message = self._take(left)
            except socket.timeout:
                raise Failed(f"{what}: nothing within {timeout:.0f} s")
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise Failed(f"evaluating {expression[:80]!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")



# --- Headless Chromium: started in a fresh profile, driven over DevTools, stopped whole -----------------------

class Chromium:
    """Debian's chromium, headless, with one page target: `cdp` (Page, Network, Runtime and Log enabled)."""

    def __init__(self, chromium: str, work: Path, deadline: Deadline, width: int, height: int,
                 extra_args: tuple[str, ...] = ()):
        self.deadline = deadline
        self.width, self.height = width, height
        self.profile = work / "profile"
        self.profile.mkdir()
        args = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-features=Translate,MediaRouter",
                f"--window-size={width},{height}", "--hide-scrollbars", "--lang=en-US", *extra_args]
        args.append("about:blank")
        self.stderr_path = work / "chromium.log"
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=open(self.stderr_path, "wb"), start_new_session=True,
                                        preexec_fn=die_with_parent)
        port = self._devtools_port()
        target = None
        while target is None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=deadline.left(5)) as answer:
                targets = json.load(answer)
            target = next((t for t in targets if t.get("type") == "page"), None)
            if target is None:
                time.sleep(0.1)
        self.cdp = DevTools(target["webSocketDebuggerUrl"], deadline)
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.cdp.call(f"{domain}.enable")
        self.cdp.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.frame = self.cdp.call("Page.getFrameTree")["frameTree"]["frame"]["id"]

    def _devtools_port(self) -> int:
        active = self.profile / "DevToolsActivePort"
        while True:
            if self.process.poll() is not None:
                raise Failed(f"chromium exited with {self.process.returncode} before listening for DevTools: "
                             f"{self.stderr_path.read_text(errors='replace')[-2000:]}")
            if active.exists():
                lines = active.read_text().split("\n")
                if lines and lines[0].strip().isdigit():
                    return int(lines[0])
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/",
                              self.stderr_path.read_text(errors="replace"))
            if found:
                return int(found.group(1))
            self.deadline.left(30)
            time.sleep(0.05)

    def stop(self):
        try:
            self.cdp.ws.close()
        except Exception:
            pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the renderers and helpers left, if any
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def full_page_png(self) -> tuple[bytes, int, int]:
        """The whole page as a PNG, at least the window's size; wider than the window when the page overflows."""
        metrics = self.cdp.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = min(max(int(size["height"] + 0.5), self.height), 20000)
        width = min(max(int(size["width"] + 0.5), self.width), 4000)
        shot = self.cdp.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, timeout=60)
        self.cdp.evaluate("window.scrollTo(0, 0)")
        return base64.b64decode(shot["data"]), width, height
