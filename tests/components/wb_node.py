"""Run the pure part of the page script (static/wb.js) in Node.js, as the website would.

``call_wb([(name, args), ...])`` loads wb.js with ``require`` (no DOM, no shim) and returns
``WB[name](*args)`` for each call, in one Node process; an argument ``{"$storage": {...}}``
arrives as a Storage (``localStorage``'s interface) holding those keys. Node missing is a failure, never a
skip: the static site's behaviour is only checked here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources

import pytest

_PROGRAM = r"""
const WB = require(process.argv[1]);
function storage(entries) {
  const store = new Map(Object.entries(entries));
  return {
    get length() { return store.size; },
    key(i) { return Array.from(store.keys())[i] ?? null; },
    getItem(k) { return store.has(k) ? store.get(k) : null; },
  };
}
const arg = (a) => (a && typeof a === "object" && a.$storage ? storage(a.$storage) : a);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const calls = JSON.parse(input);
  const out = calls.map(([name, args]) => WB[name](...args.map(arg)));
  process.stdout.write(JSON.stringify(out));
});
"""


def wb_path() -> str:
    return str(resources.files("workbook.components").joinpath("static", "wb.js"))


def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail(
            "these tests run the page script (wb.js) in Node.js, which is not installed: "
            "install it (Debian/Ubuntu: apt-get install nodejs; or https://nodejs.org)"
        )
    return path


def call_wb(calls: list[tuple[str, list]]) -> list:
    """``WB[name](*args)`` for each ``(name, args)``, computed by Node."""
    proc = subprocess.run(
        [node(), "-e", _PROGRAM, wb_path()],
        input=json.dumps(calls, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
