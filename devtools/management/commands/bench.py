"""Prints the portal's speed figures: server time and query counts per key page, PDFs per minute,
and throughput under load (gunicorn + wrk on 127.0.0.1, bounded in time).

Run against PostgreSQL filled by `manage.py seed_scale` (see docs/performance.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench python manage.py bench
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from devtools.benchmarks import BenchPage, bench_pages

P95_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("ERRORS %d\\n", summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
end
"""


# Each request takes the next session cookie in turn (per wrk thread).
COOKIES_LUA = """
local cookies = {COOKIES}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, {["Cookie"] = cookies[(counter % #cookies) + 1]})
end
"""


@dataclass
class PageFigure:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    explained: list = field(default_factory=list)
    # Median of the signed-in floor timed in alternation with this page (None for the floors).
    floor_ms: float | None = None
    # The machine's 1-minute load average when this page's timing ended (other work shares the cores).
    load: float = 0.0


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Command(BaseCommand):
    help = "Measure key pages (median/p95 server time, SQL queries), PDFs per minute and load throughput."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="timed requests per page (after 3 warm-ups)")
        parser.add_argument("--load-seconds", type=int, default=15, help="length of each load test (max 60)")
        parser.add_argument("--load-connections", type=int, default=16)
        parser.add_argument("--gunicorn-workers", type=int, default=(os.cpu_count() or 2) * 2)
        parser.add_argument("--skip-load", action="store_true")
        parser.add_argument("--skip-pdf", action="store_true")
        parser.add_argument("--pdf-count", type=int, default=10)
        parser.add_argument("--skip-collectstatic", action="store_true")
        parser.add_argument("--explain", type=int, default=0, metavar="N",
                            help="print EXPLAIN (ANALYZE, BUFFERS) of each page's N slowest SELECTs (PostgreSQL)")
        parser.add_argument("--only", default="", help="measure only pages whose name contains this text")

    def print_sizes(self):
        from courses.models import Attendance, Cohort
        from learners.models import Application, Learner, StageTransition
        from providers.models import Provider
        from vacancies.models import Vacancy

        sizes = [(m._meta.verbose_name_plural, m.objects.count()) for m in
                 (Learner, Application, StageTransition, Attendance, Cohort, Provider, Vacancy)]
        self.stdout.write("Data: " + ", ".join(f"{n:,} {name}" for name, n in sizes))

    def handle(self, *args, **opts):
        self.stdout.write(f"Database: {connection.vendor} {settings.DATABASES['default'].get('NAME')}; "
                          f"DEBUG={settings.DEBUG}; {os.cpu_count()} CPUs; load average "
                          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        self.print_sizes()
        if not opts["skip_collectstatic"]:
            # Production serves static files through WhiteNoise from a collected, hashed manifest;
            # pages rendered here and by gunicorn below need it to exist.
            call_command("collectstatic", interactive=False, verbosity=0)
        pages = bench_pages()
        with override_settings(ROOT_URLCONF="devtools.bench_urls", ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False,
                               DEBUG=False):
            floor = self.measure_page("minimal view (floor)", None, reverse("bench_floor"), opts["runs"])
            signed_in = _first_user_or_none()
            figures = [floor]
            if signed_in is not None:
                # The same view for a signed-in user: what every logged-in page pays for the session
                # and the user (read; saved again only when its expiry is due: academy.sessions).
                figures.append(self.measure_page("minimal view, signed in (floor)", signed_in,
                                                 reverse("bench_floor"), opts["runs"]))
            for page in pages:
                if opts["only"] and opts["only"] not in page.name:
                    continue
                try:
                    url = page.url()
                except (NoReverseMatch, LookupError) as exc:
                    self.stdout.write(f"  {page.name}: not measured ({exc})")
                    continue
                if page.settings:
                    # A cache turned off for this page must not answer from entries other pages left.
                    cache.clear()
                with override_settings(**page.settings):
                    figures.append(self.measure_page(page.name, page.user(), url, opts["runs"], opts["explain"],
                                                     floor_user=signed_in))
        self.print_pages(figures, floor, figures[1] if signed_in is not None else floor)
        for fig in figures:
            for sql, ms, plan in fig.explained:
                self.stdout.write(f"\n--- {fig.name}: {ms:.1f} ms\n{sql}\n{plan}")
        if not opts["skip_pdf"]:
            self.measure_pdfs(opts["pdf_count"])
        if not opts["skip_load"]:
            self.measure_load(pages, opts)

    # -- server time per page ------------------------------------------------------------------
    def measure_page(self, name, user, url, runs, explain=0, floor_user=None):
        """Median and p95 of `runs` requests. With `floor_user`, each request to the page follows one to
        the signed-in floor, and the page's ratio uses the floor timed in those same rounds: a shared
        machine's speed drifts from minute to minute, and a floor measured earlier would move the ratio."""
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        floor_client = None
        if floor_user is not None:
            floor_client = Client(raise_request_exception=True)
            floor_client.force_login(floor_user)
            floor_url = reverse("bench_floor")
            floor_client.get(floor_url)
        for _ in range(3):
            response = client.get(url)
        timings = []
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries.captured_queries)
        explained = []
        if explain and connection.vendor == "postgresql":
            selects = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
            for q in sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:explain]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                explained.append((q["sql"], float(q["time"]) * 1000, plan))
        floor_timings = []
        for _ in range(runs):
            if floor_client is not None:
                started = time.perf_counter()
                floor_client.get(floor_url)
                floor_timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        return PageFigure(name, statistics.median(timings), percentile(timings, 95), query_count,
                          response.status_code, explained,
                          statistics.median(floor_timings) if floor_timings else None, os.getloadavg()[0])

    def print_pages(self, figures, floor, signed_in_floor):
        self.stdout.write("\nServer time per page (Django test client, full middleware stack)")
        self.stdout.write("x signed-in floor: the page's median over the median of the signed-in floor timed in "
                          "alternation with it (its ms in the last column)")
        self.stdout.write(f"{'page':<34}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}"
                          f"{'x floor':>9}{'x signed-in floor':>19}{'floor ms':>10}{'load':>6}")
        for fig in figures:
            ratio = fig.median_ms / floor.median_ms if floor.median_ms else 0
            floor_in = fig.floor_ms if fig.floor_ms is not None else signed_in_floor.median_ms
            ratio_in = fig.median_ms / floor_in if floor_in else 0
            floor_column = f"{fig.floor_ms:>10.1f}" if fig.floor_ms is not None else f"{'–':>10}"
            self.stdout.write(
                f"{fig.name:<34}{fig.status:>7}{fig.median_ms:>11.1f}{fig.p95_ms:>9.1f}{fig.queries:>9}"
                f"{ratio:>9.1f}{ratio_in:>19.1f}{floor_column}{fig.load:>6.1f}"
            )

    # -- personnel files -----------------------------------------------------------------------
    def measure_pdfs(self, count):
        from devtools.benchmarks import pdf_builder

        builder = pdf_builder()
        if builder is None:
            self.stdout.write("\nPersonnel-file PDFs: not measured (no builder available)")
            return
        build, ids = builder(count)
        if not ids:
            self.stdout.write("\nPersonnel-file PDFs: not measured (no learner has completed a course)")
            return
        # The files go to a throw-away directory, not the deployment's private media.
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            build(ids[0])  # warm-up: fonts and templates load once per worker
            started = time.perf_counter()
            for learner_id in ids:
                build(learner_id)
            elapsed = time.perf_counter() - started
        per_file = elapsed / len(ids)
        self.stdout.write(f"\nPersonnel-file PDFs, one worker process: {per_file:.2f} s per file, "
                          f"{60 / per_file:.0f} files per minute ({len(ids)} files)")

    # -- throughput under load -----------------------------------------------------------------
    def measure_load(self, pages, opts):
        wrk = shutil.which("wrk")
        if wrk is None:
            self.stdout.write("\nLoad test: not run (install Debian's wrk: scripts/bench does)")
            return
        port = _free_port()
        # Production settings (DEBUG off, WhiteNoise with the hashed manifest collected above), except
        # that there is no TLS proxy in front on 127.0.0.1, so no redirect to https.
        # config.settings.bench_server: production's, with the minimal view added to the URLs.
        env = {**os.environ, "DJANGO_SECURE_SSL_REDIRECT": "false",
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
               "DJANGO_SETTINGS_MODULE": "config.settings.bench_server", "DJANGO_READ_DOT_ENV": "false",
               "DJANGO_LOG_LEVEL": "WARNING"}
        env.pop("DJANGO_STATICFILES_STORAGE", None)
        # The pages' own settings (the guide's results cache off, so its load test is all cache misses).
        for page in pages:
            if page.load_test:
                env.update({name: str(value) for name, value in page.settings.items()})
        gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", str(opts["gunicorn_workers"]), "--log-level", "warning"]
        server = subprocess.Popen(gunicorn, env=env, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz", 30)
            seconds = max(1, min(60, opts["load_seconds"]))
            self.stdout.write(f"\nThroughput under load: gunicorn {opts['gunicorn_workers']} workers, wrk "
                              f"{opts['load_connections']} connections for {seconds} s, on 127.0.0.1")
            self.stdout.write("cpu ms/req: processor time of the gunicorn workers and of PostgreSQL per request, "
                              "which drifts far less than req/s when the machine's speed does")
            self.stdout.write(f"{'page':<34}{'req/s':>9}{'errors':>8}{'error %':>9}{'p95 ms':>9}"
                              f"{'cpu ms/req':>12}{'load':>6}")
            floors = [BenchPage("minimal view, anonymous", lambda: "/__bench__/floor", lambda: None, True),
                      BenchPage("minimal view, signed in", lambda: "/__bench__/floor", _first_user_or_none, True)]
            for page in [*floors, *pages]:
                if not page.load_test:
                    continue
                try:
                    path = page.url()
                except (NoReverseMatch, LookupError) as exc:
                    self.stdout.write(f"  {page.name}: not measured ({exc})")
                    continue
                cookies = []
                url = f"http://127.0.0.1:{port}{path}"
                if page.user() is not None:
                    # One session per connection, as from that many browsers: with one shared session,
                    # every request would queue on the same row (the session is saved on each request).
                    cookies = [f"{settings.SESSION_COOKIE_NAME}={_session_key_for(page.user())}"
                               for _ in range(opts["load_connections"])]
                    # A redirect to the login or MFA page would look fast and error-free to wrk:
                    # make sure the session really opens the page before measuring it.
                    status = _status_without_redirects(url, cookies[0])
                    if status != 200:
                        self.stdout.write(f"  {page.name}: not measured (the server answered {status} "
                                          "to the logged-in session, not 200)")
                        continue
                self.run_wrk(wrk, page.name, url, seconds, opts["load_connections"], cookies,
                             server_group=server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    def run_wrk(self, wrk, name, url, seconds, connections, cookies, server_group=None):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(P95_LUA)
            if cookies:
                script.write(COOKIES_LUA.replace("COOKIES", ", ".join(f'"{c}"' for c in cookies)))
        load = os.getloadavg()[0]
        cmd = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name, url]
        cpu_before = _server_cpu_seconds(server_group)
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout  # noqa: S603
        cpu_used = _server_cpu_seconds(server_group) - cpu_before
        os.unlink(script.name)
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        total = int(re.search(r"(\d+) requests in", out).group(1))
        errors = int(re.search(r"ERRORS (\d+)", out).group(1))
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        errors = max(errors, int(non2xx.group(1)) if non2xx else 0)
        p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
        pct = 100 * errors / total if total else 0
        cpu = f"{1000 * cpu_used / total:>12.2f}" if total and server_group else f"{'–':>12}"
        self.stdout.write(f"{name:<34}{rps:>9.0f}{errors:>8}{pct:>8.2f}%{p95:>9.1f}{cpu}{load:>6.1f}")


def _first_user_or_none():
    from academy.models import User

    return User.objects.filter(is_active=True, role=User.Role.LEARNER).order_by("pk").first()


def _server_cpu_seconds(group) -> float:
    """Processor seconds (user and system) used so far by the processes of `group` (gunicorn and its
    workers) and by every PostgreSQL process on this machine (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        # fields[2] is the process group; [11] and [12] are user and system time in clock ticks.
        if (group is not None and int(fields[2]) == group) or name.startswith("postgres"):
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status_without_redirects(url, cookie):
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our own local server
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx and 5xx
        return exc.code


def _session_key_for(user):
    """A real logged-in session, stored where the server under test reads sessions (the database)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key
