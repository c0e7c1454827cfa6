"""Who may see and change cover calendars and rounds: the organization's members and admins,
as for the rest of its profile. Everyone who may see the organization sees its calendar."""

import rules

from organizations.rules import is_organization_member

rules.add_perm("cover.change_calendar", rules.is_staff | is_organization_member)
