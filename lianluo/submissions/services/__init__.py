"""Writing submissions, by stage of the lifecycle (docs/architecture.md):

- `intake`: an item written, its files and notes, submitted, co-signed;
- `review`: filed, refused, turned into a suggestion, merged;
- `handling`: assigned, reported and adopted, objected to, extended, replied;
- `rating`: rated by the proposer, closed;
- `moves`: every move runs lifecycle.py's table through core.transitions with the stages' effects;
- `office`: an office's rules, categories and reply templates;
"""

from lianluo.submissions.services.handling import unit_for
from lianluo.submissions.services.intake import (
    SubmissionData,
    cosign_lapse_overdue,
    internal_note_add,
    submission_file_add,
    submission_save,
)
from lianluo.submissions.services.moves import submission_move, submission_move_many
from lianluo.submissions.services.office import category_add, reply_template_add, settings_update

__all__ = [
    "SubmissionData",
    "category_add",
    "cosign_lapse_overdue",
    "internal_note_add",
    "reply_template_add",
    "settings_update",
    "submission_file_add",
    "submission_move",
    "submission_move_many",
    "submission_save",
    "unit_for",
]
