"""Where the two sides of `tlcriteria diff` come from: a folder, or `git:REV[:PATH]`.

A revision's files are read with `git ls-tree` and `git show`; nothing is
ever checked out over the user's files.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ..documents import Document, document_from_bytes, read_documents
from ..errors import Problem
from ..i18n import _
from ..registry import Registry


class SourceError(Exception):
    """OLD or NEW cannot be read: one line for the user."""


def _git(args: Sequence[str], cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise SourceError(_("git is not installed; give folders instead of git:REV")) from exc


def criteria_folder(registry: Registry, top: str) -> str:
    """The folder of `git:REV` without a path: the one holding the catalogue's sets.

    In the working group's repository (or a source checkout) the plugins' set
    files are read from it; else it is `criteria/`. Never the whole repository,
    whose other `.toml` files (test fixtures, examples) are not the rules.
    """
    folders: dict[str, int] = {}
    root = PurePosixPath(top)
    for item in registry.set_files:
        if isinstance(item.resource, Path):
            try:
                relative = PurePosixPath(item.resource.resolve().parent.as_posix()).relative_to(root)
            except ValueError:
                continue
            folders[str(relative)] = folders.get(str(relative), 0) + 1
    return max(sorted(folders), key=lambda f: folders[f]) if folders else DEFAULT_CRITERIA


DEFAULT_CRITERIA = "criteria"


def git_documents(spec: str, registry: Registry | None = None) -> list[Document]:
    """The TOML files of `git:REV[:PATH]`, read from the repository without touching the work tree.

    Without PATH, the criteria folder (`criteria_folder`).
    """
    rev, _sep, path = spec[len("git:") :].partition(":")
    if not rev:
        raise SourceError(
            _(
                "{spec}: no revision given (write e.g. git:HEAD, git:HEAD~1:criteria, git:main:criteria)"
            ).format(spec=spec)
        )
    top = _git(["rev-parse", "--show-toplevel"])
    if top.returncode != 0:
        raise SourceError(
            _(
                "{spec}: the current folder is not inside a git repository "
                "(run tlcriteria diff from the working group's repository, or compare folders)"
            ).format(spec=spec)
        )
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).returncode != 0:
        raise SourceError(
            _("{spec}: unknown revision {rev!r} (see git log --oneline, or git branch -a)").format(
                spec=spec, rev=rev
            )
        )
    root = top.stdout.decode().strip()
    if not path:
        path = criteria_folder(registry, root) if registry is not None else DEFAULT_CRITERIA
    else:
        path = from_root(path, root)
        if path == ".." or path.startswith("../"):
            raise SourceError(_("{spec}: {path!r} is outside the repository").format(spec=spec, path=path))
    # Listed from the top of the repository, where `path` is (ls-tree reads it from the current folder).
    listing = _git(["ls-tree", "-r", "--full-name", "--name-only", rev, "--", path or "."], cwd=root)
    if listing.returncode != 0:
        raise SourceError(
            _("{spec}: git ls-tree failed: {error}").format(
                spec=spec, error=listing.stderr.decode(errors="replace").strip()
            )
        )
    names = [
        n
        for n in listing.stdout.decode("utf-8", errors="replace").splitlines()
        if n.endswith(".toml")
        and not any(p.startswith(".") for p in PurePosixPath(n).parts)
        and PurePosixPath(n).name != "pyproject.toml"
    ]
    if not names:
        raise SourceError(
            _(
                "{spec}: no .toml file under {path!r} at {rev} (PATH is read from the top of the "
                "repository, as git reads REV:PATH; write ./PATH for a path from the current folder)"
            ).format(spec=spec, path=path, rev=rev)
            if path
            else _("{spec}: no .toml file under the repository root at {rev}").format(spec=spec, rev=rev)
        )
    docs: list[Document] = []
    problems: list[Problem] = []
    for name in sorted(names):
        shown = _git(["show", f"{rev}:{name}"], cwd=root)
        display = f"{rev}:{name}"
        if shown.returncode != 0:
            raise SourceError(
                _("{path}: cannot be read from git: {error}").format(
                    path=display, error=shown.stderr.decode(errors="replace").strip()
                )
            )
        doc, found = document_from_bytes(shown.stdout, display)
        problems += found
        if doc is not None:
            docs.append(doc)
    if problems:
        raise SourceError("; ".join(str(p) for p in problems))
    return docs


def from_root(path: str, root: str) -> str:
    """PATH of `git:REV:PATH` from the top of the repository, as git reads `REV:PATH`:
    from the top, unless it starts with ./ or ../ (then from the current folder, as `REV:./PATH`)."""
    if path in (".", "..") or path.startswith(("./", "../")):
        path = os.path.relpath(os.path.join(os.path.realpath(os.getcwd()), path), os.path.realpath(root))
    posix = PurePosixPath(path.replace(os.sep, "/"))
    return "" if str(posix) == "." else str(posix)


def read_side(spec: str, registry: Registry | None = None) -> tuple[list[Document], list[Problem]]:
    if spec.startswith("git:"):
        return git_documents(spec, registry), []
    if not os.path.exists(spec):
        raise SourceError(
            _("{spec}: no such folder (give a folder of criteria sets or git:REV[:PATH])").format(spec=spec)
        )
    return read_documents([spec])
