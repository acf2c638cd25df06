"""STUB, to be replaced by issue 27's rule (staff departments and the one function that decides whether
a staff member may see a complaint's contact details). Until it lands on main: admins see them, and
staff see them only for a complaint of their own department, which no account has yet, so none."""
from __future__ import annotations

from bot.complaints.models import Complaint
from bot.staff import StaffIdentity


def may_see_contact_details(user: StaffIdentity, complaint: Complaint) -> bool:
    if user.is_admin:
        return True
    department = getattr(user, "department", "") or ""
    return bool(department) and department == (complaint.department or "")
