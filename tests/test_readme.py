"""The README's transcripts are what the program prints (issue 17).

`./dev.sh demo` is run as a newcomer runs it, and the questionnaire is
replayed with the answers typed in the README; their output must follow the
README's blocks, where a line `…` stands for one or more lines left out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
ELISION = "…"


def console_block(marker: str) -> list[str]:
    """The lines of the ```console block that follows the HTML comment `<!-- marker…`."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker}")
    body = text[text.index("```console\n", start) + len("```console\n") :]
    return body[: body.index("\n```")].split("\n")


def runs(block: list[str]) -> list[tuple[str, list[str]]]:
    """(command, expected output) for each `$ command` of a block."""
    found: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            found[-1][1].append(line)
    return [(command, trim(lines)) for command, lines in found]


def trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def assert_follows(expected: list[str], output: str) -> None:
    """`output` is `expected` line for line, a `…` line standing for one or more lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)+?" if line == ELISION else re.escape(line) + r"\n" for line in trim(expected)
    )
    actual = "\n".join(trim(output.split("\n"))) + "\n"
    assert re.fullmatch(pattern, actual), (
        "the README shows:\n" + "\n".join(expected) + "\n\nthe program prints:\n" + actual
    )


def test_the_matcher_needs_every_shown_line_in_order():
    assert_follows(["a", ELISION, "d"], "a\nb\nc\nd\n")
    for bad in ("a\nd\n", "a\nb\nc\nd\ne\n", "x\na\nb\nd\n", "a\nd\nb\n"):
        with pytest.raises(AssertionError):
            assert_follows(["a", ELISION, "d"], bad)


def french_env() -> dict[str, str]:
    """The environment of a newcomer: the program's default language, no tlcriteria settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TLCRITERIA_", "LC_")) and k not in ("LANG", "LANGUAGE")
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def test_dev_sh_demo_prints_what_the_readme_shows():
    block = console_block("demo")
    assert block[0] == "$ ./dev.sh demo"
    result = subprocess.run(
        ["bash", str(ROOT / "dev.sh"), "demo"],
        env=french_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert_follows(block[1:], result.stdout)


ASSESS_TYPED = [
    # First run: the identity, one refused answer, one accepted, then « quitter ».
    ["Le Hangar partagé", "", "Caen", "1", "3", *[""] * 8, "toutes", "1, 2, 3", "quitter"],
    # Resumed: the next question, a refused and an accepted number, then « quitter ».
    ["3", "quelques-unes", "2", "quitter"],
]


def test_the_assess_transcript_is_replayed_with_the_shipped_criteria(tmp_path):
    tlcriteria = Path(sys.executable).with_name("tlcriteria")
    (tmp_path / "places").mkdir()
    transcript = runs(console_block("assess"))
    assert [c for c, _ in transcript] == [
        "tlcriteria assess",
        "tlcriteria assess places/le-hangar-partage.toml",
    ]
    for (command, expected), typed in zip(transcript, ASSESS_TYPED, strict=True):
        result = subprocess.run(
            [str(tlcriteria), *command.split()[1:]],
            input="\n".join(typed) + "\n",
            cwd=tmp_path,
            env=french_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert_follows(expected, result.stdout)


def fresh_clone(target: Path) -> Path:
    """The checkout's files as `git clone` gives them (tracked and new ones, nothing ignored: no .venv)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
            (target / name).chmod(source.stat().st_mode)
    return target


@pytest.mark.slow
def test_from_a_fresh_clone_the_demo_sets_up_once_then_prints_the_readme(tmp_path):
    """The README's first command on a fresh clone: set-up, the README's output; then no set-up again."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = fresh_clone(tmp_path / "clone")
    assert not (clone / ".venv").exists()
    expected = console_block("demo")[1:]
    for attempt in ("first", "second"):
        result = subprocess.run(
            ["./dev.sh", "demo"], cwd=clone, env=french_env(), capture_output=True, text=True, timeout=1800
        )
        assert result.returncode == 0, result.stderr
        assert_follows(expected, result.stdout)
        setting_up = "dev.sh: setting up .venv" in result.stderr
        assert setting_up == (attempt == "first"), f"{attempt} run:\n{result.stderr}"
    # A changed dependency file (here: a plugin's pyproject.toml) sets up again.
    pyproject = clone / "plugins" / "tlcriteria-fablab" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    result = subprocess.run(
        ["./dev.sh", "demo"], cwd=clone, env=french_env(), capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0 and "dev.sh: setting up .venv" in result.stderr
