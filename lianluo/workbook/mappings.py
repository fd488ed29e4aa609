"""An office's saved mappings: how it lays out its own ledgers, proposed again for the same
headers."""

from lianluo.workbook.layout import SheetLayout
from lianluo.workbook.models import SavedMapping


def saved_mappings(organisation) -> dict[str, dict]:
    """The organisation's mappings by the signature of their headers."""
    if organisation is None or organisation.pk is None:
        return {}
    return dict(
        SavedMapping.objects.filter(organisation=organisation).values_list("signature", "mapping")
    )


def mappings_remember(*, organisation, layouts: list[SheetLayout], actor) -> None:
    """Keep the mapping of each of an office's own sheets for the next file with its headers."""
    if organisation is None:
        return
    for layout in layouts:
        if layout.liaison or layout.kind is None:
            continue
        SavedMapping.objects.update_or_create(
            organisation=organisation,
            signature=layout.signature,
            defaults={
                "kind": layout.kind,
                "mapping": layout.as_mapping(),
                "updated_by": actor if actor is not None and actor.pk else None,
            },
        )
