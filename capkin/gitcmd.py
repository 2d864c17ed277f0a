"""The one way capkin runs git: a hardened environment and configuration for every call.

Every git process capkin starts goes through here, so none of them can prompt for a
password (a CI job would hang), take optional locks in a person's repository, speak a
locale whose messages capkin cannot recognise, or print paths quoted, signatures,
mailmapped names or text in another encoding into output capkin parses. History is read as
the commits hold it: `git replace` objects and a grafts file, which make git show other
parents or contents than the commits' own, are ignored; and no program the repository's
configuration names (hooks, an fsmonitor, the clean and smudge filters `.gitattributes`
assigns, e.g. when `git archive` writes a revision's tree) is started by capkin's calls.

The work tree is found with one `git rev-parse`; GitPython, used for that alone before,
cost ~45 ms to import per process against ~1.3 ms for the call, so it is not used.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import IO, Any

from capkin.errors import CapkinError

LINGKUNGAN = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "LC_ALL": "C",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_GRAFT_FILE": os.devnull,
}
"""Environment for git: never prompt, no optional locks, messages in the C locale, and the
commits as they are (no replace refs, no `info/grafts`)."""

KONFIGURASI = (
    "-c",
    "log.showSignature=false",
    "-c",
    "core.quotePath=false",
    "-c",
    "log.mailmap=false",
    "-c",
    "log.showRoot=true",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
    "-c",
    f"core.hooksPath={os.devnull}",
    "-c",
    "core.fsmonitor=false",
)
"""Configuration given to every git command, whatever the user's or repository's config."""


ENV_DASAR = "CAPKIN_DASAR"
"""A git revision on the main line (e.g. origin/main): the base of the change checked."""
ENV_GITHUB_BASE = "GITHUB_BASE_REF"
"""Set by GitHub Actions for pull requests: the base branch's name."""


def rev_dasar() -> str | None:
    """Return the base revision the environment names, None when none (`history.basis`)."""
    rev = os.environ.get(ENV_DASAR, "").strip()
    if rev:
        return rev
    github = os.environ.get(ENV_GITHUB_BASE, "").strip()
    return f"origin/{github}" if github else None


class GitGagal(CapkinError):
    """A git command failed unexpectedly."""


LETAK_REPO = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
"""Variables naming a repository, which git sets for its hooks (GIT_DIR in a linked worktree,
GIT_INDEX_FILE relative to the work tree): capkin finds the repository from the folder it
is given, so a hook running `capkin -C kantor validate` reads the right one."""


def lingkungan() -> dict[str, str]:
    """Return the process environment with capkin's git settings applied."""
    env = {k: v for k, v in os.environ.items() if k not in LETAK_REPO}
    return {**env, **LINGKUNGAN}


_TANPA_FILTER: dict[Path, tuple[str, ...]] = {}


def _tanpa_filter(cwd: Path) -> tuple[str, ...]:
    """Return the settings that turn off every content filter configured for `cwd`'s repository.

    A filter driver is a program the configuration names (`filter.<name>.clean`, `smudge`,
    `process`) and `.gitattributes` assigns to paths; emptied, git passes contents through.
    Read once per folder with one `git config` (a few milliseconds).
    """
    kunci = cwd.resolve()
    if kunci not in _TANPA_FILTER:
        try:
            hasil = subprocess.run(
                ["git", "config", "-z", "--name-only", "--get-regexp", r"^filter\..*\."],
                cwd=kunci,
                capture_output=True,
                env=lingkungan(),
                check=False,
            )
            nama = hasil.stdout.decode("utf-8", "surrogateescape").split("\x00")
        except OSError:
            nama = []
        driver = sorted({n.rsplit(".", 1)[0] for n in nama if n.startswith("filter.")})
        _TANPA_FILTER[kunci] = tuple(
            arg
            for d in driver
            for medan in ("clean=", "smudge=", "process=", "required=false")
            for arg in ("-c", f"{d}.{medan}")
        )
    return _TANPA_FILTER[kunci]


def perintah(*args: str, cwd: Path | None = None) -> list[str]:
    """Return the argument list that runs `git <args>` with capkin's configuration (in `cwd`:
    with that repository's content filters turned off too)."""
    return ["git", *KONFIGURASI, *(_tanpa_filter(cwd) if cwd is not None else ()), *args]


def git(
    cwd: Path, *args: str, masukan: bytes | None = None, detik: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `git <args>` in `cwd` and return the finished process; never raises on its exit code.

    With `detik`, a git that runs longer is killed and GitGagal raised (a network fetch).
    OSError (git not installed) is left to the caller.
    """
    try:
        return subprocess.run(
            perintah(*args, cwd=cwd),
            cwd=cwd,
            input=masukan,
            capture_output=True,
            env=lingkungan(),
            check=False,
            timeout=detik,
        )
    except subprocess.TimeoutExpired:
        raise GitGagal(f"git {args[0]}: waktu habis (lebih dari {detik:g} detik)") from None


def git_teks(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `git <args>` in `cwd` like `git`, with stdout and stderr decoded as text."""
    hasil = git(cwd, *args)
    return subprocess.CompletedProcess(
        hasil.args,
        hasil.returncode,
        hasil.stdout.decode("utf-8", "replace"),
        hasil.stderr.decode("utf-8", "replace"),
    )


def git_popen(
    cwd: Path,
    *args: str,
    stdin: int | IO[Any] | None = None,
    stdout: int | IO[Any] | None = subprocess.PIPE,
    stderr: int | IO[Any] | None = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """Start `git <args>` in `cwd` as a process to stream from (use it as a context manager)."""
    return subprocess.Popen(
        perintah(*args, cwd=cwd),
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env=lingkungan(),
    )


_BUKAN_WORKTREE = ("not a git repository", "must be run in a work tree")


def cari_worktree(root: Path) -> tuple[Path, bool] | None:
    """Return (work tree, shallow) of the repository holding `root`; None outside one.

    None too inside a bare repository or a `.git` folder, and when git is not installed:
    there is then no history to read. A repository git refuses to read (e.g. owned by
    someone else) raises GitGagal with git's reason.
    """
    try:
        hasil = git(root, "rev-parse", "--is-shallow-repository", "--show-toplevel")
    except OSError:
        return None
    if hasil.returncode != 0:
        pesan = hasil.stderr.decode("utf-8", "replace").strip()
        if any(s in pesan for s in _BUKAN_WORKTREE):
            return None
        raise GitGagal(f"repositori git di {root} tidak dapat dibaca: {pesan}")
    dangkal, _, worktree = hasil.stdout.decode("utf-8", "surrogateescape").partition("\n")
    return Path(worktree.removesuffix("\n")).resolve(), dangkal.strip() == "true"
