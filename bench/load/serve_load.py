#!/usr/bin/env python3
"""Load benchmark of the real default path: `fathom serve` (the built-in model, a local index)
under N concurrent streamed runs from a loopback client, standard library only.

Starts the server as a child process on a free loopback port with a fresh data directory, opens
N streaming generation requests at once, and for each measures: response headers, first frame,
completion, whether a KeepAlive frame came when the client waited over 15 s, and errors. A cheap
GET (an unknown run id, answered 404 by the stored-run API) is timed every 100 ms during the load.
Peak RSS of the server process is read from /proc (VmHWM).

Usage: python3 bench/load/serve_load.py --runs 100,300 [--corpus ../shared/data/research/corpus]
       [--fathom src/Fathom.Cli/bin/Release/net10.0/fathom.dll] [--timeout 600] [-- extra serve args]
"""
import argparse, asyncio, json, os, shutil, socket, statistics, subprocess, sys, tempfile, time

KEY = "sk-load-bench"
ROUTE = "/api/v1/services/aigc/text-generation/generation"
QUESTIONS = ["What do the documents say about {}?".format(t) for t in
             ["climate", "education", "health", "energy", "the economy", "technology", "water", "cities"]]


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def one_run(port, i, deadline):
    body = json.dumps({"model": "qwen-deep-research",
                       "input": {"messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}]},
                       "parameters": {"enable_feedback": False}}).encode()
    head = (f"POST {ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {KEY}\r\n"
            f"X-DashScope-SSE: enable\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    r = {"headers": None, "first": None, "done": None, "status": None, "error": None,
         "waited_over_15": False, "keepalive": False}
    start = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), deadline)
        r["status"] = int(status_line.split()[1])
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        r["headers"] = time.monotonic() - start
        last = time.monotonic()
        while True:
            line = await asyncio.wait_for(reader.readline(), deadline)
            if not line:
                break
            now = time.monotonic()
            if line.startswith(b"data:"):
                if r["first"] is None:
                    r["first"] = now - start
                if now - last > 15:
                    r["waited_over_15"] = True
                if b'"phase":"KeepAlive"' in line:
                    r["keepalive"] = True
                if b'"code":' in line[:20]:
                    r["error"] = line[5:200].decode(errors="replace")
                last = now
        r["done"] = time.monotonic() - start
        writer.close()
    except Exception as e:  # noqa: BLE001 - every failure is counted as an error
        r["error"] = repr(e)
    if r["status"] != 200 and r["error"] is None:
        r["error"] = f"HTTP {r['status']}"
    return r


async def prober(port, stop, samples):
    while not stop.is_set():
        start = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET /api/v1/research/none HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            await reader.read()
            writer.close()
            samples.append(time.monotonic() - start)
        except Exception:  # noqa: BLE001
            samples.append(float("inf"))
        await asyncio.sleep(0.1)


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(port, n, timeout):
    stop, samples = asyncio.Event(), []
    probe = asyncio.create_task(prober(port, stop, samples))
    start = time.monotonic()
    results = await asyncio.gather(*(one_run(port, i, timeout) for i in range(n)))
    wall = time.monotonic() - start
    stop.set()
    await probe
    return results, samples, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", default="100")
    ap.add_argument("--corpus", default="../shared/data/research/corpus")
    ap.add_argument("--fathom", default="src/Fathom.Cli/bin/Release/net10.0/fathom.dll")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("serve_args", nargs="*")
    a = ap.parse_args()
    for n in [int(x) for x in a.runs.split(",")]:
        data = tempfile.mkdtemp(prefix="fathom-load-")
        port = free_port()
        env = dict(os.environ, FATHOM_API_KEYS=KEY, XDG_CACHE_HOME=data, XDG_DATA_HOME=data)
        cmd = ["dotnet", a.fathom, "serve", "--corpus", a.corpus, "--urls", f"http://127.0.0.1:{port}",
               "--data", os.path.join(data, "runs"), "--runs-per-key", str(max(8, n))] + a.serve_args
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.5)
            results, probes, wall = asyncio.run(load(port, n, a.timeout))
            ok = [r for r in results if r["error"] is None]
            heads = [r["headers"] for r in results if r["headers"] is not None]
            firsts = [r["first"] for r in results if r["first"] is not None]
            dones = [r["done"] for r in ok]
            waited = [r for r in results if r["waited_over_15"] or (r["first"] or 0) > 15]
            print(f"## {n} concurrent streamed runs ({' '.join(cmd[2:4])} …)")
            print(f"headers p50 {pct(heads, 50):.2f} s, p99 {pct(heads, 99):.2f} s; first frame p50 {pct(firsts, 50):.2f} s, p99 {pct(firsts, 99):.2f} s; "
                  f"completion p50 {pct(dones, 50):.1f} s, p99 {pct(dones, 99):.1f} s")
            print(f"errors {len(results) - len(ok)} of {n}; runs/s {len(ok) / wall:.2f} (wall {wall:.1f} s); peak RSS {peak_rss_mb(server.pid):.0f} MB; "
                  f"GET during load p50 {pct(probes, 50) * 1000:.0f} ms, p99 {pct(probes, 99) * 1000:.0f} ms ({len(probes)} probes)")
            print(f"clients that waited over 15 s: {len(waited)}, of which saw KeepAlive: {sum(1 for r in waited if r['keepalive'])}")
            for r in [r for r in results if r["error"]][:3]:
                print("  error:", r["error"])
            sys.stdout.flush()
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
