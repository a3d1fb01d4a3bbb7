"""Debian's headless Chromium driven over the DevTools protocol (a small client on websocket-client),
for the HTML report's browser test and its screenshot script.

`Browser` starts Chromium with a fresh profile and no background networking, then talks to it over
the DevTools websocket; `Browser.open(url)` gives a `Page` that has loaded the URL and recorded every
network request and every console error on the way, can evaluate JavaScript and take a screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import websocket

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
STARTUP_SECONDS = 30
COMMAND_SECONDS = 30


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    """Debian's `chromium` on PATH (or where Debian installs it), None when there is none."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


class Browser:
    """`with Browser(binary) as browser: page = browser.open(url)`; the profile is removed on exit."""

    def __init__(self, binary: str, *, width: int = 1280, height: int = 900) -> None:
        self.binary, self.width, self.height = binary, width, height
        self._next_id = 0
        self._events: list[dict] = []

    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory(prefix="costing-chromium-")
        profile = Path(self._profile.name)
        self._log = (profile / "chromium.log").open("wb")
        self._process = subprocess.Popen(
            [self.binary, *FLAGS, f"--user-data-dir={profile / 'data'}", "--remote-debugging-port=0",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, start_new_session=True)
        try:
            self._socket = websocket.create_connection(self._endpoint(profile / "data"), timeout=COMMAND_SECONDS,
                                                       suppress_origin=True)
        except BaseException:
            self._process.terminate()
            self._stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._socket.send(json.dumps({"id": self._next_id + 1, "method": "Browser.close"}))
        finally:
            self._socket.close()
            self._stop()

    def open(self, url: str) -> Page:
        """A new tab that has loaded `url` (its load event fired), with Network, Runtime and Log recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                        "deviceScaleFactor": 1, "mobile": False}, session=session)
        self.send("Emulation.setScrollbarsHidden", {"hidden": True}, session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session)

    def send(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        """Call a DevTools method and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        deadline = time.monotonic() + COMMAND_SECONDS
        while time.monotonic() < deadline:
            reply = json.loads(self._socket.recv())
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)
        raise BrowserError(f"{method}: no answer in {COMMAND_SECONDS} s")

    def wait_for(self, event: str, session: str) -> dict:
        deadline = time.monotonic() + COMMAND_SECONDS
        while time.monotonic() < deadline:
            for message in self._events:
                if message["method"] == event and message.get("sessionId") == session:
                    return message["params"]
            self._events.append(json.loads(self._socket.recv()))
        raise BrowserError(f"{event}: not seen in {COMMAND_SECONDS} s")

    def events(self, session: str, *methods: str) -> list[dict]:
        return [message["params"] for message in self._events
                if message.get("sessionId") == session and message["method"] in methods]

    def _endpoint(self, data_dir: Path) -> str:
        """The browser's websocket URL, from the DevToolsActivePort file Chromium writes once it listens."""
        port_file = data_dir / "DevToolsActivePort"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrowserError(f"{self.binary} exited with code {self._process.returncode}: {self._log_tail()}")
            lines = port_file.read_text().split() if port_file.is_file() else []
            if len(lines) == 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise BrowserError(f"{self.binary} did not open its DevTools port in {STARTUP_SECONDS} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        self._log.flush()
        text = (Path(self._profile.name) / "chromium.log").read_text(errors="replace").strip()
        return " | ".join(text.splitlines()[-5:]) or "no output"

    def _stop(self) -> None:
        """Wait for Chromium to close (it was asked to), else end its process group: the browser and the
        helpers it started, which would otherwise keep writing into the profile being removed."""
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._log.close()
        for _ in range(50):  # a helper may still be flushing into the profile for a moment
            try:
                self._profile.cleanup()
                return
            except OSError:
                time.sleep(0.1)
        self._profile.cleanup()


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (JSON-serialisable); a BrowserError if it throws."""
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                   session=self.session)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:60]}...: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> bytes:
        """The whole page, not just the window, as a PNG written to `path`."""
        size = self.browser.send("Page.getLayoutMetrics", session=self.session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = self.browser.send("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                            "captureBeyondViewport": True}, session=self.session)
        data = base64.b64decode(shot["data"])
        Path(path).write_bytes(data)
        return data

    def requests(self) -> list[str]:
        """The URL of every request the page made, its own included."""
        return [event["request"]["url"] for event in self.browser.events(self.session, "Network.requestWillBeSent")]

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and the browser's own error log entries for this page."""
        errors = [" ".join(str(arg.get("value", arg.get("description", ""))) for arg in event["args"])
                  for event in self.browser.events(self.session, "Runtime.consoleAPICalled")
                  if event["type"] in ("error", "assert")]
        errors += [event["exceptionDetails"].get("text", "exception")
                   for event in self.browser.events(self.session, "Runtime.exceptionThrown")]
        errors += [event["entry"]["text"] for event in self.browser.events(self.session, "Log.entryAdded")
                   if event["entry"]["level"] == "error"]
        return errors
