"""`tlcriteria check`: validate criteria sets, place files, the network file and reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..i18n import _, ngettext
from .app import App, fail, pass_app, report
from .help import Translated
from .options import criteria_option

if TYPE_CHECKING:
    from ..reviews import Review


@click.command(cls=Translated)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@criteria_option
@click.option("--strict", is_flag=True, help="Warnings count as problems: exit status 1 when any is found.")
@click.option(
    "--against",
    metavar="OLD",
    help="Compare the sets with OLD (folder or git:REV[:PATH]; without PATH, the criteria folder, "
    "criteria/ by default) and warn when a change may lower a grade while the set's version is "
    "unchanged, or deletes a criterion or option that a given place answers.",
)
@pass_app
def check(
    app: App,
    paths: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    strict: bool,
    against: str | None,
) -> None:
    """Validate criteria sets, place files and the network file (folders are walked).

    Every problem of every file is reported, one line each:
    PATH: where: what is wrong (hint). Exit status 1 when any is found.
    Warnings (rules that work but will surprise, a place outside the
    network's area) do not change the exit status, unless --strict.

    Writes no file: problems and warnings go to the standard error, the
    summary to the standard output.

    \b
    Examples:
      tlcriteria check criteria
      tlcriteria check criteria lieux reseau.toml
      tlcriteria check --strict --against git:main:criteria criteria lieux
    """
    from ..catalogue_loading import load_catalogue
    from ..documents import by_file_and_line, read_files
    from ..network_file import network_files_near
    from ..place_checks import not_a_rule_file, place_key_lines, places_from, unsupported_answers

    registry = app.registry()
    reading = read_files(paths)
    docs = list(reading.documents)
    set_docs = [d for d in docs if d.kind == "set"]
    place_docs = [d for d in docs if d.kind == "place"]
    problems = [*reading.problems, *(not_a_rule_file(d) for d in docs if d.kind is None)]
    sets = load_catalogue(registry, criteria_dirs, reading)
    catalogue, found_in_sets, plugin_problems = sets.catalogue, sets.problems, sets.plugin_problems
    problems += found_in_sets
    valid = places_from(place_docs, catalogue, registry, by_college=True)
    places, warnings = valid.places, list(valid.warnings)
    if places:  # a plugin kind's mistake on an answer stops `check` as it stops `score`
        from ..answer_credits import run_answers

        run_answers(places, catalogue, registry.kinds)
    problems += valid.problems
    warnings += unsupported_answers(places, place_docs, catalogue, registry)  # score marks them !
    network_docs = [d for d in docs if d.kind == "network"]
    # The network file of places no network file given covers: beside them or one folder up, as
    # the questionnaire finds it (`network_file`: paths only, the file read once if found).
    near = network_files_near((d.path for d in place_docs), (d.path for d in network_docs))
    if network_docs or near:  # imported only then: without a network file there is nothing to check
        from ..network import (
            Whereabouts,
            location_warnings,
            network_in,
            networks_from,
            word_warnings,
            written_whereabouts,
        )

        networks, found = networks_from(network_docs)
        problems += found
        # A network file found near the places is not checked here (`check reseau.toml` does):
        # a broken one is left out.
        networks += [n for path in near if (n := network_in(path)) is not None]
        key_line = place_key_lines(place_docs)  # each warning at its key's line
        # Places left out (errors, a repeated id) are warned about too, as they write it: all in one run.
        rated = {p.path for p in places}
        located: list[Whereabouts] = [
            *places,
            *(written_whereabouts(d) for d in place_docs if d.path not in rated),
        ]
        warnings += location_warnings(located, networks, key_line) + word_warnings(
            located, networks, key_line
        )
    reviews: list[Review] = []  # what `check --against` rates the places with, as `score` does
    if any(d.kind == "review" for d in docs):
        from ..reviews import check_reviews, reviews_from

        reviews, found = reviews_from(docs)
        _reviewed, more = check_reviews(reviews, places, catalogue, documents=docs)
        problems += found + [p for p in more if p.is_error]
        warnings += [p for p in more if not p.is_error]
    app.print_notices(catalogue, plugin_problems)
    checked = {d.path for d in set_docs}
    # The sets' own errors hold their warnings back (a wrong rule cannot be judged); the places'
    # errors do not: every problem is told in one run.
    rules_ok = not any(p.is_error for p in found_in_sets)
    to_lint = [r for r in catalogue.sets.values() if r.set.path in checked]
    if rules_ok and to_lint:  # the linter (and the engine it uses) imported only for sets given
        from ..lint import lint_sets

        warnings += lint_sets(to_lint, registry.kinds, catalogue.sets, registry.schemes)
    if against is not None and rules_ok:
        from ..diff import version_warnings
        from ..errors import Stopped

        # Said even when places have errors: a deletion is often their cause.
        try:
            warnings += version_warnings(registry, against, catalogue, checked, places, place_docs, reviews)
        except Stopped as exc:
            report(exc.problems)
            fail(exc.message)
    # Notices (renamed ids, retired criteria) inform; they are not warnings, even with --strict.
    notices = [w for w in warnings if w.severity == "notice"]
    warnings = [w for w in warnings if w.severity != "notice"]
    errors = report(by_file_and_line(problems) + notices + warnings)
    if errors:
        fail(ngettext("{count} problem found", "{count} problems found", errors).format(count=errors))
    if place_docs and not set_docs:
        # The places were checked against sets from plugins or --criteria, which this command
        # did not lint: say how many, rather than « 0 criteria sets checked ».
        summary = _(
            "ok: {places} place file(s) checked against {sets} criteria set(s), no problem found"
        ).format(places=len(place_docs), sets=len(catalogue.sets))
    else:
        summary = _("ok: {sets} criteria set(s) and {places} place file(s) checked, no problem found").format(
            sets=len(set_docs), places=len(place_docs)
        )
    if warnings:
        count = ngettext("{count} warning", "{count} warnings", len(warnings)).format(count=len(warnings))
        if strict:
            fail(_("{count} found (--strict)").format(count=count))
        summary = _("{summary}; {count} (see above)").format(summary=summary, count=count)
    click.echo(summary)
