"""The platform the frontend suite runs against: its own database with the demo, the CMS and the
public frontend, each a real gunicorn on loopback.

The database is the suite's own, whatever the pytest-django test database is: a SQLite file in a
temporary folder when the run is on SQLite, ``<database>_frontend`` (dropped and created again;
``<database>_frontend_gw0`` and so on under pytest-xdist, one per worker) when ``DATABASE_URL``
names a PostgreSQL database. It is built once per session by
``manage.py migrate`` and ``manage.py load_demo`` in subprocesses.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# The demo's portal (渭川区人民政府): site 2, whose hostname is ``localhost``.
PORTAL_ID = 2
PORTAL_HOST = "localhost"
# The frontend's freshness in this suite: a change shows within this plus one second.
FRESH_SECONDS = 1
START_TIMEOUT = 60
# The settings every CMS process of the suite runs with, the servers and the staff's shell
# alike: tasks run inline, so a publish has updated the read API when the call returns.
CMS_SETTINGS = "cms.settings.test"


@dataclass
class Server:
    """A gunicorn this suite started; ``stop`` ends it and only it."""

    name: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Gunicorn's quick shutdown: nothing of the suite waits on a request in flight."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@dataclass
class Platform:
    database_url: str
    work_dir: Path
    cms_env: dict[str, str]
    cms_url: str = ""
    frontend_port: int = 0
    portal_id: int = PORTAL_ID
    servers: list[Server] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"{self.cms_url}/api/v1"

    @property
    def frontend_url(self) -> str:
        """The frontend on IPv4 loopback, where no site has its hostname (the site chooser)."""
        return f"http://127.0.0.1:{self.frontend_port}"

    @property
    def portal_url(self) -> str:
        """The portal by its hostname, as a citizen's browser reaches it."""
        return f"http://{PORTAL_HOST}:{self.frontend_port}"

    @property
    def frontend_url_v6(self) -> str:
        return f"http://[::1]:{self.frontend_port}"

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()


def free_port(*hosts: str) -> int:
    """A port free on every one of ``hosts`` (IPv4 and IPv6 loopback addresses)."""
    for _ in range(50):
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if all(_bindable(host, port) for host in hosts):
            return port
    raise RuntimeError("No free loopback port found.")


def _bindable(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with closing(socket.socket(family, socket.SOCK_STREAM)) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _suite_database_url(work_dir: Path) -> str:
    """The suite's own database beside the run's: see the module's docstring."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{work_dir / 'frontend.sqlite3'}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    own = f"{name}_frontend_{worker}" if worker else f"{name}_frontend"
    _recreate_postgres_database(parts, own)
    return urlunsplit(parts._replace(path=f"/{own}"))


def _maintenance_dsn(parts) -> str:
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


def _recreate_postgres_database(parts, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_dsn(parts), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_postgres_database(database_url: str) -> None:
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    with psycopg.connect(_maintenance_dsn(parts), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )


def _cms_env(database_url: str, work_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FRONTEND_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=CMS_SETTINGS,
        DATABASE_URL=database_url,
        CMS_VAR_DIR=str(work_dir / "var"),
        ELASTICSEARCH_URL="",
        # The CMS serves its own files here, as a web server would in front of it: the
        # frontend's pages load images from the platform's host.
        SERVE_MEDIA="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str, log: Path) -> None:
    with log.open("ab") as out:
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    if completed.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{tail}")


def build(work_dir: Path) -> Platform:
    """Create the suite's database, migrate it and load the demo."""
    work_dir.mkdir(parents=True, exist_ok=True)
    database_url = _suite_database_url(work_dir)
    env = _cms_env(database_url, work_dir)
    log = work_dir / "build.log"
    _manage(env, "migrate", "--noinput", "-v", "0", log=log)
    _manage(env, "load_demo", "--items-per-type", "3", log=log)
    return Platform(database_url=database_url, work_dir=work_dir, cms_env=env)


def start(name: str, argv: list[str], env: dict[str, str], work_dir: Path) -> Server:
    log = work_dir / f"{name}.log"
    out = log.open("ab")
    process = subprocess.Popen(
        argv, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    out.close()
    return Server(name=name, process=process, log=log)


def wait_until_answering(server: Server, url: str, timeout: float = START_TIMEOUT) -> None:
    """Wait until ``url`` gives any HTTP answer; fail with the server's log if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer {url} in {timeout} s:\n{server.log_tail()}")


def access_log(work_dir: Path, name: str) -> Path:
    """Where the CMS called ``name`` logs each request as ``<status> <method> <path>?<query>``."""
    return work_dir / f"{name}-access.log"


def start_cms(platform: Platform, name: str = "cms") -> tuple[Server, str]:
    """A CMS gunicorn on the suite's database; returns it and its base URL."""
    port = free_port("127.0.0.1")
    server = start(
        name,
        [
            GUNICORN,
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            str(access_log(platform.work_dir, name)),
            "--access-logformat",
            "%(s)s %(m)s %(U)s?%(q)s",
        ],
        platform.cms_env,
        platform.work_dir,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(server, f"{url}/api/v1/sites")
    return server, url


def frontend_env(api_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FRONTEND_", "PYTEST_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="frontend.settings",
        FRONTEND_API_URL=api_url,
        FRONTEND_FRESH_SECONDS=str(FRESH_SECONDS),
        FRONTEND_API_TIMEOUT="3",
        FRONTEND_SECRET_KEY="frontend-suite-only-not-a-secret-" + "x" * 20,
        FRONTEND_ALLOWED_HOSTS="*",
        FRONTEND_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_frontend(api_url: str, work_dir: Path, name: str = "frontend") -> tuple[Server, int]:
    """The frontend on IPv4 and IPv6 loopback, one port; returns it and the port.

    One worker with threads: the last good copies a worker keeps are then the ones every request
    of the suite sees, whichever connection it comes on.
    """
    port = free_port("127.0.0.1", "::1")
    server = start(
        name,
        [
            GUNICORN,
            "frontend.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--bind",
            f"[::1]:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
        ],
        frontend_env(api_url),
        work_dir,
    )
    wait_until_answering(server, f"http://127.0.0.1:{port}/")
    return server, port


def start_all(platform: Platform) -> Platform:
    cms, platform.cms_url = start_cms(platform)
    platform.servers.append(cms)
    frontend, platform.frontend_port = start_frontend(platform.api_url, platform.work_dir)
    platform.servers.append(frontend)
    return platform


def tear_down(platform: Platform) -> None:
    platform.stop()
    _drop_postgres_database(platform.database_url)
