#!/usr/bin/env python3
"""Load benchmark of the real default path: `fathom serve` (the built-in model, a local index)
under N concurrent streamed runs from a loopback client, standard library only.

Builds the index of the corpus once, before anything is timed (`fathom index`, with the same
--embedder as the server; a prebuilt --index is reused and only brought up to date), then for each
load starts the server as a child process on a free loopback port with a fresh data directory, opens
N streaming generation requests at once, and for each measures: response headers, first frame,
completion, the longest wait between two frames (a client that waited over 15 s must have seen a
KeepAlive), and errors. A cheap GET (an unknown run id, answered 404 by the stored-run API) is timed
every 100 ms during the load. Peak RSS of the server process is read from /proc (VmHWM); the load
average is printed before and after each load, because the machine may be shared.

Before each load, one GET and one run (followed to its first frame, then left to go on) warm the
server up, so that the timings are of a started server, not of the JIT. Progress goes to stderr every 10 s. Each load has a time budget (--budget seconds): runs still going
then are counted as unfinished, not waited for.

Usage: python3 bench/load/serve_load.py --runs 100,300,1000 [--corpus ../shared/data/research/corpus]
       [--index /tmp/fathom-load-index.db] [--embedder builtin|none]
       [--fathom src/Fathom.Cli/bin/Release/net10.0/fathom.dll] [--budget 900] [-- extra serve args]
"""
import argparse, asyncio, json, os, shutil, socket, subprocess, sys, tempfile, time

KEY = "sk-load-bench"
ROUTE = "/api/v1/services/aigc/text-generation/generation"
QUESTIONS = ["What do the documents say about {}?".format(t) for t in
             ["climate", "education", "health", "energy", "the economy", "technology", "water", "cities"]]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


async def one_run(port, i, r):
    body = json.dumps({"model": "qwen-deep-research",
                       "input": {"messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}]},
                       "parameters": {"enable_feedback": False}}).encode()
    head = (f"POST {ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {KEY}\r\n"
            f"X-DashScope-SSE: enable\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    start = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
        writer.write(head + body)
        await writer.drain()
        r["sent"] = time.monotonic() - start
        status_line = await reader.readline()
        r["status"] = int(status_line.split()[1])
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        r["headers"] = time.monotonic() - start
        last = time.monotonic()
        while True:
            line = await reader.readline()
            if not line:
                break
            now = time.monotonic()
            if line.startswith(b"data:"):
                if r["first"] is None:
                    r["first"] = now - start
                r["max_gap"] = max(r["max_gap"], now - last)
                if b'"phase":"KeepAlive"' in line:
                    r["keepalive"] = True
                if line[5:].lstrip().startswith(b'{"code"') or b'"code":"' in line[:40]:
                    r["error"] = line[5:200].decode(errors="replace")
                last = now
        r["done"] = time.monotonic() - start
    except asyncio.CancelledError:
        r["error"] = r["error"] or "unfinished within the budget"
        raise
    except Exception as e:  # noqa: BLE001 - every failure is counted as an error
        r["error"] = repr(e)
    finally:
        if writer is not None:
            writer.close()
    if r["status"] != 200 and r["error"] is None:
        r["error"] = f"HTTP {r['status']}"


async def prober(port, stop, samples):
    while not stop.is_set():
        start = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET /api/v1/research/none HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            await asyncio.wait_for(reader.read(), 30)
            writer.close()
            samples.append(time.monotonic() - start)
        except Exception:  # noqa: BLE001
            samples.append(float("inf"))
        await asyncio.sleep(0.1)


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


async def progress(results, n, pid, start, stop):
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 10)
        except asyncio.TimeoutError:
            pass
        heads = sum(1 for r in results if r["headers"] is not None)
        firsts = sum(1 for r in results if r["first"] is not None)
        done = sum(1 for r in results if r["done"] is not None)
        errors = sum(1 for r in results if r["error"] is not None)
        log(f"  {time.monotonic() - start:6.0f} s: {heads}/{n} headers, {firsts} first frames, {done} done, {errors} errors; "
            f"RSS {status_kb(pid, 'VmRSS') / 1024:.0f} MB; load {loadavg()}")


async def load(port, n, budget, pid):
    stop, samples = asyncio.Event(), []
    results = [{"sent": None, "headers": None, "first": None, "done": None, "status": None, "error": None,
                "max_gap": 0.0, "keepalive": False} for _ in range(n)]
    start = time.monotonic()
    probe = asyncio.create_task(prober(port, stop, samples))
    report = asyncio.create_task(progress(results, n, pid, start, stop))
    runs = [asyncio.create_task(one_run(port, i, results[i])) for i in range(n)]
    finished, unfinished = await asyncio.wait(runs, timeout=budget)
    for task in unfinished:
        task.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)
    wall = time.monotonic() - start
    stop.set()
    await probe
    await report
    return results, samples, wall


async def warm_up(port):
    """One request of each kind the load makes, so that its timings are of a started server, not of
    the JIT compiling the first request's path: a GET, and one run followed to its first frame (that
    run goes on in the background, one more than the load)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /api/v1/research/none HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    await reader.read()
    writer.close()
    r = {"headers": None, "first": None, "done": None, "status": None, "error": None, "max_gap": 0.0, "keepalive": False}
    task = asyncio.create_task(one_run(port, 0, r))
    started = time.monotonic()
    while r["first"] is None and not task.done() and time.monotonic() - started < 120:
        await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    log(f"warm-up: first frame after {r['first'] if r['first'] is not None else float('nan'):.2f} s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_index(a):
    log(f"Indexing {a.corpus} into {a.index} (--embedder {a.embedder}; done once, before anything is timed) ...")
    started = time.monotonic()
    done = subprocess.run(["dotnet", a.fathom, "index", a.corpus, "--index", a.index, "--embedder", a.embedder],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no output)")
    if done.returncode != 0:
        sys.exit(f"fathom index failed ({done.returncode}):\n{done.stdout}")
    log(f"Index ready in {time.monotonic() - started:.0f} s.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", default="100")
    ap.add_argument("--corpus", default="../shared/data/research/corpus")
    ap.add_argument("--index", default=os.path.join(tempfile.gettempdir(), "fathom-load-index.db"))
    ap.add_argument("--embedder", default="builtin")
    ap.add_argument("--fathom", default="src/Fathom.Cli/bin/Release/net10.0/fathom.dll")
    ap.add_argument("--budget", type=float, default=900, help="seconds each load may take before unfinished runs are cut")
    ap.add_argument("serve_args", nargs="*")
    a = ap.parse_args()
    build_index(a)
    print(f"# fathom serve load benchmark: {os.cpu_count()} cores, --embedder {a.embedder}, index {a.index}")
    for n in [int(x) for x in a.runs.split(",")]:
        data = tempfile.mkdtemp(prefix="fathom-load-")
        port = free_port()
        env = dict(os.environ, FATHOM_API_KEYS=KEY, XDG_CACHE_HOME=data, XDG_DATA_HOME=data)
        cmd = ["dotnet", a.fathom, "serve", "--corpus", a.corpus, "--index", a.index, "--embedder", a.embedder,
               "--urls", f"http://127.0.0.1:{port}", "--data", os.path.join(data, "runs"),
               "--runs-per-key", str(max(8, n + 1)), "--log-level", "Warning"] + a.serve_args
        errlog = open(os.path.join(data, "server.log"), "w+")
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errlog)
        try:
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    if server.poll() is not None:
                        errlog.seek(0)
                        sys.exit(f"fathom serve exited {server.returncode}:\n{errlog.read()}")
                    time.sleep(0.5)
            asyncio.run(warm_up(port))
            before = loadavg()
            log(f"## {n} concurrent streamed runs (load average {before}) ...")
            results, probes, wall = asyncio.run(load(port, n, a.budget, server.pid))
            after = loadavg()
            ok = [r for r in results if r["error"] is None]
            heads = [r["headers"] for r in results if r["headers"] is not None]
            sent = [r["sent"] for r in results if r["sent"] is not None]
            after_sent = [r["headers"] - r["sent"] for r in results if r["headers"] is not None and r["sent"] is not None]
            firsts = [r["first"] for r in results if r["first"] is not None]
            dones = [r["done"] for r in ok]
            waited = [r for r in results if r["max_gap"] > 15]
            silent = [r for r in results if r["max_gap"] > 16 or (r["first"] or 0) > 16]
            print(f"\n## {n} concurrent streamed runs (load average before {before}, after {after})")
            print(f"headers p50 {pct(heads, 50):.2f} s, p99 {pct(heads, 99):.2f} s; first frame p50 {pct(firsts, 50):.2f} s, p99 {pct(firsts, 99):.2f} s; "
                  f"completion p50 {pct(dones, 50):.1f} s, p99 {pct(dones, 99):.1f} s")
            print(f"(client side: request written p50 {pct(sent, 50):.2f} s, p99 {pct(sent, 99):.2f} s; headers after the request was written p50 {pct(after_sent, 50):.2f} s, p99 {pct(after_sent, 99):.2f} s; "
                  f"first headers {min(heads, default=float('nan')):.2f} s)")
            print(f"errors {len(results) - len(ok)} of {n}; runs/s {len(ok) / wall:.2f} (wall {wall:.1f} s); peak RSS {status_kb(server.pid, 'VmHWM') / 1024:.0f} MB; "
                  f"GET during load p50 {pct(probes, 50) * 1000:.0f} ms, p99 {pct(probes, 99) * 1000:.0f} ms, max {max(probes, default=float('nan')) * 1000:.0f} ms ({len(probes)} probes, one at a time)")
            print(f"clients that waited over 15 s between frames: {len(waited)}, of which saw KeepAlive: {sum(1 for r in waited if r['keepalive'])}; "
                  f"longest wait between frames {max((r['max_gap'] for r in results), default=0):.1f} s; clients left over 16 s without a frame: {len(silent)}")
            kinds = {}
            for r in results:
                if r["error"]:
                    kinds[r["error"][:120]] = kinds.get(r["error"][:120], 0) + 1
            for e, c in sorted(kinds.items(), key=lambda kv: -kv[1])[:5]:
                print(f"  error ×{c}: {e}")
            sys.stdout.flush()
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            errlog.seek(0)
            tail = errlog.read()[-2000:]
            if tail.strip():
                log("server log (tail):\n" + tail)
            errlog.close()
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
