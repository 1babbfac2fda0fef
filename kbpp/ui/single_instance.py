"""One KBPP per database: a lock file in the data folder, and a local socket to hand over files.

Two programs writing one SQLite file would each see a stale grid and overwrite the other's edits,
so a second start on the same database is refused. The lock is a QLockFile keyed by the
database's resolved path; QLockFile notices when the process that holds it is gone (a crash, a
killed process, a power cut), so a crash never locks the user out. The first instance also
listens on a QLocalServer with a name made from the same key: a second start with `.kbpp` files
(a double-click in Explorer) sends them there and exits.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from kbpp.paths import data_dir

log = logging.getLogger(__name__)

CONNECT_MS = 3000
WRITE_MS = 3000
READ_MS = 3000
ACK = b"ok\n"

FilesReceived = Callable[[list[Path]], None]


def instance_key(db_path: Path) -> str:
    """Same database, same key, however the path was written (relative, other case on Windows)."""
    resolved = str(Path(db_path).resolve())
    return hashlib.sha256(resolved.casefold().encode("utf-8")).hexdigest()[:20]


def lock_path(db_path: Path) -> Path:
    return data_dir() / "locks" / f"{instance_key(db_path)}.lock"


def server_name(db_path: Path) -> str:
    return f"kbpp-{instance_key(db_path)}"


class SingleInstance(QObject):
    """Holds the lock of one database while the app runs and receives files from later starts."""

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        path = lock_path(self.db_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(path))
        # Never stale by age (a session can last all day); stale only when its process is gone.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._on_files: FilesReceived | None = None

    def acquire(self) -> bool:
        """True when this is the only KBPP on the database (a dead holder's lock is taken over)."""
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False  # tryLock already took over a lock whose process is gone
        log.warning("Cannot create the lock file %s: %s", self._lock.fileName(), self._lock.error())
        return True  # an unwritable data folder must not stop the app; the lock is advisory

    def listen(self, on_files: FilesReceived) -> None:
        """Accept files sent by later starts; `on_files` runs on the UI thread."""
        self._on_files = on_files
        name = server_name(self.db_path)
        QLocalServer.removeServer(name)  # a crashed instance may have left its socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            log.warning("Cannot listen for other KBPP starts on %s: %s", name, server.errorString())
            return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            paths = [Path(p) for p in json.loads(line.decode("utf-8"))]
        except (ValueError, TypeError):
            log.warning("Ignoring a malformed message from another KBPP start: %r", line[:200])
            socket.disconnectFromServer()
            return
        socket.write(ACK)
        socket.flush()
        if self._on_files is not None:
            self._on_files(paths)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()


def send_to_running(db_path: Path, files: list[Path]) -> bool:
    """Hand `files` (maybe none: then it only raises its window) to the KBPP already running."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    payload = json.dumps([str(Path(f).resolve()) for f in files]).encode("utf-8") + b"\n"
    socket.write(payload)
    if not socket.waitForBytesWritten(WRITE_MS):
        return False
    answered = socket.waitForReadyRead(READ_MS) and bytes(socket.readAll().data()) == ACK
    socket.disconnectFromServer()
    return answered
