"""The keys of criteria set files and place files (SPEC §2 and §4).

Answer kinds add their own criterion keys and rating schemes their own
`[[grades]]` keys; see `AnswerKind.fields` and `RatingScheme.grade_fields`.
"""

from __future__ import annotations

from .fields import Field
from .model import EVIDENCE, LEVELS, STAGES, STATUSES

SET_TOP_LEVEL = ("set", "criteria", "grades")
PLACE_TOP_LEVEL = ("place", "contact", "answers")

SET_FIELDS = (
    Field("id", "slug", "Identifiant du jeu de critères (minuscules, chiffres, tirets).", required=True),
    Field("title", "string", "Titre du jeu de critères.", required=True),
    Field("version", "string", "Version, inscrite dans chaque notation (ex. « 2026.1 »).", required=True),
    Field("college", "slug", "Le collège que ce jeu note (coworking, fablab, tiers-lieu…)."),
    Field(
        "extends",
        "array",
        "Jeux dont les critères actifs viennent en premier, dans l'ordre.",
        default=(),
        items="slug",
        unique_items=True,
    ),
    Field("scheme", "string", "Schéma de notation (« thresholds » par défaut).", default="thresholds"),
    Field("description", "string", "Présentation du jeu de critères."),
    Field("title_en", "string", "Titre en anglais (facultatif)."),
    Field("description_en", "string", "Présentation en anglais (facultatif)."),
)

CRITERION_FIELDS = (
    Field("id", "slug", "Identifiant du critère, unique dans tout le catalogue.", required=True),
    Field("title", "string", "Titre court du critère.", required=True),
    Field("question", "string", "La question posée au lieu.", required=True),
    Field("kind", "string", "Type de réponse : yes-no, scale, choice, multi, number…", required=True),
    Field("help", "string", "Aide pour répondre."),
    Field("theme", "slug", "Thème du critère (sous-totaux et planchers par thème)."),
    Field("level", "string", "Niveau d'exigence.", default="should", enum=LEVELS),
    Field("weight", "number", "Poids du critère (> 0).", default=1, exclusive_minimum=0),
    Field("na_allowed", "boolean", "Le lieu peut-il répondre « sans objet » ?", default=False),
    Field(
        "evidence", "string", "Justificatif demandé quand le crédit est > 0.", default="none", enum=EVIDENCE
    ),
    Field(
        "pass",
        "number",
        "Crédit à atteindre pour que le critère soit satisfait (0 < pass ≤ 1).",
        default=1,
        exclusive_minimum=0,
        maximum=1,
    ),
    Field(
        "status",
        "string",
        "Seuls les critères actifs sont notés ; « future » les annonce.",
        default="active",
        enum=STATUSES,
    ),
    Field("title_en", "string", "Titre en anglais (facultatif)."),
    Field("question_en", "string", "Question en anglais (facultatif)."),
    Field("help_en", "string", "Aide en anglais (facultatif)."),
)

CRITERION_TEXTS = ("title_en", "question_en", "help_en")

GRADE_BASE_FIELDS = (
    Field("grade", "string", "La note (A, B, C… ou un mot).", required=True),
    Field("label", "string", "Ce que la note veut dire pour les membres."),
    Field("description", "string", "Définition détaillée de la note."),
    Field("label_en", "string", "Libellé en anglais (facultatif)."),
    Field("description_en", "string", "Définition en anglais (facultatif)."),
)

PLACE_FIELDS = (
    Field("id", "slug", "Identifiant du lieu, unique dans le réseau.", required=True),
    Field("name", "string", "Nom du lieu.", required=True),
    Field("town", "string", "Commune.", required=True),
    Field("address", "string", "Adresse postale (facultatif)."),
    Field("lat", "number", "Latitude WGS84 (facultatif).", minimum=-90, maximum=90),
    Field("lon", "number", "Longitude WGS84 (facultatif).", minimum=-180, maximum=180),
    Field(
        "stage",
        "string",
        "existing (existant), creating (en création) ou project (en projet).",
        required=True,
        enum=STAGES,
    ),
    Field(
        "colleges",
        "array",
        "Collèges du lieu (au moins un).",
        required=True,
        items="slug",
        unique_items=True,
        min_items=1,
    ),
    Field("website", "string", "Site web (http:// ou https://)."),
    # The identity card (SPEC §10): public, shown on the network's site.
    Field("description", "string", "Présentation du lieu en quelques phrases (publique)."),
    Field(
        "publics",
        "array",
        "À quels publics le lieu s'adresse (textes courts, ex. « étudiants »).",
        items="string",
        unique_items=True,
    ),
    Field(
        "services",
        "array",
        "Services proposés (textes courts, ex. « impression 3D »).",
        items="string",
        unique_items=True,
    ),
    Field(
        "opening_hours", "string", "Horaires d'ouverture, en clair (ex. « du mardi au samedi, 9 h-18 h »)."
    ),
)

#: The longest entry of `publics` or `services`: a short text, as a filter shows it.
SHORT_TEXT_MAX = 60

CONTACT_FIELDS = (
    Field("name", "string", "Personne à contacter (privé, jamais publié)."),
    Field("email", "string", "Courriel (privé, jamais publié)."),
    Field("phone", "string", "Téléphone (privé, jamais publié)."),
)

ANSWER_FIELDS = (
    Field("value", "any", "La réponse."),
    Field("na", "boolean", "« Sans objet » (si le critère le permet)."),
    Field("justification", "string", "Justification de la réponse."),
    Field("url", "string", "Lien vers une preuve (http:// ou https://)."),
)
