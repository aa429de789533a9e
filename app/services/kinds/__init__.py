"""The table kinds of the command line and the File menu, in the order they depend on each other."""

from app.services.kinds import attendance, councils, meetings, staff
from app.services.tables import TableKind

KINDS: dict[str, TableKind] = {k.name: k for k in (staff.KIND, councils.KIND, meetings.KIND, attendance.KIND)}
# Councils before staff (staff name their council), meetings before attendance.
IMPORT_ORDER = ("councils", "staff", "meetings", "attendance")
