#!/usr/bin/env python3
"""A 50 MB message against `fathom serve`: the time until the 400 answer, and the server's peak RSS.

Starts the real server as serve_load.py does (the built-in model over a prebuilt local index, a fresh
data directory, a free loopback port), sends one generation request whose only message is SIZE MB of
text (under the 80 MB body cap, over the input limit), and prints the status, the code, the time from
the first byte sent to the answer, and VmHWM of the server before and after.

Usage: python3 bench/load/big_message.py [--mb 50] [--index /tmp/fathom-load-index.db] [--fathom DLL]
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time

KEY = "sk-load-bench"


def hwm_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("--corpus", default="../shared/data/research/corpus")
    ap.add_argument("--index", default=os.path.join(tempfile.gettempdir(), "fathom-load-index.db"))
    ap.add_argument("--fathom", default="src/Fathom.Cli/bin/Release/net10.0/fathom.dll")
    a = ap.parse_args()
    data = tempfile.mkdtemp(prefix="fathom-big-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, FATHOM_API_KEYS=KEY, XDG_CACHE_HOME=data, XDG_DATA_HOME=data)
    server = subprocess.Popen(["dotnet", a.fathom, "serve", "--corpus", a.corpus, "--index", a.index, "--urls", f"http://127.0.0.1:{port}",
                               "--data", os.path.join(data, "runs"), "--log-level", "Warning"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.5)
        before = hwm_mb(server.pid)
        text = "word " * (a.mb * 1024 * 1024 // 5)
        body = json.dumps({"model": "qwen-deep-research", "input": {"messages": [{"role": "user", "content": text}]}}).encode()
        head = (f"POST /api/v1/services/aigc/text-generation/generation HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        conn = socket.create_connection(("127.0.0.1", port))
        conn.settimeout(30)
        start = time.monotonic()
        sent = 0
        try:
            conn.sendall(head)
            view = memoryview(body)
            while sent < len(body):
                sent += conn.send(view[sent:sent + (1 << 20)])
        except OSError:
            pass  # the server answered and closed before the whole body was sent: that is the point
        answer = b""
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except OSError:
            pass
        elapsed = time.monotonic() - start
        status = answer.split(b" ", 2)[1].decode() if answer else "none"
        rest = answer.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in answer else b""
        code = json.loads(rest[rest.find(b"{"):rest.rfind(b"}") + 1]).get("code") if b"{" in rest else None
        time.sleep(0.5)
        print(f"{a.mb} MB message ({len(body) / 1e6:.0f} MB body, {sent / 1e6:.0f} MB sent before the answer): HTTP {status} {code} "
              f"in {elapsed:.2f} s; server peak RSS {before:.0f} MB before, {hwm_mb(server.pid):.0f} MB after; load average {open('/proc/loadavg').read().split()[0]}")
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
