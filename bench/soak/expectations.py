"""What each command of the workload must write when the server accepts it, from the command's definition
in domain/services: the events by `Aggregate.Event`, and whether it answers 201 with a new id."""

from __future__ import annotations

EACH = "each"  # one event per dossier the command names

EVENTS: dict[str, dict[str, int | str]] = {
    "sign_up": {"Participation.SignedUp": 1},
    "approve_sign_up": {"Participation.SignUpApproved": 1},
    "report_progress": {"Participation.ProgressReported": 1},
    "approve_report": {"Participation.ReportApproved": 1},
    "nominate": {"Nomination.Drafted": 1},
    "submit_nomination": {"Nomination.Submitted": 1},
    "approve_stage": {"Nomination.StageApproved": 1},
    "post_publicly": {"Nomination.PostedPublicly": EACH},
    "convene_session": {"CouncilSession.Convened": 1, "BallotBox.Opened": 1},
    "record_attendance": {"CouncilSession.AttendanceRecorded": 1},
    "cast_ballot": {"CouncilSession.BallotCast": 1, "BallotBox.EnvelopeDeposited": 1},
    "close_session": {"CouncilSession.Closed": 1, "BallotBox.Unsealed": 1},
    "tally_session": {"CouncilSession.Tallied": 1, "Nomination.CouncilResultRecorded": EACH},
}

CREATES = frozenset({"sign_up", "report_progress", "nominate", "convene_session"})  # answered 201 {"id": …}


def described() -> list[str]:
    """The table as Markdown rows."""
    rows = ["| command | events it writes |", "| --- | --- |"]
    for command, events in EVENTS.items():
        written = ", ".join(f"`{e}` × {'each dossier' if n == EACH else n}" for e, n in events.items())
        rows.append(f"| `{command}` | {written} |")
    return rows
