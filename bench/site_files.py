"""The file system's share of writing the site: what its layout costs per place, alone.

Each place of the site is a folder (`lieux/ID/`), a page in it, a JSON file
(`api/places/ID.json`) and a badge link per college. This writes that layout for
N places under DIR (sizes as the bench places' files) and prints the system time
per place, so that two file systems (ext4 and tmpfs) or a fresh folder and one
written just after a deletion can be compared:

    python bench/site_files.py /tmp/layout-a 2000
    python bench/site_files.py /dev/shm/layout-b 2000
    python bench/site_files.py /tmp/layout-a 2000 --after-deleting

See docs/performance.md (the site, ninth look).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time

PAGE = b"x" * 16_000
DOCUMENT = b"y" * 7_000


def _put(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def write_layout(root: str, places: int) -> None:
    for sub in ("lieux", "api", "badges"):
        os.makedirs(f"{root}/{sub}")
    _put(f"{root}/shared.svg", b"<svg/>")
    for i in range(places):
        folder = f"{root}/lieux/p{i:06d}"
        os.mkdir(folder)
        _put(f"{folder}/index.html", PAGE)
        _put(f"{root}/api/p{i:06d}.json", DOCUMENT)
        for college in ("a", "b"):
            os.link(f"{root}/shared.svg", f"{root}/badges/p{i:06d}-{college}.svg")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder that does not exist yet")
    parser.add_argument("places", type=int)
    parser.add_argument(
        "--after-deleting",
        action="store_true",
        help="write the layout once, delete it, then measure a second one",
    )
    args = parser.parse_args()
    if args.after_deleting:
        write_layout(args.folder, args.places)
        shutil.rmtree(args.folder)
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    write_layout(args.folder, args.places)
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - start
    system = after.ru_stime - before.ru_stime
    print(
        f"{args.places} places: wall {wall:.3f} s, user {after.ru_utime - before.ru_utime:.3f} s, "
        f"system {system:.3f} s, {1e6 * system / args.places:.0f} µs of system time per place"
    )
    shutil.rmtree(args.folder)


if __name__ == "__main__":
    main()
