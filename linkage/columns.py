"""Column names shared by every stage of the engine.

Stages hand each other pandas DataFrames; these constants are the contract
between them, so a stage never spells a column name itself.
"""

from typing import Final

# --- interchange (raw) personnel columns, as in DESIGN.md -----------------
RECORD_ID: Final = "record_id"
FAMILY_NAME: Final = "family_name"
GIVEN_NAMES: Final = "given_names"
FULL_NAME: Final = "full_name"
ALIASES: Final = "aliases"
DATE_OF_BIRTH: Final = "date_of_birth"
PLACE_OF_BIRTH: Final = "place_of_birth"
NATIONALITY: Final = "nationality"
SEX: Final = "sex"
SERVICE_NUMBER: Final = "service_number"
PASSPORT_NUMBER: Final = "passport_number"
NATIONAL_ID: Final = "national_id"
RANK: Final = "rank"
UNIT: Final = "unit"
PERSONNEL_CATEGORY: Final = "personnel_category"

PERSONNEL_COLUMNS: Final = (
    RECORD_ID,
    FAMILY_NAME,
    GIVEN_NAMES,
    FULL_NAME,
    ALIASES,
    DATE_OF_BIRTH,
    PLACE_OF_BIRTH,
    NATIONALITY,
    SEX,
    SERVICE_NUMBER,
    PASSPORT_NUMBER,
    NATIONAL_ID,
    RANK,
    UNIT,
    PERSONNEL_CATEGORY,
)

# --- normalised record frame (output of linkage.normalise) ----------------
# Index: positional; RECORD_ID kept as a column (str).
NAME_DISPLAY: Final = "name_display"  # str: the name as written (original script)
NAME_LATIN: Final = "name_latin"  # str: Latin transliteration for display
SCRIPT: Final = "script"  # str: ISO 15924 code of the dominant script
NAME_TOKENS: Final = "name_tokens"  # tuple[str, ...]: canonical lowercase ASCII tokens
GIVEN_TOKENS: Final = "given_tokens"  # tuple[str, ...]
FAMILY_TOKENS: Final = "family_tokens"  # tuple[str, ...] (patronymic included when tagged so)
NAME_SORTED: Final = "name_sorted"  # str: sorted NAME_TOKENS joined by " " (order-free)
NAME_JOINED: Final = "name_joined"  # str: sorted tokens joined with "" (split/join-free)
NAME_SYMBOLS: Final = "name_symbols"  # frozenset[str]: name-symbol ids (variant equivalence)
NAME_PHONETIC: Final = "name_phonetic"  # tuple[str, ...]: phonetic key per token
NAME_SKELETON: Final = "name_skeleton"  # tuple[str, ...]: consonant skeleton per token
INITIALS: Final = "initials"  # str: sorted first letters of the tokens
ALIAS_SORTED: Final = "alias_sorted"  # tuple[str, ...]: NAME_SORTED of each alias
DOB_YEAR: Final = "dob_year"  # Int64 (nullable)
DOB_MONTH: Final = "dob_month"  # Int64 (nullable)
DOB_DAY: Final = "dob_day"  # Int64 (nullable)
NATIONALITY_N: Final = "nationality_n"  # str | None: ISO alpha-3 upper case
SEX_N: Final = "sex_n"  # str | None: F / M / X
PLACE_N: Final = "place_n"  # str | None: lowercase ASCII place of birth
SERVICE_N: Final = "service_n"  # str | None: identifier, punctuation/zeros stripped
PASSPORT_N: Final = "passport_n"  # str | None
NATIONAL_ID_N: Final = "national_id_n"  # str | None
UNIT_N: Final = "unit_n"  # str | None: lowercase words and numbers of the unit
CATEGORY_N: Final = "category_n"  # str | None: personnel category, lowercase
ISSUES: Final = "issues"  # tuple[str, ...]: lenient validation problems

# --- candidate pairs ------------------------------------------------------
LEFT: Final = "left"  # int position in the normalised frame; always LEFT < RIGHT
RIGHT: Final = "right"
SCORE: Final = "score"  # calibrated match probability in [0, 1]
WEIGHT: Final = "match_weight"  # log2 Bayes factor, prior included
BAND: Final = "band"  # "link" | "review" | "" (below review threshold)
CLUSTER_ID: Final = "cluster_id"

# --- engine internals (added for the scoring stages) ------------------------
LEVEL_SUFFIX: Final = "_level"  # int8 comparison level per feature; -1 = null (no evidence)
WEIGHT_SUFFIX: Final = "_weight"  # float32 log2 Bayes factor per feature (TF-adjusted)
SOURCE: Final = "source"  # str: which input (file or organisation) a record came from
BRIDGE: Final = "bridge"  # bool: link kept apart by clustering; needs review
PERSON_ID: Final = "person_id"  # truth / registry person identifier

# --- deployments and allegations (serial-offender rules) ------------------
SUBJECT_RECORD_ID: Final = "subject_record_id"
MISSION: Final = "mission"
START_DATE: Final = "start_date"
END_DATE: Final = "end_date"
INCIDENT_DATE: Final = "incident_date"
REPORTED_DATE: Final = "reported_date"
