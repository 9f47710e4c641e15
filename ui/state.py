"""Every session-state key the app uses, in one place, so no two components share one."""

USER = "user_name"
USER_WIDGET = "user_name_widget"

ALIGN_SOURCE = "align_source"
ALIGN_TARGET = "align_target"
ALIGN_TARGET_LANG = "align_target_lang"
ALIGN_RESULT = "align_result"
ALIGN_SAVED = "align_saved"
ALIGN_REVIEW = "align_review"
ALIGN_LOW_FIRST = "align_low_first"
ALIGN_THRESHOLD = "align_threshold"

MEMORY_PAIR = "memory_pair"
MEMORY_STATUSES = "memory_statuses"
MEMORY_CONTAINS = "memory_contains"
MEMORY_DOC = "memory_doc"
MEMORY_TABLE = "memory_table"

DOCS_KK = "docs_kk"
DOCS_EN = "docs_en"
DOCS_RU = "docs_ru"
DOCS_ID = "docs_id"

QUALITY_HYP = "quality_hyp"
QUALITY_REF = "quality_ref"
QUALITY_DOC = "quality_doc"
