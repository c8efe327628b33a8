"""Load test of the web app's scorecard overview, on loopback only and bounded.

Builds a store of 60 indicators in 10 sections with 24 months of figures, starts `kpiboard serve`
on 127.0.0.1, signs in 50 clients and has them request the overview together (each a fixed
number of times, and never past a time limit), then prints p50 and p95. Aim: p95 < 150 ms.

    python bench/web_bench.py [--users 50] [--requests 100] [--max-seconds 120] [--workers N]
                              [--postgres postgresql://user:password@127.0.0.1/db]

The clients share one event loop (aiohttp) in this process, each on its own keep-alive
connection: a browser's user does not spend the server's CPU, and a thread per client would.

`--workers` is passed to `kpiboard serve` (default: its own default, one per CPU up to 4).
Before timing, every client asks for the overview once (each server process then has its model
and page built: the figures are the steady state, as after the first visitors of the day).
"""

from __future__ import annotations

import argparse
import importlib.util
import asyncio
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import aiohttp
import httpx

from kpiboard.loading import prepare_load
from kpiboard.store import Store
from kpiboard.store.scratch import scratch_schema
from kpiboard.web.accounts import add_user

HOST = "127.0.0.1"  # never anything but loopback
PASSWORD = "bench password"
INDICATORS = 60


def build_store(folder: Path, indicators: int = INDICATORS, url: str | None = None) -> str:
    """The bench store at ``url`` (an empty one), by default a new SQLite file in ``folder``."""
    rng = random.Random(7)
    lines = ["title: Bench catalogue", "indicators:"]
    for i in range(indicators):
        lines += [f'  - ref: "B{i}"', f"    title: Bench indicator {i}", f"    section: Section {i % 10}",
                  "    polarity: higher", "    unit: percent", "    aggregation: ratio", "    target: 80",
                  "    rag: {green: {at_least: 80}, amber: {at_least: 70}}", f"    owner: Owner {i % 7}"]
    (folder / "catalogue.yaml").write_text("\n".join(lines) + "\n")
    rows = ["ref,period,value"]
    for i in range(indicators):
        for m in range(24):
            year, month = divmod(2024 * 12 + 10 + m, 12)
            rows.append(f"B{i},{year}-{month + 1:02d},{rng.randint(60, 95)} of 100")
    (folder / "values.csv").write_text("\n".join(rows) + "\n")
    url = url or f"sqlite:///{folder / 'bench.db'}"
    store = Store(url)
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", values=[folder / "values.csv"]))
    add_user(store, "bench", "viewer", PASSWORD)
    store.engine.dispose()
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start(url: str, workers: int | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    extra = ["--workers", str(workers)] if workers else []
    server = subprocess.Popen([sys.executable, "-m", "kpiboard", "serve", "--host", HOST, "--port", str(port),
                               "--db", url, *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://{HOST}:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/login", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


async def signed_in(base: str) -> aiohttp.ClientSession:
    # unsafe=True: the jar otherwise refuses cookies from an IP address such as 127.0.0.1.
    client = aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                   timeout=aiohttp.ClientTimeout(total=30))
    async with client.get("/login") as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', await response.text()).group(1)
    async with client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token},
                           allow_redirects=False) as response:
        if response.status != 303:
            raise SystemExit(f"sign-in failed: {response.status}")
    return client


async def overview(client: aiohttp.ClientSession) -> tuple[float, bytes]:
    """Milliseconds from sending the request to having the whole page, and the page."""
    began = time.perf_counter()
    async with client.get("/") as response:
        page = await response.read()
        if response.status != 200:
            raise SystemExit(f"overview answered {response.status}")
    return (time.perf_counter() - began) * 1000, page


async def run(base: str, users: int, requests: int, max_seconds: float) -> tuple[list[float], float]:
    """Each user on its own connection, all on one event loop: a client that costs little CPU
    leaves the machine's two cores to the server being measured."""
    clients = [await signed_in(base) for _ in range(users)]
    try:
        for client in clients:  # the first requests build each process's model; measure the steady state
            _, page = await overview(client)
            if page.count(b"<tr data-ref=") != INDICATORS:
                raise SystemExit("the overview does not list every indicator: not the page to measure")
        timings: list[float] = []
        deadline = time.monotonic() + max_seconds

        async def user(client: aiohttp.ClientSession) -> None:
            for _ in range(requests):
                if time.monotonic() > deadline:
                    return
                timings.append((await overview(client))[0])

        began = time.monotonic()  # sign-in (argon2) and warm-up are not in the rate
        await asyncio.gather(*(user(c) for c in clients))
        return timings, time.monotonic() - began
    finally:
        for c in clients:
            await c.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=100, help="requests per user")
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=None, help="server processes")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to keep the store on "
                        "(in a new schema, dropped afterwards) instead of a SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            (scratch_schema(args.postgres, 'bench') if args.postgres else nullcontext()) as pg:
        server, base = start(build_store(Path(folder), url=pg), args.workers)
        try:
            timings, elapsed = asyncio.run(run(base, args.users, args.requests, args.max_seconds))
        finally:
            server.terminate()
            server.wait(timeout=20)
    cuts = statistics.quantiles(timings, n=100)
    workers = args.workers or "default"
    print(f"overview, {workers} worker(s), {args.users} concurrent users, {len(timings)} requests in {elapsed:.1f} s "
          f"({len(timings) / elapsed:.0f}/s): p50 {cuts[49]:.0f} ms, p95 {cuts[94]:.0f} ms, "
          f"max {max(timings):.0f} ms; {'PostgreSQL' if args.postgres else 'SQLite'} store; "
          f"server on {server_stack()}")


def server_stack() -> str:
    """What uvicorn runs on here: it uses uvloop and httptools when they are installed."""
    fast = [name for name in ("uvloop", "httptools") if importlib.util.find_spec(name)]
    return " + ".join(fast) if fast else "asyncio + h11 (pure Python)"


if __name__ == "__main__":
    main()
