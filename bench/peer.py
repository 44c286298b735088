"""Peer (rounds of ours, the peer and the bare save taken in turns; wall and CPU time): the same four sequential steps of a dossier (submit, unit approval, check, public posting) done
with SpiffWorkflow, as its users run it behind a web app: each step loads the serialized workflow from
SQLite, completes the ready user task, runs the engine, serializes and saves it in one transaction.

Ours: each step is one command of the application on SQLite, its inline read models written with it and the
others caught up by the process's follower (the round ends with them caught up).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from adapters.bootstrap import Container
from bench.commands import Waiting, approvals, single_saves
from bench.context import Bench
from bench.generator import Shape
from bench.fsync import described, fsync_latency, wall_target
from bench.measure import clocked, figure, median
from domain import commands as c
from domain.application import Thidua

SUITE = "peer"
BPMN = Path(__file__).with_name("approval.bpmn")


def spiff_steps(folder: Path, workflows: int) -> tuple[float, float]:
    """SpiffWorkflow steps per second, each persisted to SQLite (WAL, synchronous=FULL), and per CPU second."""
    from SpiffWorkflow import TaskState
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer

    parser = BpmnParser()
    parser.add_bpmn_file(str(BPMN))
    spec, serializer = parser.get_spec("approval"), BpmnWorkflowSerializer()
    db = sqlite3.connect(folder / f"spiff-{uuid.uuid4().hex[:8]}.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS workflows (id INTEGER PRIMARY KEY, serialization TEXT NOT NULL)")
    started = []
    for _ in range(workflows):
        workflow = BpmnWorkflow(spec)
        workflow.do_engine_steps()
        started.append(db.execute("INSERT INTO workflows (serialization) VALUES (?)",
                                  (serializer.serialize_json(workflow),)).lastrowid)

    def step(workflow_id: int) -> None:
        data = db.execute("SELECT serialization FROM workflows WHERE id = ?", (workflow_id,)).fetchone()[0]
        workflow = serializer.deserialize_json(data)
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        task.data["comment"] = "Đồng ý"
        task.run()
        workflow.do_engine_steps()
        db.execute("BEGIN")
        db.execute("UPDATE workflows SET serialization = ? WHERE id = ?", (serializer.serialize_json(workflow), workflow_id))
        db.execute("COMMIT")

    try:
        wall, cpu = clocked(lambda: [step(w) for _ in range(4) for w in started])
        return 4 * workflows / wall, 4 * workflows / cpu
    finally:
        db.close()


def run(bench: Bench) -> None:
    """Rounds of ours, SpiffWorkflow and the bare save in turns, each with the disk's fsync latency."""
    per_run = 8 if bench.quick else 40
    shape = Shape(units=2, staff=2 * (10 + bench.runs * per_run))
    ours, spiff, bare, fsyncs = [], [], [], []
    with approvals(bench, "sqlite", shape, submitted=False) as (container, waiting):
        queue = iter(waiting)
        four_steps(container.app, next(queue))  # warm-up
        for _r in range(bench.runs):
            fsyncs.append(fsync_latency(bench.folder))
            wall, cpu = clocked(lambda: dossiers_through(container, queue, per_run))
            ours.append((4 * per_run / wall, 4 * per_run / cpu))
            spiff.append(spiff_steps(bench.folder, per_run))
            bare.append(single_saves(bench, "sqlite", ledger=False))
    fsync = described(fsyncs)
    for index, what in ((0, f"wall time, {fsync}"), (1, "per CPU second of the process")):
        bench.figures.append(figure(
            SUITE, f"4-stage approval of one dossier, per step, read models included ({what})", [o[index] for o in ours],
            [s[index] for s in spiff], "steps/s" if index == 0 else "steps/CPU s",
            "SpiffWorkflow: load, run the user task, serialize, save to SQLite", 2.0 if index else wall_target(fsyncs, 2.0),
        ))
    bench.note(SUITE, "the library's bare save against a SpiffWorkflow step",
               f"eventsourcing saving one small event on SQLite, nothing else: {median([b[0] for b in bare]):,.0f}/s "
               f"({median([b[1] for b in bare]):,.0f} per CPU second), {median([b[0] for b in bare]) / median([s[0] for s in spiff]):.2f}× "
               f"a SpiffWorkflow step in wall time, {median([b[1] for b in bare]) / median([s[1] for s in spiff]):.2f}× in CPU time "
               f"(each of our steps is such a save plus loads, rules, the hash chain and the read models)")


def dossiers_through(container: Container, queue: Iterator[Waiting], count: int) -> None:
    """Four steps for each of `count` dossiers, then the asynchronous read models caught up (if still pending)."""
    for _ in range(count):
        four_steps(container.app, next(queue))
    container.catch_up_pending()


def four_steps(app: Thidua, dossier: Waiting) -> None:
    """Submit, unit approval, check, public posting: each a command with its read-model update."""
    n = dossier.nomination
    app.submit_nomination(dossier.clerk, c.SubmitNomination(n))
    app.approve_stage(dossier.head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
    app.approve_stage(dossier.checker, c.ApproveStage(n, "checked", "Hồ sơ đầy đủ"))
    app.post_publicly(dossier.checker, c.PostPublicly([n], date(2025, 12, 20)))
