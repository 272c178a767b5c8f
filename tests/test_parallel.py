"""`score` on several cores gives the same output, problems and warnings as on one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tlcriteria import parallel
from tlcriteria.cli import main
from tlcriteria.formats.json_format import JsonFormat, reference_dumps
from tlcriteria.interfaces import RenderContext
from tlcriteria.place_loading import load_places, rate_places
from tlcriteria.rating_record import rating_record
from tlcriteria.registry import build_registry

from .conftest import EXAMPLES, builtins_only_env
from .locking import held_by_another_process


def many_places(folder: Path, count: int = 40) -> Path:
    """`count` places made from the worked examples, under several sub-folders."""
    sources = sorted((EXAMPLES / "places").glob("*.toml"))
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        source_id = sources[i % len(sources)].stem
        sub = folder / f"g{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        # Ids not in file order, so the merged output must really be sorted.
        (sub / f"p{i:03d}.toml").write_text(
            text.replace(f'"{source_id}"', f'"{source_id}-{(i * 7) % 40:02d}"')
        )
    return folder


def run(runner, monkeypatch, workers: int, *args: str):
    monkeypatch.setenv(parallel.WORKERS_ENV, str(workers))
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PLACES", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)


def both(runner, monkeypatch, *args: str):
    one = run(runner, monkeypatch, 1, *args)
    two = run(runner, monkeypatch, 2, *args)
    return one, two


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_pool_output_is_byte_identical(tmp_path, runner, monkeypatch, small_pool, fmt):
    places = many_places(tmp_path / "places")
    args = ("score", str(places), "--criteria", str(EXAMPLES / "criteria"), "--format", fmt)
    one, two = both(runner, monkeypatch, *args)
    assert one[0] == 0
    assert one == two
    from tlcriteria.freshness import today
    from tlcriteria.trust import annotate

    registry = build_registry()
    loaded = load_places(registry, [places], [EXAMPLES / "criteria"])
    ratings = annotate(rate_places(loaded.places, loaded.catalogue, registry), today())
    assert one[1] == registry.formats[fmt].render(RenderContext(tuple(ratings), loaded.places))
    assert len(ratings) > 40


def test_pool_with_set_option_and_unknown_set(tmp_path, runner, monkeypatch, small_pool):
    places = many_places(tmp_path / "places")
    base = ("score", str(places), "--criteria", str(EXAMPLES / "criteria"), "--format", "json")
    one, two = both(runner, monkeypatch, *base, "--set", "tiers-lieu")
    assert one[0] == 0 and one == two
    one, two = both(runner, monkeypatch, *base, "--set", "comuns")
    assert one[0] == 1 and one == two
    assert "unknown criteria set" in one[2]


def test_score_with_a_colleges_set_is_rated_in_slices_as_on_the_whole_path(
    tmp_path, runner, monkeypatch, small_pool
):
    """`score --set fablab` takes the slices (and every core): the places of college fablab only,
    the others named in one notice, as the whole path (a table, or with --signers) does."""
    from tlcriteria.freshness import today
    from tlcriteria.place_loading import rates_place
    from tlcriteria.trust import annotate

    places = many_places(tmp_path / "places")
    criteria = str(EXAMPLES / "criteria")
    pooled = []
    real_run = parallel.run

    def spy(*args, **kwargs):
        pooled.append(True)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)
    args = ("score", str(places), "--criteria", criteria, "--format", "json", "--set", "fablab")
    one, two = both(runner, monkeypatch, *args)
    assert pooled and one[0] == 0 and one == two
    registry = build_registry()
    loaded = load_places(registry, [places], [criteria], by_college=False)
    rules = loaded.catalogue.sets["fablab"]
    kept = [p for p in loaded.places if rates_place(rules, p)]
    outside = sorted(p.id for p in loaded.places if not rates_place(rules, p))
    assert kept and outside
    ratings = annotate(rate_places(kept, loaded.catalogue, registry, "fablab"), today())
    assert one[1] == registry.formats["json"].render(RenderContext(tuple(ratings), tuple(kept)))
    said = " ".join(one[2].split())
    assert f"{len(outside)} places are not in college 'fablab', the only one set 'fablab' rates" in said
    assert ", ".join(outside[:3]) in said
    # The table takes the whole path: the same notice.
    table = run(runner, monkeypatch, 2, *args[:4], "--set", "fablab")
    assert table[0] == 0 and " ".join(table[2].split()) == said


def test_pool_reports_the_same_problems_in_the_same_order(tmp_path, runner, monkeypatch, small_pool):
    places = many_places(tmp_path / "places")
    # A duplicate id in a later slice, a bad answer, a criteria set among the places,
    # malformed TOML, and an unknown college (a warning).
    first = (places / "g0" / "p000.toml").read_text()
    (places / "g2" / "zz-duplicate.toml").write_text(first)
    bad = places / "g1" / "p001.toml"
    bad.write_text(bad.read_text().replace('fab-acces = "libre"', 'fab-acces = "gratuit"'))
    (places / "g1" / "set.toml").write_text((EXAMPLES / "criteria" / "communs.toml").read_text())
    (places / "g0" / "broken.toml").write_text("[place\nid = 1\n")
    college = places / "g2" / "p002.toml"
    college.write_text(
        college.read_text().replace('colleges = ["tiers-lieu"]', 'colleges = ["tiers-lieu", "cowork"]')
    )
    args = ("score", str(places), "--criteria", str(EXAMPLES / "criteria"), "--format", "json")
    one, two = both(runner, monkeypatch, *args)
    assert one[0] == 1
    assert one == two
    for expected in ("is also used by", "gratuit", "is not a place file", "malformed TOML"):
        assert expected in one[2]
    # Only the warning: the places are rated, identically.
    (places / "g2" / "zz-duplicate.toml").unlink()
    bad.write_text(bad.read_text().replace('"gratuit"', '"libre"'))
    (places / "g1" / "set.toml").unlink()
    (places / "g0" / "broken.toml").unlink()
    one, two = both(runner, monkeypatch, *args)
    assert one[0] == 0 and one == two
    assert "cowork" in one[2]


def test_table_format_does_not_use_the_pool(tmp_path, runner, monkeypatch, small_pool):
    places = many_places(tmp_path / "places")
    one, two = both(runner, monkeypatch, "score", str(places), "--criteria", str(EXAMPLES / "criteria"))
    assert one[0] == 0 and one == two


def test_json_fragments_assemble_to_the_render(registry):
    loaded = load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])
    ratings = tuple(rate_places(loaded.places, loaded.catalogue, registry))
    fmt = JsonFormat()
    expected = reference_dumps([rating_record(r) for r in ratings])
    assert fmt.assemble(fmt.fragments(ratings)) == expected
    assert fmt.render(RenderContext(ratings, loaded.places)) == expected
    assert fmt.assemble([]) == fmt.render(RenderContext(())) == reference_dumps([])
    header = {"sets": ["communs"], "date": "2026-11-29"}
    assert fmt.render(RenderContext(ratings, header=header)) == reference_dumps(
        {"header": header, "ratings": [rating_record(r) for r in ratings]}
    )


@pytest.mark.parametrize("assessed", [False, True])
@pytest.mark.parametrize("fmt", ["md", "mediawiki", "csv", "json", "geojson", "html"])
def test_streamed_publication_is_the_rendered_one(tmp_path, runner, monkeypatch, small_pool, fmt, assessed):
    """`publish` rates in the pool and writes piece by piece: the bytes `render` gives at once.

    With `assessed`, one place (in one slice) carries its assessment date: the freshness
    column then shows for every row, which no slice knows alone.
    """
    import datetime as dt

    from tlcriteria.publish import collect, header
    from tlcriteria.registry import build_registry
    from tlcriteria.trust import annotate

    places = many_places(tmp_path / "places")
    if assessed:
        one = places / "g1" / "p031.toml"
        one.write_text(one.read_text().replace("[place]\n", "[place]\nassessed = 2024-01-15\n", 1))
    criteria = str(EXAMPLES / "criteria")
    registry = build_registry()
    loaded = load_places(registry, [places], [criteria])
    rated = annotate(rate_places(loaded.places, loaded.catalogue, registry), dt.date(2026, 11, 29))
    ratings, rows = collect(rated, registry.kinds)
    warnings: list[str] = []
    context = RenderContext(
        tuple(ratings),
        loaded.places,
        header=header(ratings, "2026-11-29"),
        options={"rows": tuple(rows), "csv_dialect": "fr", "date": "2026-11-29", "title": None},
        warn=warnings.append,
    )
    expected = registry.formats[fmt].render(context)
    args = ("publish", str(places), "--criteria", criteria, "-f", fmt, "--date", "2026-11-29")
    for workers in (1, 2):
        code, out, err = run(runner, monkeypatch, workers, *args, "--csv-dialect", "fr")
        assert code == 0, err
        assert out == expected.replace("\r\n", "\n")  # as click's runner shows stdout
        assert all(w in err for w in warnings)
        target = tmp_path / f"out-{workers}.{fmt}"
        code, out, err = run(runner, monkeypatch, workers, *args, "--csv-dialect", "fr", "-o", str(target))
        assert code == 0 and out == "" and target.read_bytes().decode("utf-8") == expected


def test_a_failed_stream_leaves_the_old_output_whole(tmp_path, runner, monkeypatch, small_pool):
    from tlcriteria.formats.markdown import MarkdownFormat

    places = many_places(tmp_path / "places")
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")

    def broken(self, pieces, summary, context, write):
        write("half")
        raise RuntimeError("boom")

    monkeypatch.setattr(MarkdownFormat, "publish_stream", broken)
    code, _out, err = run(
        runner,
        monkeypatch,
        2,
        "publish",
        str(places),
        "--criteria",
        str(EXAMPLES / "criteria"),
        "-o",
        str(target),
    )
    assert code == 1 and "boom" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def told(stderr: str) -> list[str]:
    """What a command says of the files, one line each, without its own closing line."""
    return [line for line in stderr.splitlines() if not line.startswith("tlcriteria")]


@pytest.mark.parametrize(("lang", "line"), [("en", "line"), ("fr", "ligne")])
def test_pool_names_a_repeated_id_at_its_line_as_check_does(
    tmp_path, runner, monkeypatch, small_pool, lang, line
):
    places = many_places(tmp_path / "places")
    first = places / "g0" / "p000.toml"
    text = first.read_text()
    id_line = next(n for n, written in enumerate(text.splitlines(), 1) if written.startswith("id ="))
    # Its copy is read in the last slice, by another worker, its id two lines lower.
    copy = places / "g2" / "zz-copy.toml"
    copy.write_text("# a copy\n# of p000\n" + text)
    criteria = ("--criteria", str(EXAMPLES / "criteria"))
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    streamed = runner.invoke(main, ["--lang", lang, "score", str(places), *criteria, "--format", "json"])
    whole = runner.invoke(main, ["--lang", lang, "score", str(places), *criteria, "--format", "summary"])
    checked = runner.invoke(main, ["--lang", lang, "check", str(places), *criteria])
    assert streamed.exit_code == whole.exit_code == checked.exit_code == 1
    assert f"{first}: {line} {id_line}, [place] id: " in streamed.stderr
    assert f"{copy}: {line} {id_line + 2}, [place] id: " in streamed.stderr
    assert told(streamed.stderr) == told(whole.stderr)
    assert sorted(told(streamed.stderr)) == sorted(told(checked.stderr))


@pytest.mark.parametrize("workers", [1, 2])
def test_site_from_the_pool_names_a_repeated_id_as_check_does(
    tmp_path, runner, monkeypatch, small_pool, workers
):
    """Both files of a repeated id would write the same place's pages in the pool: the site is
    written whole instead, leaving both out and naming them as check does (it said « cannot
    write: File exists »)."""
    places = many_places(tmp_path / "places")
    (places / "g2" / "zz-copy.toml").write_text((places / "g0" / "p000.toml").read_text())
    criteria = ("--criteria", str(EXAMPLES / "criteria"))
    site = tmp_path / "site"
    code, _out, err = run(
        runner,
        monkeypatch,
        workers,
        "publish",
        str(places),
        *criteria,
        "-f",
        "site",
        "--date",
        "2026-12-01",
        "-o",
        str(site),
    )
    checked = runner.invoke(main, ["check", str(places), *criteria])
    assert code == checked.exit_code == 1
    assert "File exists" not in err
    repeated = [line for line in told(err) if "[place] id" in line]
    assert len(repeated) == 2 and repeated == told(checked.stderr)
    assert (site / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended: only its exit status waits to be read


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the processes from /proc")
def test_the_workers_end_when_the_command_is_killed_outright(tmp_path):
    """`kill -9` of the command: its workers end too, instead of waiting for work for ever with
    their memory and the output's work folder held."""
    places = tmp_path / "lieux"
    places.mkdir()
    sources = sorted((EXAMPLES / "places").glob("*.toml"))
    for i in range(3000):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8").replace(f'"{source.stem}"', f'"{source.stem}-{i:04d}"')
        (places / f"p{i:04d}.toml").write_text(text, encoding="utf-8")
    argv = ["score", str(places), "--criteria", str(EXAMPLES / "criteria"), "-f", "json"]
    with subprocess.Popen(
        [sys.executable, "-m", "tlcriteria.cli", *argv, "-o", str(tmp_path / "notes.json")],
        env={**os.environ, **builtins_only_env(), parallel.WORKERS_ENV: "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as command:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and command.poll() is None and time.monotonic() < deadline:
            workers = _children(command.pid)
            time.sleep(0.02)
        assert len(workers) >= 2, "the pool started"
        command.kill()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)


@pytest.mark.skipif(sys.platform == "win32", reason="folders are locked with flock")
def test_the_spool_a_killed_run_left_is_removed_by_the_next(tmp_path, runner, monkeypatch, small_pool):
    """A run killed outright leaves its spool in the temporary folder (the pieces of all its
    places); the next run removes it, but not a spool whose run is going on (locked) or has
    just begun (made a moment ago)."""
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    long_ago = time.time() - 3600
    left, going, starting = (
        scratch / f"{parallel.SPOOL_PREFIX}{name}" for name in ("left", "going", "starting")
    )
    for folder in (left, going, starting):
        folder.mkdir()
        (folder / "4242.spool").write_bytes(b"pieces")
    for folder in (left, going):
        os.utime(folder, (long_ago, long_ago))
    places = many_places(tmp_path / "lieux")
    with held_by_another_process(going):
        code, _out, _err = run(
            runner,
            monkeypatch,
            2,
            "score",
            str(places),
            "--criteria",
            str(EXAMPLES / "criteria"),
            "-f",
            "json",
        )
    assert code == 0
    assert not left.exists() and going.is_dir() and starting.is_dir()
    assert sorted(p.name for p in scratch.iterdir()) == sorted(
        p.name for p in (going, starting)
    )  # its own, gone
