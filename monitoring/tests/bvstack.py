"""The processes the monitoring tests start: mvg-sim, the service, Valkey (redis-server),
PostgreSQL, Prometheus, Alertmanager, and an HTTP webhook receiver. Every process binds a port
of its own (0 or a free one) and is stopped by Stack.close(), whatever happened.
"""
import glob
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, headers=None, body=None, timeout=10):
    """Returns (status, headers dict with lower-case names, body text); never raises for HTTP errors."""
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=body)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, {k.lower(): v for k, v in res.headers.items()}, res.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode("utf-8", "replace")


def get(url, headers=None, timeout=10):
    return http("GET", url, headers, timeout=timeout)


def parse_exposition(text):
    """Sample names of a Prometheus text exposition -> set of label names seen on them. A family
    that is declared (# TYPE) but has no sample yet (a labelled counter before its first event)
    is included with no labels; histograms and summaries under their series names."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            parts = line.split()
            if len(parts) >= 4:
                series = [parts[2]]
                if parts[3] in ("histogram", "summary"):
                    series += [parts[2] + s for s in ("_bucket", "_sum", "_count")]
                for name in series:
                    samples.setdefault(name, set())
            continue
        if not line or line.startswith("#"):
            continue
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s", line)
        if not m:
            continue
        labels = samples.setdefault(m.group(1), set())
        if m.group(3):
            labels.update(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="', m.group(3)))
    return samples


def which(name, extra_dirs=()):
    found = shutil.which(name)
    if found:
        return found
    for d in extra_dirs:
        for path in sorted(glob.glob(os.path.join(d, name)), reverse=True):
            if os.access(path, os.X_OK):
                return path
    return None


class Proc:
    """A child process whose output lines are collected by a thread."""

    def __init__(self, name, args, env=None, cwd=None, preexec_fn=None, log_dir=None):
        self.name = name
        self.lines = []
        self._lock = threading.Lock()
        self._new = threading.Condition(self._lock)
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.log_path = os.path.join(log_dir, f"{name}.log") if log_dir else None
        self.popen = subprocess.Popen(args, env=full_env, cwd=cwd, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      preexec_fn=preexec_fn, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        log = open(self.log_path, "w", encoding="utf-8") if self.log_path else None
        for raw in self.popen.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if log:
                log.write(line + "\n")
                log.flush()
            with self._lock:
                self.lines.append(line)
                self._new.notify_all()
        if log:
            log.close()

    def wait_for(self, pattern, timeout):
        """First output line matching regex `pattern` (searching from the start); None on timeout."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._lock:
            while True:
                for line in self.lines[seen:]:
                    if regex.search(line):
                        return line
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or (self.popen.poll() is not None and seen == len(self.lines)):
                    return None
                self._new.wait(min(left, 0.2))

    def output(self, last=40):
        with self._lock:
            return "\n".join(self.lines[-last:])

    def signal(self, sig):
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout=10):
        if self.popen.poll() is None:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.popen.wait(5)


class Webhook:
    """Alertmanager webhook receiver: records (monotonic time, receiver path, payload)."""

    def __init__(self):
        self.events = queue.Queue()
        self.all = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    payload = json.loads(body)
                except ValueError:
                    payload = {"unparsable": body.decode("utf-8", "replace")}
                event = (time.monotonic(), self.path, payload)
                hook.all.append(event)
                hook.events.put(event)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _drop_root():
    # PostgreSQL refuses to run as root; the test runs it as nobody when it is root.
    os.setgid(65534)
    os.setuid(65534)


class Stack:
    def __init__(self, source_dir, service_binary, sim_binary, keep_logs=None):
        self.source_dir = source_dir
        self.service_binary = os.path.abspath(service_binary)
        self.sim_binary = os.path.abspath(sim_binary)
        self.tmp = tempfile.mkdtemp(prefix="bv-mon-")
        os.chmod(self.tmp, 0o755)
        self.log_dir = keep_logs or self.tmp
        os.makedirs(self.log_dir, exist_ok=True)
        self.procs = []
        self.webhook = None

    def close(self):
        for p in reversed(self.procs):
            p.stop()
        if self.webhook:
            self.webhook.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self, name, args, **kw):
        p = Proc(name, args, log_dir=self.log_dir, **kw)
        self.procs.append(p)
        return p

    # --- mvg-sim and the service -------------------------------------------------------------
    def start_sim(self, *extra):
        p = self._start("mvg-sim", [self.sim_binary, "--port", "0", "--threads", "2", *extra])
        line = p.wait_for(r"listening on 127\.0\.0\.1:\d+", 30)
        if not line:
            raise RuntimeError("mvg-sim did not start:\n" + p.output())
        p.port = int(re.search(r":(\d+)", line).group(1))
        p.url = f"http://127.0.0.1:{p.port}"
        return p

    def start_service(self, sim, env=None, name="bahnvision"):
        full = {"PORT": "0", "HOST": "127.0.0.1", "WORKER_THREADS": "2", "LOG_FORMAT": "json",
                "MVG_BASE_URL": f"{sim.url}/api/bgw-pt/v3", "SHUTDOWN_DRAIN_DELAY_SECONDS": "0"}
        full.update(env or {})
        p = self._start(name, [self.service_binary, "serve"], env=full, cwd=self.tmp)
        line = p.wait_for(r"listening on [0-9.]+:\d+", 60)
        if not line:
            raise RuntimeError("bahnvision did not start:\n" + p.output())
        p.port = int(re.search(r"listening on [0-9.]+:(\d+)", line).group(1))
        p.url = f"http://127.0.0.1:{p.port}"
        return p

    def start_backing_stores(self, env, who):
        """Valkey when installed, PostgreSQL (migrated) when the binary has a `migrate` command;
        adds VALKEY_URL / DATABASE_URL to `env`. Returns (valkey, postgres, problems); a store
        that is not started is None."""
        valkey, pg, problems = self.start_valkey(), None, []
        if valkey:
            env["VALKEY_URL"] = valkey.url
        if self.service_supports("migrate"):
            pg = self.start_postgres()
            if pg:
                env["DATABASE_URL"] = pg.url
                ok, out = self.migrate(env)
                print(f"{who}: migrate up: {'ok' if ok else 'FAILED'} {out.splitlines()[-1] if out else ''}")
                if not ok:
                    problems.append("bahnvision migrate up failed:\n" + out)
        return valkey, pg, problems

    def migrate(self, env):
        """Applies the migrations (`bahnvision migrate up`) to env's DATABASE_URL; returns
        (ok, output)."""
        args = [self.service_binary, "migrate", "up"]
        migrations = os.path.join(self.source_dir, "migrations")
        if os.path.isdir(migrations):
            args += ["--dir", migrations]
        run = subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
                             cwd=self.source_dir)
        return run.returncode == 0, (run.stdout + run.stderr).strip()

    def service_supports(self, word):
        """Whether `bahnvision help` mentions `word` (e.g. a subcommand like migrate)."""
        run = subprocess.run([self.service_binary, "help"], capture_output=True, text=True, timeout=10)
        return word in run.stdout + run.stderr

    # --- Valkey and PostgreSQL -----------------------------------------------------------------
    def start_valkey(self, port=None):
        binary = which("valkey-server") or which("redis-server")
        if not binary:
            return None
        port = port or free_port()
        data = os.path.join(self.tmp, "valkey")
        os.makedirs(data, exist_ok=True)
        p = self._start("valkey", [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", data])
        if not p.wait_for(r"Ready to accept connections", 30):
            raise RuntimeError("valkey did not start:\n" + p.output())
        p.port = port
        p.url = f"redis://127.0.0.1:{port}/0"
        return p

    def start_postgres(self, port=None):
        """A throw-away cluster (initdb, fsync off) on 127.0.0.1; None without PostgreSQL."""
        pg_dirs = ["/usr/lib/postgresql/*/bin"]
        initdb, postgres = which("initdb", pg_dirs), which("postgres", pg_dirs)
        if not initdb or not postgres:
            return None
        data = os.path.join(self.tmp, "pg")
        os.makedirs(data)
        drop = _drop_root if os.geteuid() == 0 else None
        if drop:
            os.chown(data, 65534, 65534)
        run = subprocess.run([initdb, "-D", data, "-U", "bahnvision", "--auth=trust", "-N", "-E", "UTF8",
                              "--locale=C"], capture_output=True, text=True, preexec_fn=drop, cwd="/")
        if run.returncode != 0:
            raise RuntimeError("initdb failed:\n" + run.stdout + run.stderr)
        port = port or free_port()
        p = self._start("postgres", [postgres, "-D", data, "-p", str(port), "-k", data, "-h", "127.0.0.1",
                                     "-c", "fsync=off", "-c", "full_page_writes=off"], preexec_fn=drop, cwd="/")
        if not p.wait_for(r"ready to accept connections", 60):
            raise RuntimeError("postgres did not start:\n" + p.output())
        p.port, p.data = port, data
        p.url = f"postgresql://bahnvision@127.0.0.1:{port}/postgres"
        return p

    def restart(self, proc, ready_pattern, timeout=60):
        """Starts a stopped process again with the same arguments (same port, same data)."""
        args = proc.popen.args
        proc.stop()
        self.procs.remove(proc)
        kw = {}
        if proc.name == "postgres" and os.geteuid() == 0:
            kw["preexec_fn"] = _drop_root
        fresh = self._start(proc.name, args, cwd="/" if proc.name == "postgres" else None, **kw)
        for attr in ("port", "url", "data"):
            if hasattr(proc, attr):
                setattr(fresh, attr, getattr(proc, attr))
        if not fresh.wait_for(ready_pattern, timeout):
            raise RuntimeError(f"{proc.name} did not restart:\n" + fresh.output())
        return fresh

    # --- Prometheus and Alertmanager -----------------------------------------------------------
    def start_webhook(self):
        self.webhook = Webhook()
        return self.webhook

    def start_alertmanager(self, config_text):
        binary = which("prometheus-alertmanager") or which("alertmanager")
        if not binary:
            raise RuntimeError("Alertmanager is not installed (Debian package prometheus-alertmanager)")
        port, cluster = free_port(), free_port()
        cfg = os.path.join(self.tmp, "alertmanager.yml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text)
        p = self._start("alertmanager", [binary, f"--config.file={cfg}", f"--storage.path={self.tmp}/am",
                                         f"--web.listen-address=127.0.0.1:{port}",
                                         f"--cluster.listen-address=127.0.0.1:{cluster}"])
        return self._wait_ready(p, port)

    def _wait_ready(self, p, port, timeout=60):
        """Waits for GET /-/ready (Prometheus and Alertmanager) to answer 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and p.popen.poll() is None:
            try:
                if get(f"http://127.0.0.1:{port}/-/ready", timeout=2)[0] == 200:
                    p.port, p.url = port, f"http://127.0.0.1:{port}"
                    return p
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{p.name} did not start:\n" + p.output())

    def start_prometheus(self, config_text, rule_files):
        binary = which("prometheus")
        if not binary:
            raise RuntimeError("Prometheus is not installed (Debian package prometheus)")
        port = free_port()
        cfg_dir = os.path.join(self.tmp, "prometheus")
        os.makedirs(cfg_dir, exist_ok=True)
        for name, text in rule_files.items():
            with open(os.path.join(cfg_dir, name), "w", encoding="utf-8") as f:
                f.write(text)
        cfg = os.path.join(cfg_dir, "prometheus.yml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config_text)
        p = self._start("prometheus", [binary, f"--config.file={cfg}", f"--storage.tsdb.path={self.tmp}/tsdb",
                                       f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
        return self._wait_ready(p, port)
