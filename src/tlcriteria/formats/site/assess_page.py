"""The site's « S'auto-évaluer » page: the questionnaire in the browser, run by the engine itself.

`auto-evaluation/index.html` loads Pyodide (vendored under
`assets/vendor/pyodide/`), unpacks `auto-evaluation/tlcriteria.zip` (see
bundle.py) and drives `tlcriteria.browser` from `assets/assess.js`. Nothing
is fetched from outside the site and nothing leaves the member's computer:
the place file is downloaded, answers are kept in the browser's local
storage. Without JavaScript or WebAssembly the page says how to use
`tlcriteria assess` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ...i18n import _, current_language
from ...network import Network
from ..html import esc, script_json
from .bundle import build_bundle
from .layout import SiteInfo, page

FOLDER = "auto-evaluation"
BUNDLE = "tlcriteria.zip"


def page_texts() -> dict[str, str]:
    """The words the page's script shows, in the site's language."""
    return {
        "loading": _("Loading the assessment engine (a few seconds the first time)…"),
        "ready": _("Ready: your answers are kept in this browser as you go."),
        "failed": _("The assessment engine could not start: {error}"),
        "broken": _(
            "The assessment engine failed: {error}. The answers given before are kept in this browser."
        ),
        "colleges": _("Colleges of the place"),
        "na": _("Not applicable"),
        "justification": _("Justification (what shows it, in a few words)"),
        "url": _("Link to a proof (a web address)"),
        "help": _("Help: {text}"),
        "theme": _("Theme: {theme}"),
        "must": _("required for the grade"),
        "grade": _("Grade: {grade}"),
        "percent": _("{percent}%"),  # French puts a space before the sign, English none
        "unrated": _("not rated"),
        "advising": _("Working out the advice…"),
        "none": _("Choose at least one college to see the questions."),
        "download": _("Download the place file"),
        "incomplete": _("Give the place's name, town and stage to download the file."),
        "opened": _("{name} opened: its answers are in the form."),
        "future": _("Announced, not scored yet: {titles}"),
        "saved": _("Answer kept."),
        "cleared": _("Everything was cleared."),
        "confirm": _("Clear every answer kept in this browser?"),
        "question": _("Question {number} / {total}"),
    }


def _fields(rows: tuple[tuple[str, str, str], ...]) -> str:
    """Labelled identity fields, each with the place of its refusal and of its note."""
    return "".join(
        f'<div class="field"><label for="f-{key}">{esc(label)}</label>{control}{_said(key)}</div>'
        for key, label, control in rows
    )


def _said(key: str) -> str:
    return (
        f'<p class="error" id="f-{key}-error" role="alert"></p>'
        f'<p class="note" id="f-{key}-note" role="status"></p>'
    )


def _words(key: str, legend: str, own: str) -> str:
    """A list of the identity card: the network's usual words as check boxes (drawn by assess.js
    from the state), and a field for the place's own words."""
    return (
        f'<fieldset class="words" id="f-{key}" data-words="{key}" aria-describedby="f-{key}-error">'
        f"<legend>{esc(legend)}</legend>"
        f'<div class="word-list" id="f-{key}-usual"></div>'
        f'<div class="field"><label for="f-{key}-own">{esc(own)}</label>'
        f'<input type="text" id="f-{key}-own" autocomplete="off"></div>{_said(key)}</fieldset>'
    )


def assess_page(info: SiteInfo) -> str:
    stages = (("existing", _("existing")), ("creating", _("being created")), ("project", _("project")))
    identity = _fields(
        (
            ("name", _("Name of the place"), _input("name", "text", True)),
            ("id", _("Identifier (lowercase letters, digits and dashes)"), _input("id", "text")),
            ("town", _("Town"), _input("town", "text", True)),
            (
                "stage",
                _("Stage of the place"),
                '<select id="f-stage" data-field="stage" required aria-describedby="f-stage-error">'
                '<option value=""></option>'
                + "".join(f'<option value="{k}">{esc(v)}</option>' for k, v in stages)
                + "</select>",
            ),
            (
                "coords",
                _("Coordinates for the map, optional (latitude, longitude, e.g. 49.18, -0.37)"),
                _input("coords", "text"),
            ),
            ("website", _("Website, optional"), _input("website", "url")),
            ("contact-name", _("Contact person (private: never published)"), _input("contact-name", "text")),
            (
                "contact-email",
                _("Contact email (private: never published)"),
                _input("contact-email", "email"),
            ),
        )
    )
    card = (
        _fields(
            (
                (
                    "description",
                    _("Description: a few sentences presenting the place, optional"),
                    '<textarea id="f-description" data-field="description" rows="3" '
                    'aria-describedby="f-description-error"></textarea>',
                ),
            )
        )
        + _words(
            "publics", _("Publics the place welcomes, optional"), _("Other publics, separated by commas")
        )
        + _words(
            "services", _("Services the place offers, optional"), _("Other services, separated by commas")
        )
        + _fields(
            (
                (
                    "opening_hours",
                    _("Opening hours, optional (e.g. Tuesday to Saturday, 9 am to 6 pm)"),
                    _input("opening_hours", "text"),
                ),
            )
        )
    )
    command = "tlcriteria assess"
    without = esc(
        _(
            "This page needs JavaScript and WebAssembly. Without them, answer the same questions "
            "in a terminal with {command} (see the network's guide), then send the place file it writes."
        ).format(command=command)
    )
    # The page cannot know whether the network publishes with --require-signature: it says so.
    sign = esc(_("tlcriteria sign PLACE-FILE.toml --key ~/.ssh/YOUR-KEY"))
    signing = esc(
        _(
            "If your network requires signed place files, an unsigned file is left out of its "
            "publication: before sending the file, sign it with your place’s SSH key, in a terminal: "
            "{command} (and send the .sig file it writes beside it). This page cannot sign, nor "
            "know whether your network requires it: ask its coordination."
        )
    ).replace("{command}", f"<code>{sign}</code>")
    body = (
        f"<h1>{esc(_('Self-assessment'))}</h1>"
        f'<p class="description">{esc(_("Answer the criteria of your college: the grade and the advice to raise it are worked out as you answer, by the same engine as the network’s ratings, in this browser. Nothing is sent anywhere: download the place file at the end and send it to the network."))}</p>'
        f'<p class="notice" id="assess-signing">{signing}</p>'
        f'<noscript><p class="notice">{without}</p></noscript>'
        f'<p class="notice" id="assess-unsupported" hidden>{without}</p>'
        f'<p id="assess-status" role="status" aria-live="polite"></p>'
        f'<div id="assess" class="assess" hidden>'
        f'<section class="assess-file" aria-labelledby="file-title"><h2 id="file-title">{esc(_("The place file"))}</h2>'
        f'<div class="field"><label for="open-file">{esc(_("Resume from a place file"))}</label>'
        f'<input type="file" id="open-file" accept=".toml,text/plain" aria-describedby="open-file-error">'
        f'<p class="error" id="open-file-error" role="alert"></p></div>'
        f'<p><button type="button" id="download" disabled>{esc(_("Download the place file"))}</button> '
        f'<span id="download-note"></span></p>'
        f'<p><button type="button" id="clear">{esc(_("Start again"))}</button></p></section>'
        f'<form id="assess-form" novalidate>'
        f'<fieldset class="identity"><legend>{esc(_("The place"))}</legend>{identity}</fieldset>'
        f'<fieldset class="card"><legend>{esc(_("Identity card (public: shown on the network’s site)"))}</legend>'
        f"{card}</fieldset>"
        f'<fieldset id="colleges" class="colleges" aria-describedby="f-colleges-error"><legend>{esc(_("Colleges of the place"))}</legend>'
        f'<div id="college-list"></div><p class="error" id="f-colleges-error" role="alert"></p></fieldset>'
        f'<p id="future" class="meta"></p>'
        f'<div id="questions"></div></form>'
        f'<section id="result" class="result" aria-labelledby="result-title" aria-live="polite">'
        f'<h2 id="result-title">{esc(_("Rating and advice"))}</h2><div id="ratings"></div></section>'
        f"</div>"
    )
    return page(
        info,
        title=_("Self-assessment"),
        root="../",
        body=body,
        current="assess",
        scripts=(f"{FOLDER}/assess-data.js", "assets/assess.js"),
        styles=("assets/assess.css",),
    )


def _input(key: str, kind: str, required: bool = False) -> str:
    need = " required" if required else ""
    return (
        f'<input type="{kind}" id="f-{key}" data-field="{key}"{need} '
        f'aria-describedby="f-{key}-error" autocomplete="off">'
    )


def assess_data(options: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "language": current_language(),
        "bundle": BUNDLE,
        "pyodide": "../assets/vendor/pyodide/",
        "worker": "../assets/assess-worker.js",
        "storage": "tlcriteria-assess:" + str(options.get("network") or options.get("title") or ""),
        "text": page_texts(),
    }


def write_assess_page(
    folder: Path, info: SiteInfo, options: Mapping[str, Any], warn: Callable[[str], None]
) -> None:
    """The page, its data and the bundle of Python it runs."""
    from ...registry import build_registry

    registry = options.get("registry") or build_registry()
    network = options.get("network_file")
    bundle = build_bundle(
        registry, options.get("catalogue"), network if isinstance(network, Network) else None
    )
    for notice in bundle.notices:
        warn(notice)
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    (target / BUNDLE).write_bytes(bundle.data)
    (target / "index.html").write_text(assess_page(info), encoding="utf-8")
    (target / "assess-data.js").write_text(
        "window.TL_ASSESS=" + script_json(assess_data(options)) + ";\n", encoding="utf-8"
    )
