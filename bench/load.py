"""Concurrent clients on loopback with wrk (Debian package ``wrk``): requests/s and latency."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = (i %% #paths) + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is needed: apt-get install wrk (make bench installs it)")
    return path


def run_load(
    base_url: str,
    paths: list[str],
    *,
    seconds: int,
    connections: int = 8,
    host: str | None = None,
) -> LoadResult:
    wrk = require_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA % ",".join(f'"{p}"' for p in paths))
    try:
        output = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                *(["-H", f"Host: {host}"] if host else []),
                "-s",
                script.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return LoadResult(rps, p50, p99, int(non_2xx.group(1)) if non_2xx else 0)
