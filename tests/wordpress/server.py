"""A real WordPress on 127.0.0.1 for tests: Debian's packages, a throwaway database.

What runs (all under one temporary directory, nothing in /etc or /var is touched):

* MariaDB (``mariadb-install-db``, then ``mariadbd``) with its own data directory,
  listening only on a Unix socket (``--skip-networking``), so no port can collide;
* WordPress 6.1 from ``/usr/share/wordpress``. Debian's own ``wp-config.php`` reads
  ``/etc/wordpress/config-<host>.php``; to leave /etc alone, the document root is a
  temporary directory with copies of the top-level PHP files (``wp-load.php`` takes
  ``ABSPATH`` from its own directory, so it must be a copy, not a link), our own
  ``wp-config.php``, links to ``wp-admin`` and ``wp-includes``, and a ``wp-content``
  of its own (the Debian theme and language files linked in, empty plugins);
* ``php -S`` with ``router.php`` (Apache's rewrite rules for pretty permalinks);
* ``install.php``: WordPress's own installer (``wp_install``) in Swedish (sv_SE),
  pretty permalinks, and an application password for an administrator, an editor
  and an editor without ``unfiltered_html``.

WordPress offers application passwords only over HTTPS unless the environment type
is ``local`` (``wp_is_application_passwords_supported``), so the generated config sets
``WP_ENVIRONMENT_TYPE`` to ``local``. It also turns off everything that would reach
the network: updates, cron, and outgoing HTTP (``WP_HTTP_BLOCK_EXTERNAL``).

``need_wordpress()`` skips a test outside CI when a package is missing, and fails it
in CI (CI=true), as the browser tests do.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WP_SOURCE = Path("/usr/share/wordpress")
SWEDISH = WP_SOURCE / "wp-content" / "languages" / "sv_SE.mo"
#: WordPress 6.1's default theme; a visitor's page needs a theme.
THEME = WP_SOURCE / "wp-content" / "themes" / "twentytwentythree"
#: What each Debian package brings that the fixture needs.
NEEDED = {
    "php-cli": "php",
    "mariadb-server": "mariadb-install-db",
}
START_TIMEOUT = 60.0  # seconds for MariaDB and php -S to answer


def _mariadbd() -> str | None:
    for name in ("/usr/sbin/mariadbd", "/usr/sbin/mysqld"):
        if Path(name).exists():
            return name
    return shutil.which("mariadbd") or shutil.which("mysqld")


def missing_packages() -> list[str]:
    """The Debian packages the fixture needs that are not installed."""
    missing = [pkg for pkg, tool in NEEDED.items() if shutil.which(tool) is None]
    if _mariadbd() is None and "mariadb-server" not in missing:
        missing.append("mariadb-server")
    if not (WP_SOURCE / "wp-settings.php").exists():
        missing.append("wordpress")
    else:
        if not SWEDISH.exists():
            missing.append("wordpress-l10n")
        if not THEME.is_dir():
            missing.append("wordpress-theme-twentytwentythree")
    if shutil.which("php") is not None:
        probe = subprocess.run(
            ["php", "-r", "exit(extension_loaded('mysqli') ? 0 : 1);"],
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0:
            missing.append("php-mysql")
    return missing


def need_wordpress() -> None:
    """Skip (outside CI) or fail (in CI) when the Debian packages are missing."""
    missing = missing_packages()
    if not missing:
        return
    why = f"Debian packages missing: {' '.join(missing)} (apt-get install them; .ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(f"WordPress test cannot run in CI: {why}")
    pytest.skip(f"WordPress test skipped: {why}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class WordPress:
    """A running WordPress: its URL, users (role -> (login, application password))."""

    url: str
    docroot: Path
    users: dict[str, tuple[str, str]]
    startup_seconds: float
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: Path | None = None
    scratch: list[Path] = field(default_factory=list)

    def stop(self) -> None:
        """Stop the servers and their children: ``php -S`` forks its workers
        (PHP_CLI_SERVER_WORKERS), which outlive a parent that alone is stopped, so each
        server runs in a process group of its own and the whole group is signalled."""
        for proc in reversed(self.processes):
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)
            _signal_group(proc, signal.SIGKILL)  # workers that outlived their parent
        for path in self.scratch:
            shutil.rmtree(path, ignore_errors=True)

    def link_static(self, name: str, target: Path) -> str:
        """Serve ``target`` (a built static site) at ``{url}/{name}/``; returns that URL."""
        link = self.docroot / name
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target, target_is_directory=True)
        return f"{self.url}/{name}/"

    def log_tail(self, chars: int = 2000) -> str:
        if self.logs is None:
            return ""
        parts = []
        for log in sorted(self.logs.glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts)


def _signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    """Signal the process group a server leads (started with start_new_session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _wait(what: str, ready, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited ({proc.returncode}): {log.read_text()[-2000:]}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start in {START_TIMEOUT:g} s: {log.read_text()[-2000:]}")


def _start_mariadb(base: Path, logs: Path) -> tuple[subprocess.Popen, str]:
    """MariaDB on a Unix socket in ``base``; returns the process and the socket path."""
    data = base / "data"
    data.mkdir()
    sock = str(base / "mysqld.sock")
    as_root = ["--user=root"] if os.geteuid() == 0 else []
    install = subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *as_root,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if install.returncode != 0:
        raise RuntimeError(f"mariadb-install-db failed: {install.stderr[-2000:]}")
    log = logs / "mariadb.log"
    proc = subprocess.Popen(
        [
            _mariadbd() or "mariadbd",
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={sock}",
            f"--pid-file={base / 'mysqld.pid'}",
            f"--log-error={log}",
            "--skip-networking",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=2",
            *as_root,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.touch()

    def ready() -> bool:
        ping = subprocess.run(
            ["mariadb-admin", "--no-defaults", f"--socket={sock}", "-uroot", "ping"],
            capture_output=True,
            check=False,
        )
        return ping.returncode == 0

    _wait("MariaDB", ready, proc, log)
    return proc, sock


def _sql(sock: str, statements: str) -> None:
    subprocess.run(
        ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot"],
        input=statements,
        text=True,
        check=True,
        capture_output=True,
        timeout=60,
    )


WP_CONFIG = """<?php
// Generated by tests/wordpress/server.py for one test session.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', {db_password});
define('DB_HOST', {db_host});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_HOME', {url});
define('WP_SITEURL', {url});
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
// Application passwords over plain http: only for the environment type "local".
define('WP_ENVIRONMENT_TYPE', 'local');
// Nothing reaches the network: no updates, no cron, no outgoing HTTP.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
"""

SALTS = (
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
)


def _php(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _docroot(base: Path, url: str, sock: str, db_password: str) -> Path:
    root = base / "htdocs"
    root.mkdir()
    for item in WP_SOURCE.iterdir():
        if item.name in ("wp-config.php", "wp-content", ".htaccess"):
            continue
        if item.is_dir():
            (root / item.name).symlink_to(item, target_is_directory=True)
        else:
            shutil.copyfile(item, root / item.name)
    content = root / "wp-content"
    for sub in ("plugins", "uploads", "upgrade"):
        (content / sub).mkdir(parents=True)
    (content / "themes").symlink_to(WP_SOURCE / "wp-content" / "themes")
    (content / "languages").symlink_to(WP_SOURCE / "wp-content" / "languages")
    salts = "\n".join(f"define('{k}', {_php(secrets.token_hex(32))});" for k in SALTS)
    (root / "wp-config.php").write_text(
        WP_CONFIG.format(
            db_password=_php(db_password),
            db_host=_php(f"localhost:{sock}"),
            salts=salts,
            url=_php(url),
        ),
        encoding="utf-8",
    )
    return root


def start(base: Path) -> WordPress:
    """Start MariaDB and WordPress under ``base`` (a fresh directory); see the module doc.

    The socket path must stay short (Unix sockets allow about 100 bytes), so the
    database lives in its own short temporary directory, which ``stop`` removes;
    ``base`` holds the logs and the document root.
    """
    started = time.monotonic()
    logs = base / "logs"
    logs.mkdir(parents=True)
    db_base = Path(tempfile.mkdtemp(prefix="insyn-wp-db-"))
    processes: list[subprocess.Popen] = []
    wp = WordPress("", base, {}, 0.0, processes, logs, [db_base])
    try:
        mariadb, sock = _start_mariadb(db_base, logs)
        processes.append(mariadb)
        db_password = secrets.token_hex(16)
        _sql(
            sock,
            "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_swedish_ci;\n"
            f"CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '{db_password}';\n"
            "GRANT ALL ON wordpress.* TO 'wordpress'@'localhost';\n",
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        docroot = _docroot(base, url, sock, db_password)
        env = {**os.environ, "INSYN_WP_URL": url}
        admin_password = secrets.token_urlsafe(18)
        install = subprocess.run(
            ["php", str(HERE / "install.php"), str(docroot), admin_password],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        if install.returncode != 0:
            raise RuntimeError(
                f"install.php failed ({install.returncode}): {install.stderr[-2000:]}"
                f"{install.stdout[-2000:]}"
            )
        users = {k: (v[0], v[1]) for k, v in json.loads(install.stdout)["users"].items()}
        log = logs / "php.log"
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(docroot), str(HERE / "router.php")],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            env={**env, "PHP_CLI_SERVER_WORKERS": "4"},
            cwd=docroot,
            start_new_session=True,
        )
        processes.append(server)

        def ready() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False

        _wait("php -S", ready, server, log)
        wp.url, wp.docroot, wp.users = url, docroot, users
        wp.startup_seconds = time.monotonic() - started
        return wp
    except BaseException:
        wp.stop()
        raise
