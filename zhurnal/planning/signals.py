"""What the plan announces to the layers above it, in the same transaction as the change.

The journal sits above planning (a lesson names the plan item it delivers), so planning cannot
call it; the journal connects to `plan_approved` in its `ready()` and re-links the lessons of
the assignment to the newly approved version before the approval commits (decision 0024).
"""

from django.dispatch import Signal

# Sent with assignment_id and version (the PlanVersion just approved) and actor.
plan_approved = Signal()
