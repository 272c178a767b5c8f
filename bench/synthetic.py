"""Synthetic data for the benchmark: a 60-criterion catalogue and N place files.

Everything is drawn from a seeded `random.Random`, so the same N gives the
same files, byte for byte. The catalogue mixes the five built-in kinds
(yes-no, scale, choice, multi, number), themes, must/should/may levels,
evidence requirements, criteria that allow n/a and a few `future` ones; the
places answer in the short and the long form, leave some criteria unanswered,
answer n/a where it is allowed, and belong to one to three colleges.
"""

from __future__ import annotations

import random
from pathlib import Path

#: (set id, college, number of criteria); the college sets extend "communs".
SETS = (
    ("communs", None, 21),
    ("coworking", "coworking", 13),
    ("fablab", "fablab", 13),
    ("tiers-lieu", "tiers-lieu", 13),
)
COLLEGES = [college for _, college, _ in SETS if college]
KINDS = ("yes-no", "scale", "choice", "multi", "number")
THEMES = ("ouverture", "gouvernance", "activites", "reseau", "ecologie")
TOWNS = (
    "Caen",
    "Rouen",
    "Le Havre",
    "Cherbourg",
    "Évreux",
    "Alençon",
    "Saint-Lô",
    "Lisieux",
    "Dieppe",
)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def criteria_sets(rng: random.Random) -> dict[str, tuple[str, list[dict[str, object]]]]:
    """{set id: (TOML text, criteria descriptions)}; descriptions drive the answers."""
    out: dict[str, tuple[str, list[dict[str, object]]]] = {}
    number = 0
    for set_id, college, count in SETS:
        lines = [
            "[set]",
            f"id = {_q(set_id)}",
            f"title = {_q('Critères synthétiques ' + set_id)}",
            'version = "2026.1-bench"',
        ]
        if college:
            lines += [f"college = {_q(college)}", 'extends = ["communs"]']
        lines.append("")
        described: list[dict[str, object]] = []
        for i in range(count):
            number += 1
            kind = KINDS[(number + i) % len(KINDS)]
            cid = f"{set_id}-c{i + 1:02d}"
            level = rng.choice(("must", "should", "should", "may"))
            evidence = rng.choice(("none", "none", "none", "justification", "url"))
            na_allowed = rng.random() < 0.2
            status = "future" if rng.random() < 0.04 else "active"
            lines += [
                "[[criteria]]",
                f"id = {_q(cid)}",
                f"title = {_q(f'Critère {number}')}",
                f"question = {_q(f'Le lieu remplit-il la condition numéro {number} du réseau ?')}",
                f"theme = {_q(rng.choice(THEMES))}",
                f"level = {_q(level)}",
                f"weight = {rng.choice(('1', '2', '3', '0.5', '1.5'))}",
                f"kind = {_q(kind)}",
            ]
            if na_allowed:
                lines.append("na_allowed = true")
            if evidence != "none":
                lines.append(f"evidence = {_q(evidence)}")
            if status != "active":
                lines.append(f"status = {_q(status)}")
            desc: dict[str, object] = {
                "id": cid,
                "kind": kind,
                "na": na_allowed,
                "evidence": evidence,
            }
            if kind == "scale":
                lines += [
                    "min = 0",
                    "max = 4",
                    'labels = ["jamais", "rarement", "parfois", "souvent", "toujours"]',
                ]
                lines.append(f"pass = {rng.choice(('0.5', '0.75', '1'))}")
            elif kind in ("choice", "multi"):
                n = rng.randint(3, 5)
                options = [f"opt{k}" for k in range(1, n + 1)]
                lines.append("options = [")
                for k, option in enumerate(options):
                    credit = ("1", "0.5", "0.25", "0", "0.75")[k]
                    lines.append(
                        f"  {{ id = {_q(option)}, label = {_q(f'Option {k + 1}')}, credit = {credit} }},"
                    )
                lines.append("]")
                desc["options"] = options
            elif kind == "number":
                lines += [
                    'unit = "heures"',
                    "thresholds = [[1, 0.25], [10, 0.5], [20, 0.75], [35, 1]]",
                    "pass = 0.5",
                ]
            lines.append("")
            described.append(desc)
        lines += [
            "[[grades]]",
            'grade = "A"',
            'label = "Exemplaire"',
            "min_percent = 80",
            'require = "must"',
            "min_theme_percent = 50",
            "",
            "[[grades]]",
            'grade = "B"',
            "min_percent = 60",
            'require = "must"',
            "",
            "[[grades]]",
            'grade = "C"',
            "min_percent = 40",
            "",
            "[[grades]]",
            'grade = "D"',
            "",
        ]
        out[set_id] = ("\n".join(lines), described)
    return out


def _value(rng: random.Random, desc: dict[str, object]) -> str:
    kind = desc["kind"]
    if kind == "yes-no":
        return rng.choice(("true", "true", "false"))
    if kind == "scale":
        return str(rng.randint(0, 4))
    if kind == "choice":
        return _q(rng.choice(desc["options"]))  # type: ignore[arg-type]
    if kind == "multi":
        picked = rng.sample(desc["options"], rng.randint(0, 3))  # type: ignore[arg-type]
        return "[" + ", ".join(_q(p) for p in picked) + "]"
    # number: integers and decimals, read exactly
    return rng.choice((str(rng.randint(0, 50)), f"{rng.randint(0, 40)}.{rng.randint(0, 99):02d}"))


def place_text(rng: random.Random, index: int, sets: dict[str, tuple[str, list[dict[str, object]]]]) -> str:
    colleges = rng.sample(COLLEGES, rng.choice((1, 1, 2, 2, 3)))
    pid = f"lieu-{index:05d}"
    lines = [
        f"# Lieu synthétique n° {index} (benchmark)",
        "[place]",
        f"id = {_q(pid)}",
        f"name = {_q(f'Lieu numéro {index}')}",
        f"town = {_q(rng.choice(TOWNS))}",
        f"stage = {_q(rng.choice(('existing', 'existing', 'creating', 'project')))}",
        "colleges = [" + ", ".join(_q(c) for c in colleges) + "]",
    ]
    if rng.random() < 0.5:
        lines += [
            f"lat = 49.{rng.randint(0, 999999):06d}",
            f"lon = -0.{rng.randint(0, 999999):06d}",
        ]
    if rng.random() < 0.3:
        lines.append(f"website = {_q(f'https://lieu-{index}.example.org')}")
    lines += ["", "[contact]", f"email = {_q(f'contact{index}@example.org')}", "", "[answers]"]
    for set_id in ("communs", *colleges):
        for desc in sets[set_id][1]:
            roll = rng.random()
            if roll < 0.06:
                continue  # unanswered
            if desc["na"] and roll < 0.16:
                lines.append(f'{desc["id"]} = {{ na = true, justification = "Sans objet pour ce lieu" }}')
                continue
            value = _value(rng, desc)
            evidence = desc["evidence"]
            if evidence == "justification" and rng.random() < 0.8:
                lines.append(
                    f'{desc["id"]} = {{ value = {value}, justification = "Décidé en assemblée, compte rendu disponible" }}'
                )
            elif evidence == "url" and rng.random() < 0.8:
                lines.append(
                    f'{desc["id"]} = {{ value = {value}, url = "https://lieu-{index}.example.org/preuve" }}'
                )
            elif rng.random() < 0.15:
                lines.append(f"{desc['id']} = {{ value = {value} }}")
            else:
                lines.append(f"{desc['id']} = {value}")
    return "\n".join(lines) + "\n"


def generate(root: Path, places: int, seed: int = 2026) -> tuple[Path, Path]:
    """Write `root/criteria/*.toml` and `root/places/NNN/*.toml`; return both folders."""
    rng = random.Random(seed)
    criteria_dir = root / "criteria"
    places_dir = root / "places"
    criteria_dir.mkdir(parents=True, exist_ok=True)
    sets = criteria_sets(rng)
    for set_id, (text, _) in sets.items():
        (criteria_dir / f"{set_id}.toml").write_text(text, encoding="utf-8")
    for index in range(1, places + 1):
        folder = places_dir / f"{index // 1000:03d}"  # not one huge folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"lieu-{index:05d}.toml").write_text(place_text(rng, index, sets), encoding="utf-8")
    return criteria_dir, places_dir
