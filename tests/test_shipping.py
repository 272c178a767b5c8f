"""A plugin's set file: the copy inside its installed package, else the source checkout's."""

from __future__ import annotations

from pathlib import Path

from tlcriteria.shipping import shipped_set


def layout(root: Path) -> Path:
    """`plugins/<distribution>/src/<package>/__init__.py` under `root`, with `criteria/x.toml`."""
    package = root / "plugins" / "tlcriteria-x" / "src" / "tlcriteria_x"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (root / "criteria").mkdir()
    (root / "criteria" / "x.toml").write_text("[set]\n")
    return package


def test_the_copy_inside_the_package_wins(tmp_path: Path) -> None:
    package = layout(tmp_path)
    (package / "x.toml").write_text("[set] # packaged\n")
    found = shipped_set("tlcriteria_x", str(package / "__init__.py"), "x.toml")
    assert found == package / "x.toml" and found.read_text() == "[set] # packaged\n"


def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    package = layout(tmp_path)
    found = shipped_set("tlcriteria_x", str(package / "__init__.py"), "x.toml")
    assert Path(found) == (tmp_path / "criteria" / "x.toml").resolve()


def test_a_package_in_an_archive_is_read_through_importlib_resources(tmp_path, monkeypatch) -> None:
    import sys
    import zipfile

    archive = tmp_path / "plugin.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_x/__init__.py", "")
        zipped.writestr("zipped_x/x.toml", "[set] # zipped\n")
    monkeypatch.syspath_prepend(str(archive))
    import zipped_x

    try:
        found = shipped_set("zipped_x", zipped_x.__file__, "x.toml")
        assert found.read_text() == "[set] # zipped\n"
    finally:
        sys.modules.pop("zipped_x", None)
