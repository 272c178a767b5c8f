"""The keys of criteria set files and place files (SPEC §2 and §4).

Answer kinds add their own criterion keys and rating schemes their own
`[[grades]]` keys; see `AnswerKind.fields` and `RatingScheme.grade_fields`.
"""

from __future__ import annotations

from .fields import Field
from .model import ACCEPT_UNMET, DEFAULT_SCHEME, EVIDENCE, INHERIT, LEVELS, NA_RULES, STAGES, STATUSES

SET_TOP_LEVEL = ("set", "criteria", "grades", "restate")
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
    Field(
        "scheme",
        "string",
        f"Schéma de notation (« {DEFAULT_SCHEME} » par défaut).",
        default=DEFAULT_SCHEME,
    ),
    Field("description", "string", "Présentation du jeu de critères."),
    Field("title_en", "string", "Titre en anglais (facultatif)."),
    Field("description_en", "string", "Présentation en anglais (facultatif)."),
    Field(
        "valid_for_months",
        "integer",
        "Durée de validité d'une notation, en mois (« à actualiser » ensuite).",
        minimum=1,
    ),
    Field("review", "table", "Règles des relectures par les pairs ([set.review])."),
    Field(
        "themes",
        "table",
        'Titres des thèmes ([set.themes]), ex. ouverture = { title = "Ouverture", title_en = "Openness" }.',
    ),
    # Rating models (SPEC §9). No `default` here: a set that does not write them
    # keeps the digest it had; the loader applies the defaults.
    Field(
        "na",
        "string",
        "Règle des réponses « sans objet » : exclude (hors du calcul, par défaut) "
        "ou met (comptées comme satisfaites).",
        enum=NA_RULES,
    ),
    Field(
        "inherit",
        "string",
        "Critères repris des jeux étendus : all (tous, par défaut) ou restated "
        "(seulement ceux que ce jeu reformule dans [[restate]]).",
        enum=INHERIT,
    ),
    Field(
        "requires",
        "array",
        'Notes d\'autres jeux exigées, ex. [{ set = "openssf-passing", grade = "passing" }].',
        items="table",
    ),
)

#: One element of `[set] requires`.
REQUIREMENT_FIELDS = (
    Field("set", "slug", "Le jeu dont une note est exigée.", required=True),
    Field("grade", "string", "La note exigée (ou mieux) dans ce jeu.", required=True),
)

#: Criterion keys of the rating models (SPEC §9), also allowed in `[[restate]]`.
MODEL_CRITERION_FIELDS = (
    Field(
        "option_evidence",
        "table",
        'Justificatif demandé selon l\'option choisie, ex. { met = "url" } (choice, multi).',
    ),
    Field(
        "na_evidence",
        "string",
        "Justificatif demandé pour une réponse « sans objet » (none par défaut).",
        enum=EVIDENCE,
    ),
    Field(
        "accept_unmet",
        "string",
        "Quand une réponse insuffisante compte comme satisfaite : never (par défaut), "
        "justified (si elle est justifiée) ou always.",
        enum=ACCEPT_UNMET,
    ),
)

#: One theme of `[set.themes]`: its titles as members read them.
THEME_FIELDS = (
    Field("title", "string", "Titre du thème, montré aux membres.", required=True),
    Field("title_en", "string", "Titre en anglais (facultatif)."),
)

#: `[set.review]` (SPEC §11).
REVIEW_RULE_FIELDS = (
    Field(
        "confirmations",
        "integer",
        "Confirmations de pairs qui rendent une notation « vérifiée ».",
        default=1,
        minimum=1,
    ),
    Field(
        "disputed_keeps_credit",
        "boolean",
        "Un critère contesté garde-t-il son crédit jusqu'à résolution ?",
        default=True,
    ),
)

CRITERION_FIELDS = (
    Field("id", "slug", "Identifiant du critère, unique dans tout le catalogue.", required=True),
    Field("title", "string", "Titre court du critère.", required=True),
    Field("question", "string", "La question posée au lieu.", required=True),
    Field("kind", "string", "Type de réponse : yes-no, scale, choice, multi, number…", required=True),
    Field("help", "string", "Aide pour répondre."),
    Field("theme", "slug", "Thème du critère (sous-totaux et planchers par thème)."),
    Field("level", "string", "Niveau d'exigence.", default="should", enum=LEVELS),
    Field("weight", "decimal", "Poids du critère (> 0).", default=1, exclusive_minimum=0),
    Field("na_allowed", "boolean", "Le lieu peut-il répondre « sans objet » ?", default=False),
    Field(
        "evidence", "string", "Justificatif demandé quand le crédit est > 0.", default="none", enum=EVIDENCE
    ),
    Field(
        "pass",
        "decimal",
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
    Field(
        "replaces",
        "array",
        "Identifiants que ce critère remplace : une réponse sous l'un d'eux compte pour lui "
        "(tlcriteria migrate réécrit les fiches).",
        default=(),
        items="slug",
        unique_items=True,
    ),
    Field("title_en", "string", "Titre en anglais (facultatif)."),
    Field("question_en", "string", "Question en anglais (facultatif)."),
    Field("help_en", "string", "Aide en anglais (facultatif)."),
    *MODEL_CRITERION_FIELDS,
)

#: `[[restate]]`: a criterion of an extended set, rated by this set's own rule.
RESTATE_FIELDS = (
    Field("id", "slug", "Le critère reformulé, défini par un jeu étendu.", required=True),
    Field("level", "string", "Niveau d'exigence dans ce jeu.", enum=LEVELS),
    Field("weight", "decimal", "Poids dans ce jeu (> 0).", exclusive_minimum=0),
    Field("evidence", "string", "Justificatif demandé dans ce jeu.", enum=EVIDENCE),
    Field(
        "pass",
        "decimal",
        "Crédit à atteindre dans ce jeu (0 < pass ≤ 1).",
        exclusive_minimum=0,
        maximum=1,
    ),
    *MODEL_CRITERION_FIELDS,
)

CRITERION_TEXTS = ("title_en", "question_en", "help_en")

GRADE_BASE_FIELDS = (
    Field("grade", "string", "La note (A, B, C… ou un mot).", required=True),
    Field("label", "string", "Ce que la note veut dire pour les membres."),
    Field("description", "string", "Définition détaillée de la note."),
    Field("label_en", "string", "Libellé en anglais (facultatif)."),
    Field("description_en", "string", "Définition en anglais (facultatif)."),
)

#: The stages as the outputs and the questionnaire say them, and the code each stands for.
STAGE_WORDS = (
    ("existant", "existing"),
    ("existante", "existing"),
    ("en création", "creating"),
    ("being created", "creating"),
    ("création", "creating"),
    ("en projet", "project"),
    ("projet", "project"),
)

PLACE_FIELDS = (
    Field("id", "slug", "Identifiant du lieu, unique dans le réseau.", required=True),
    Field("name", "string", "Nom du lieu.", required=True),
    Field("town", "string", "Commune.", required=True),
    Field("address", "string", "Adresse postale (facultatif)."),
    Field("lat", "decimal", "Latitude WGS84 (facultatif).", minimum=-90, maximum=90),
    Field("lon", "decimal", "Longitude WGS84 (facultatif).", minimum=-180, maximum=180),
    Field(
        "stage",
        "string",
        "existing (existant), creating (en création) ou project (en projet).",
        required=True,
        enum=STAGES,
        aliases=STAGE_WORDS,
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
    Field("website", "web-address", "Site web : adresse complète, https://… ou http://…"),
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
    Field("assessed", "any", "Date de la dernière auto-évaluation (AAAA-MM-JJ, écrite par assess)."),
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
    Field("url", "web-address", "Lien vers une preuve : adresse complète, https://… ou http://…"),
)

# A network file (`reseau.toml` by convention): the network itself, and where its places plausibly are.
NETWORK_TOP_LEVEL = ("network",)

NETWORK_FIELDS = (
    Field("name", "string", "Nom du réseau.", required=True),
    Field("area", "table", "Le rectangle où sont les lieux du réseau ; check signale un lieu hors de lui."),
    Field(
        "publics",
        "array",
        "Publics habituels des lieux (les filtres du site les regroupent ; un lieu peut ajouter les siens) : "
        'des textes courts, ou { label = "étudiants", label_en = "students" }.',
        items="any",
    ),
    Field(
        "services",
        "array",
        "Services habituels des lieux (les filtres du site les regroupent ; un lieu peut ajouter les siens) : "
        'des textes courts, ou { label = "impression 3D", label_en = "3D printing" }.',
        items="any",
    ),
)

#: One usual word of `[network] publics` or `services`, written as a table.
WORD_FIELDS = (
    Field("label", "string", "Le mot, tel que les lieux l'écrivent (en français).", required=True),
    Field("label_en", "string", "Le mot en anglais, pour le site en anglais (facultatif)."),
)

AREA_FIELDS = (
    Field("south", "decimal", "Latitude du bord sud (WGS84).", required=True, minimum=-90, maximum=90),
    Field("north", "decimal", "Latitude du bord nord (WGS84).", required=True, minimum=-90, maximum=90),
    Field("west", "decimal", "Longitude du bord ouest (WGS84).", required=True, minimum=-180, maximum=180),
    Field("east", "decimal", "Longitude du bord est (WGS84).", required=True, minimum=-180, maximum=180),
)
