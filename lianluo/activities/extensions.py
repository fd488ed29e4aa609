"""What other apps add to the activity pages and the invitation message, registered in their
AppConfig.ready: activities knows nothing of them. Court adds a trial's case and the appraisal
forms this way; an app that adds a kind of work to activities does the same instead of being
imported here."""

# Panels on an activity's page: callables taking the activity, the user and whether the user may
# edit it, returning a core.home.HomePanel (its template gets `data` and `activity`) or None.
ACTIVITY_PANELS: list = []

# Buttons on a member's invitations (我的活动): callables taking the member's invitations (a list
# of Attendance with their activities) and returning {attendance id: [(label, url), ...]}.
INVITATION_ACTIONS: list = []

# Sentences added to an invitation's message: callables taking the activity and returning the
# sentence, or None when they have nothing to add.
INVITATION_NOTES: list = []

# Links on the activity list's toolbar: callables taking the user, returning (label, url) or None.
LIST_LINKS: list = []


def invitation_actions(invitations: list) -> dict[int, list[tuple[str, str]]]:
    actions: dict[int, list[tuple[str, str]]] = {}
    for source in INVITATION_ACTIONS:
        for attendance_id, buttons in source(invitations).items():
            actions.setdefault(attendance_id, []).extend(buttons)
    return actions
