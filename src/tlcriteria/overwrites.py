"""What `-o` may not write over: the files and folders the command reads.

An output written over one of its own inputs (`score lieu.toml -o lieu.toml`)
would lose that input for good, and a folder output (the site) put in place of
a folder holding inputs would delete them. Each command names what it reads;
these checks compare the output with it as files (links followed, hard links
seen), before anything is read or written.

A folder given as input is read for its TOML files (not in hidden folders, as
`documents.toml_files` walks it) and their signatures (`FILE.toml.sig`): the
output may be any other file there (`lieux/index.md`), and a folder output
a new or empty folder or a site tlcriteria wrote, which the walk skips
(`output_mark`). The places' network file is compared with too, wherever it
lies (`network_file`: beside the places or one folder up). This module
stands in the base layer: it imports nothing of the program but i18n and
output_mark.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from .i18n import _
from .output_mark import is_marked

#: The names of the files read in a folder given as input: place, set and network files,
#: and the signatures beside them.
READ_IN_FOLDERS = (".toml", ".toml.sig")


def _real(path: str) -> str:
    return os.path.realpath(path)


def _inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _read_in(folder: str, path: str) -> bool:
    """Whether walking `folder` reads the file `path` (real paths, `path` inside `folder`)."""
    parts = os.path.relpath(path, folder).split(os.sep)
    return not any(part.startswith(".") for part in parts) and parts[-1].endswith(READ_IN_FOLDERS)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def file_output_problem(
    output: str, inputs: Iterable[str], *, writes_toml: bool = False, network_files: Iterable[str] = ()
) -> str | None:
    """Why the file `output` may not be written by a command reading `inputs` (files or
    folders), or None. `network_files`: the network files of the places read, refused as
    inputs are (one may lie one folder up, outside every folder given). Unless the output
    is TOML itself (`writes_toml`), an existing TOML file is refused too: place, set and
    network files are TOML, and no other output is.

    One `stat` per input (a shell's `lieux/*.toml` gives thousands): files are compared by
    what they are, which sees links, hard links and every spelling of a path."""
    target = _real(output)
    target_stat = _stat(output)
    if target_stat is not None and stat.S_ISDIR(target_stat.st_mode):  # said before anything is read
        return _(
            "{path}: is a folder, where -o names the file to write; nothing was written (give a file's name)"
        ).format(path=output)
    signed_stat = _stat(output.removesuffix(".sig")) if output.endswith(".sig") else None
    for given in inputs:
        found = _stat(given)
        if found is None:
            continue  # no such input: the command says so
        if stat.S_ISDIR(found.st_mode):
            real = _real(given)
            if target != real and _inside(target, real) and _read_in(real, target):
                return _(
                    "{path}: -o names a file this command reads in {folder}; nothing was written "
                    "(give another output file)"
                ).format(path=output, folder=given)
        elif target_stat is not None and os.path.samestat(target_stat, found):
            if os.path.normpath(given) == os.path.normpath(output):
                return _(
                    "{path}: -o names a file this command reads; nothing was written (give another output file)"
                ).format(path=output)
            return _(
                "{path}: -o names {input}, a file this command reads; nothing was written "
                "(give another output file)"
            ).format(path=output, input=given)
        elif signed_stat is not None and os.path.samestat(signed_stat, found):
            return _(
                "{path}: -o names the signature of {input}, a file this command reads; nothing was "
                "written (give another output file)"
            ).format(path=output, input=given)
    if target_stat is not None and any(
        (found := _stat(network)) is not None and os.path.samestat(target_stat, found)
        for network in network_files
    ):
        return _(
            "{path}: -o names the network file of the places this command reads; nothing was "
            "written (give another output file)"
        ).format(path=output)
    if not writes_toml and target.endswith(".toml") and target_stat is not None:
        return _(
            "{path}: is a TOML file (a place, criteria set or network file): -o does not write "
            "over it (give another output file)"
        ).format(path=output)
    return None


def folder_output_problem(
    output: str, inputs: Iterable[str], network_files: Iterable[str] = ()
) -> str | None:
    """Why the folder `output` may not be put in place by a command reading `inputs`, or None.

    It may not be nor hold an input, nor the places' network file (`network_files`). Inside
    a folder given (`publish . --format site -o public`), it may be new, empty, or a folder
    tlcriteria wrote (`output_mark`), which the walk does not read: replacing it loses no
    input. Any other folder there is refused now, before the command reads anything: it may
    hold files the walk reads, and `replace_folder` would refuse it at the end anyway."""
    target = _real(output)
    given = list(inputs)
    for path in given:
        if _inside(_real(path), target):
            return _(
                "{path}: the output folder holds {input}, which this command reads; nothing was "
                "written (give a folder outside the inputs)"
            ).format(path=output, input=path)
    for network in network_files:
        if _real(network) == target:
            return _(
                "{path}: -o names the network file of the places this command reads; nothing was "
                "written (give another output file)"
            ).format(path=output)
        if _inside(_real(network), target):
            return _(
                "{path}: the output folder holds {input}, the network file of the places this "
                "command reads; nothing was written (give a folder outside the inputs)"
            ).format(path=output, input=network)
    for path in given:
        real = _real(path)
        if os.path.isdir(real) and _inside(target, real):
            problem = _unwritten_folder_problem(output, target, real, path)
            if problem is not None:
                return problem
    return None


def _unwritten_folder_problem(output: str, target: str, folder: str, given: str) -> str | None:
    """Why `output`, inside the folder given `folder` (real paths: `target`, `folder`), may not
    be replaced: it exists and is not a folder tlcriteria wrote; or None."""
    if not os.path.lexists(target) or is_marked(target):
        return None
    if not os.path.isdir(target):
        if _read_in(folder, target):
            return _(
                "{path}: -o names a file this command reads in {folder}; nothing was written "
                "(give another output file)"
            ).format(path=output, folder=given)
        return None  # a file the walk does not read: refused as a file where a folder goes
    try:
        with os.scandir(target) as listing:
            if next(listing, None) is None:
                return None  # empty: nothing to lose
    except OSError:
        pass  # unreadable: not known to be empty
    return _(
        "{path}: the output folder is inside {input}, which this command reads, and holds files "
        "tlcriteria did not write; nothing was written (give a new or empty folder, or the "
        "folder of a site written before)"
    ).format(path=output, input=given)
