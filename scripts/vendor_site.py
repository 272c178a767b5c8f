"""Re-vendor the site's JavaScript libraries from the npm registry, at pinned versions.

    python scripts/vendor_site.py          # fetch with `npm pack`, copy the files we ship
    python scripts/vendor_site.py --check  # only check the committed files' versions

Leaflet and leaflet.markercluster are shipped with the site (no CDN at run
time), and so is Pyodide (CPython in WebAssembly, for the self-assessment
page: only the files it loads at run time); axe-core only serves the browser
test. Each package's licence is copied beside its files, and VERSION records
the version and npm's integrity hash. Pyodide's npm package carries no licence
file: the text of its licence, the MPL 2.0, is taken from Debian's
/usr/share/common-licenses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_VENDOR = ROOT / "src" / "tlcriteria" / "formats" / "site" / "vendor"
TEST_VENDOR = ROOT / "tests" / "vendor"
#: Licence texts for packages whose npm tarball has none (package name → file).
LICENCE_TEXTS = {"pyodide": Path("/usr/share/common-licenses/MPL-2.0")}

#: package, version, destination, files to copy (path in the package → name in the destination).
PACKAGES = (
    (
        "leaflet",
        "1.9.4",
        SITE_VENDOR / "leaflet",
        {"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css", "LICENSE": "LICENSE"},
    ),
    (
        "leaflet.markercluster",
        "1.5.3",
        SITE_VENDOR / "leaflet.markercluster",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "LICENSE",
        },
    ),
    (
        "pyodide",
        "0.27.7",
        SITE_VENDOR / "pyodide",
        {
            "pyodide.js": "pyodide.js",
            "pyodide.asm.js": "pyodide.asm.js",
            "pyodide.asm.wasm": "pyodide.asm.wasm",
            "python_stdlib.zip": "python_stdlib.zip",
            "pyodide-lock.json": "pyodide-lock.json",
        },
    ),
    (
        "axe-core",
        "4.11.0",
        TEST_VENDOR / "axe-core",
        {"axe.min.js": "axe.min.js", "LICENSE": "LICENSE"},
    ),
)


def committed_version(destination: Path) -> str | None:
    marker = destination / "VERSION"
    if not marker.exists():
        return None
    return marker.read_text(encoding="utf-8").split()[1]


def check() -> list[str]:
    problems = []
    for name, version, destination, wanted in PACKAGES:
        found = committed_version(destination)
        if found != version:
            problems.append(f"{destination}: {name} {found} is vendored, {version} is pinned")
        problems += [
            f"{destination / target}: missing"
            for target in (*wanted.values(), "LICENSE")
            if not (destination / target).exists()
        ]
    return problems


def vendor() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, destination, wanted in PACKAGES:
            out = subprocess.run(
                ["npm", "pack", "--json", f"{name}@{version}"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            )
            info = json.loads(out.stdout)[0]
            with tarfile.open(Path(tmp) / info["filename"]) as archive:
                archive.extractall(Path(tmp) / name, filter="data")
            package = Path(tmp) / name / "package"
            declared = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
            if declared != version:
                sys.exit(f"{name}: npm gave {declared}, {version} is pinned")
            shutil.rmtree(destination, ignore_errors=True)
            destination.mkdir(parents=True)
            for source, target in wanted.items():
                shutil.copyfile(package / source, destination / target)
            if name in LICENCE_TEXTS:
                shutil.copyfile(LICENCE_TEXTS[name], destination / "LICENSE")
            (destination / "VERSION").write_text(f"{name} {version} {info['integrity']}\n", encoding="utf-8")
            print(f"{destination.relative_to(ROOT)}: {name} {version}")


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        vendor()
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
