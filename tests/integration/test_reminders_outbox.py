"""Issue #21: deadline reminders recorded as facts, their e-mails written in the events' transaction and sent
through the outbox to a real SMTP server (aiosmtpd on 127.0.0.1), across deadlines under freezegun."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from eventsourcing.persistence import IntegrityError
from freezegun import freeze_time
from sqlalchemy import select

from adapters.bootstrap import bootstrap
from adapters.demo.contacts import ensure_demo_contacts
from adapters.config import SmtpSettings, load_settings
from adapters.mail import LEASE, Sender
from adapters.outbox import Outbox, mail_outbox, stamp
from adapters.outbox_reminders import appraisals, holders, mail_of, scan
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.clock import local_date, utc_now
from projections.audit import audit_trail
from domain.reminders import Reminder, issue, reminders_due, waiting
from web import create_app
from web.cli import reminders as cli_reminders
from web.cli.main import main as cli
from web.pages.unsubscribe import unsubscribe_token
from tests.e2e.ui_support import CSRF
from tests.builders import build_world, launch_campaign
from tests.conftest import accept_freezegun_values
from tests.integration.ledger_store import open_store

APPROVED = datetime(2025, 12, 1, 2, tzinfo=timezone.utc)  # 09:00 in Hà Nội
DUE = date(2025, 12, 29)  # 20 working days after 1/12/2025
BEFORE = datetime(2025, 12, 24, 2, tzinfo=timezone.utc)  # 3 working days before
AFTER = datetime(2025, 12, 30, 2, tzinfo=timezone.utc)


class Inbox:
    """An SMTP server's handler keeping what it accepted; `refuse` answers 451 to every message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, EmailMessage]] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802 - aiosmtpd's hook
        if self.refuse:
            return "451 4.3.0 Tạm thời không nhận thư"
        self.messages.append((envelope.rcpt_tos[0], message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for _to, message in self.messages]


@pytest.fixture
def smtp():
    handler = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's own ready check cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def desk(database_url, tmp_path, smtp):
    """A dossier approved by its unit on 1/12/2025 (appraisal due 29/12), addresses for the secretariat and signer."""
    handler, port = smtp
    container = open_store(database_url, tmp_path, utc_now, synchronous=True)
    with freeze_time(APPROVED):
        ensure_shipped_rules(container.app)
        world = build_world(container.app, members=0, staff=2)
        launch_campaign(world)
        app = container.app
        n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Hoàn thành tốt."))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    outbox = Outbox(container.app.recorder, container.projector.engine)
    outbox.set_contact(world.secretary, "trang@so-a.gov.vn")
    outbox.set_contact(world.signer, "hung@so-a.gov.vn")
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="thidua@so-a.gov.vn")
    yield container, world, outbox, Sender(outbox, settings), handler, n
    container.close()


def freezable_container():
    """`thidua`'s own container, from the environment, taking freezegun's instants."""
    built = bootstrap(load_settings())
    accept_freezegun_values(built.app)
    return built


def run_scan(container, outbox) -> int:
    return scan(container, outbox, 3, lambda d: f"http://thidua.test/nominations/{d.item_id}",
                lambda p: f"http://thidua.test/unsubscribe/{unsubscribe_token(container.settings.secret_key, p)}")


def test_a_reminder_before_the_deadline_and_an_escalation_after_it_each_once(desk):
    container, world, outbox, sender, smtp, n = desk
    with freeze_time(BEFORE - timedelta(days=1)):
        early = run_scan(container, outbox)
    with freeze_time(BEFORE):
        issued = run_scan(container, outbox)
        again = run_scan(container, outbox)
        reminded = sender.tick()
    with freeze_time(AFTER):
        escalated = run_scan(container, outbox)
        escalated_again = run_scan(container, outbox)
        sent_after = sender.tick()

    assert (early, issued, again, escalated, escalated_again) == (0, 2, 0, 1, 0)  # secretary and drafter; then the signer
    assert reminded == (1, 0) and sent_after == (1, 0)  # the drafter has no address: the fact, no e-mail
    (to_secretary, first), (to_signer, second) = smtp.messages
    assert (to_secretary, to_signer) == ("trang@so-a.gov.vn", "hung@so-a.gov.vn")
    assert first["Subject"] == "[Thi đua] Sắp đến hạn: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0 (hạn 29/12/2025)"
    assert second["Subject"] == "[Thi đua] Quá hạn: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0 (hạn 29/12/2025)"
    body = second.get_content()
    assert "Kính gửi đồng chí Trần Quốc Hùng" in body and f"http://thidua.test/nominations/{n}" in body
    assert f"http://thidua.test/unsubscribe/{unsubscribe_token(container.settings.secret_key, world.signer)}" in body
    facts = [container.app.repository.get(Reminder.create_id("appraisal", n, p, DUE, e))
             for p, e in ((world.secretary, False), (world.drafter, False), (world.signer, True))]
    assert [(f.recipient_id, f.escalation) for f in facts] == [(world.secretary, False), (world.drafter, False), (world.signer, True)]
    container.projector.catch_up()  # the audit trail follows the ledger (`thidua worker`)
    with container.read_engine.connect() as conn:
        trail = conn.execute(select(audit_trail.c.summary).where(audit_trail.c.item_id.in_([f.id for f in facts]))).scalars().all()
    assert sorted(trail) == ["Báo quá hạn ngày 29/12/2025: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0"] + ["Nhắc hạn ngày 29/12/2025: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0"] * 2


def test_a_sender_killed_after_claiming_leaves_the_row_to_be_sent_later_with_the_same_message_id(desk):
    container, world, outbox, sender, smtp, n = desk
    with freeze_time(BEFORE) as frozen:
        run_scan(container, outbox)
        held = outbox.claim(utc_now(), LEASE)  # a sender that claims, then dies before sending or marking
        within_lease = sender.tick()
        frozen.move_to(BEFORE + LEASE + timedelta(seconds=1))
        after_lease = sender.tick()

    assert [r.email for r in held] == ["trang@so-a.gov.vn"]
    assert within_lease == (0, 0) and after_lease == (1, 0)
    assert smtp.message_ids() == [held[0].message_id]
    assert outbox.rows()[0]["attempts"] == 2


def test_a_refusing_server_is_tried_again_after_a_doubling_wait(desk):
    container, world, outbox, sender, smtp, n = desk
    smtp.refuse = True
    with freeze_time(BEFORE) as frozen:
        run_scan(container, outbox)
        first = sender.tick()
        frozen.tick(timedelta(seconds=59))
        too_soon = sender.tick()
        frozen.tick(timedelta(seconds=2))
        second = sender.tick()  # 1 minute after the first failure
        frozen.tick(timedelta(seconds=119))
        still_waiting = sender.tick()  # the second wait is 2 minutes
        smtp.refuse = False
        frozen.tick(timedelta(seconds=2))
        third = sender.tick()

    assert (first, too_soon, second, still_waiting, third) == ((0, 1), (0, 0), (0, 1), (0, 0), (1, 0))
    row = outbox.rows()[0]
    assert row["attempts"] == 3 and row["sent_at"] is not None and row["last_error"] is None
    assert len(smtp.messages) == 1


def test_a_digest_reader_gets_one_message_at_seven_and_an_unsubscribed_person_none(desk):
    container, world, outbox, sender, smtp, n = desk
    outbox.set_contact(world.drafter, "soan@so-a.gov.vn", "digest")
    outbox.set_mode(world.secretary, "none")
    with freeze_time(BEFORE) as frozen:  # 09:00 in Hà Nội
        run_scan(container, outbox)
        same_day = sender.tick()
        frozen.move_to(datetime(2025, 12, 24, 23, 59, tzinfo=timezone.utc))  # 06:59 the next morning
        before_seven = sender.tick()
        frozen.move_to(datetime(2025, 12, 25, 0, 0, tzinfo=timezone.utc))
        at_seven = sender.tick()

    assert (same_day, before_seven, at_seven) == ((0, 0), (0, 0), (1, 0))
    (to, message), = smtp.messages
    assert (to, message["Subject"]) == ("soan@so-a.gov.vn", "[Thi đua] Tổng hợp nhắc việc: 1 việc")
    assert "Kính gửi đồng chí Vì Văn Soạn" in message.get_content()
    assert Reminder.create_id("appraisal", n, world.secretary, DUE, False) in container.app.repository


def test_the_link_in_an_e_mail_unsubscribes_its_recipient_and_later_reminders_are_recorded_without_e_mail(desk):
    container, world, outbox, sender, smtp, n = desk
    with freeze_time(BEFORE):
        run_scan(container, outbox)
        sender.tick()
    link = next(line for line in smtp.messages[0][1].get_content().splitlines() if "/unsubscribe/" in line)
    path = link[link.index("/unsubscribe/"):]
    client = create_app({"TESTING": True}, container=container).test_client()
    asked = client.get(path).get_data(as_text=True)
    forged = client.get(path[:-2] + "xx")
    token = CSRF.search(asked).group(1)
    done = client.post(path, data={"csrf_token": token}).get_data(as_text=True)
    app = container.app
    with freeze_time(datetime(2025, 12, 10, 2, tzinfo=timezone.utc)):
        later = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Hoàn thành tốt."))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(later))
        app.approve_stage(world.as_head, c.ApproveStage(later, "unit_approved"))
    due = app.working_calendar().add_working_days(date(2025, 12, 10), 20)
    with freeze_time(datetime.combine(due, datetime.min.time(), timezone.utc)):
        issued = run_scan(container, outbox)

    assert "Hủy nhận thư nhắc việc" in asked and "Đã hủy" in done
    assert forged.status_code == 400 and "không hợp lệ" in forged.get_data(as_text=True)
    assert outbox.contacts()[world.secretary] == ("trang@so-a.gov.vn", "none")
    assert issued == 3  # the second dossier's two reminders and the first one's escalation to the signer
    assert Reminder.create_id("appraisal", later, world.secretary, due, False) in app.repository
    assert sorted(r["email"] for r in outbox.rows()) == ["hung@so-a.gov.vn", "trang@so-a.gov.vn"]  # none to her since


def test_thidua_remind_once_sets_an_address_issues_and_sends(desk, smtp, monkeypatch):
    container, world, outbox, sender, handler, n = desk
    monkeypatch.setattr(cli_reminders, "_container", freezable_container)
    _handler, port = smtp
    env = {"THIDUA_DATABASE_URL": container.settings.database_url, "THIDUA_INSTANCE": str(container.settings.instance_path),
           "THIDUA_ENV": "test", "THIDUA_SMTP_HOST": "127.0.0.1", "THIDUA_SMTP_PORT": str(port),
           "THIDUA_SMTP_FROM": "thidua@so-a.gov.vn", "THIDUA_PUBLIC_URL": "https://thidua.so-a.gov.vn"}
    runner = CliRunner()
    set_address = runner.invoke(cli, ["remind", "contact", str(world.drafter), "soan@so-a.gov.vn"], env=env)
    with freeze_time(BEFORE):
        first = runner.invoke(cli, ["remind", "--once"], env=env)
        second = runner.invoke(cli, ["remind", "--once"], env=env)

    assert set_address.output == "Vì Văn Soạn: soan@so-a.gov.vn (each)\n"
    assert first.output == "issued 2 reminders, sent 2 e-mails, 0 to try again\n"
    assert second.output == "issued 0 reminders, sent 0 e-mails, 0 to try again\n"
    assert sorted(to for to, _m in handler.messages) == ["soan@so-a.gov.vn", "trang@so-a.gov.vn"]
    assert all(f"https://thidua.so-a.gov.vn/nominations/{n}" in m.get_content() for _to, m in handler.messages)


def test_senders_claiming_at_once_never_hold_the_same_row(desk):
    container, world, outbox, sender, smtp, n = desk
    now = datetime(2025, 12, 24, 2, tzinfo=timezone.utc)
    with container.projector.engine.begin() as conn:
        conn.execute(mail_outbox.insert(), [dict(
            row_id=f"row-{i:02}", message_id=f"<row-{i:02}@thidua.test>", person_id=str(world.secretary), email="trang@so-a.gov.vn",
            subject="Nhắc việc", body="…", digest=0, created_at=stamp(now), send_after=stamp(now), attempts=0,
        ) for i in range(40)])
    with ThreadPoolExecutor(4) as pool:
        held = list(pool.map(lambda _i: [r.row_id for r in outbox.claim(now, LEASE, limit=15)], range(4)))

    claimed = [row for rows in held for row in rows]
    assert len(claimed) == len(set(claimed)) == 40


def test_a_scan_that_loses_the_race_records_neither_its_reminders_nor_their_e_mails(desk):
    """Another scan committed one of this scan's reminders between its look and its save: the store refuses
    this scan's events by their ids, and its e-mails go with them."""
    container, world, outbox, sender, smtp, n = desk
    app = container.app
    with freeze_time(BEFORE):
        due = reminders_due(appraisals_waiting(container), local_date(utc_now()), app.working_calendar(), 3)
        app.save(issue(due[0], utc_now()))  # the other scan's
        mails = [mail_of(d, "trang@so-a.gov.vn", False, "", "http://thidua.test", "http://thidua.test/u", utc_now()) for d in due]
        with pytest.raises(IntegrityError), outbox.written_with(mails, utc_now()):
            app.save(*[issue(d, utc_now()) for d in due])

    assert sorted(d.recipient_id for d in due) == sorted([world.secretary, world.drafter])
    assert due[1].reminder_id not in app.repository
    assert outbox.rows() == []


def appraisals_waiting(container):
    with container.read_engine.connect() as conn:
        found = holders(conn)
        return [waiting(d, found) for d in appraisals(conn)]


def test_a_row_refused_max_attempts_times_is_dead_until_an_admin_requeues_it(desk):
    container, world, outbox, sender, smtp, n = desk
    sender = Sender(outbox, replace(sender.smtp, max_attempts=3))
    smtp.refuse = True
    with freeze_time(BEFORE) as frozen:
        run_scan(container, outbox)
        tries = [sender.tick()]
        for wait in (1, 2):  # minutes: the back-off after the first and second refusals
            frozen.tick(timedelta(minutes=wait, seconds=1))
            tries.append(sender.tick())
        frozen.tick(timedelta(days=2))
        smtp.refuse = False
        long_after = sender.tick()
        dead = outbox.rows("dead")
        counted = outbox.counts()
        requeued = outbox.requeue(dead[0]["row_id"], world.signer, utc_now())
        twice = outbox.requeue(dead[0]["row_id"], world.signer, utc_now())
        sent = sender.tick()

    assert tries == [(0, 1)] * 3 and long_after == (0, 0)
    assert counted == {"pending": 0, "sent": 0, "dead": 1}
    assert dead[0]["attempts"] == 3 and dead[0]["last_error"] == "451 4.3.0 Tạm thời không nhận thư"
    assert (requeued, twice, sent) == (True, False, (1, 0))
    row = outbox.rows("sent")[0]
    assert (row["requeued_by"], row["requeued_at"], row["attempts"]) == (str(world.signer), stamp(BEFORE + timedelta(days=2, minutes=3, seconds=2)), 1)
    assert len(smtp.messages) == 1


def test_addresses_are_checked_and_an_outbox_made_before_dead_letters_gains_their_columns(desk):
    container, world, outbox, sender, smtp, n = desk
    with pytest.raises(ValueError, match="không hợp lệ"):
        outbox.set_contact(world.clerk, "hoa@")
    outbox.set_contact(world.clerk, " Hoa@Demo.Thidua.Example ")
    engine = container.projector.engine
    with engine.begin() as conn:
        for name in ("dead_at", "requeued_by", "requeued_at"):
            conn.exec_driver_sql(f"ALTER TABLE mail_outbox DROP COLUMN {name}")
    reopened = Outbox(container.app.recorder, engine)

    assert outbox.contact(world.clerk) == ("Hoa@demo.thidua.example", "each")
    assert reopened.counts() == {"pending": 0, "sent": 0, "dead": 0}


def test_the_demo_gives_every_role_holder_an_address_once(desk):
    container, world, outbox, sender, smtp, n = desk
    container.projector.catch_up()
    first = ensure_demo_contacts(outbox, container.read_engine)
    second = ensure_demo_contacts(outbox, container.read_engine)

    kept = outbox.contacts()
    assert first == "demo reminder addresses: 3 added (@demo.thidua.example)"  # all but the two set by the fixture
    assert second == "demo reminder addresses: 0 added (@demo.thidua.example)"
    assert kept[world.clerk] == ("clerk@demo.thidua.example", "each") and kept[world.secretary] == ("trang@so-a.gov.vn", "each")


def test_unsubscribing_withdraws_the_e_mails_not_sent_yet(desk):
    """A digest written at 09:00 waits for 07:00; its reader unsubscribes at 10:00: nothing leaves the next
    morning, the row is withdrawn (dead, saying why) and cannot be requeued while the person stays unsubscribed."""
    container, world, outbox, sender, smtp, n = desk
    outbox.set_contact(world.drafter, "soan@so-a.gov.vn", "digest")
    with freeze_time(BEFORE) as frozen:
        run_scan(container, outbox)
        sender.tick()  # the secretary's e-mail leaves; the drafter's waits for the digest
        frozen.tick(timedelta(hours=1))
        outbox.set_mode(world.drafter, "none")
        frozen.move_to(datetime(2025, 12, 25, 0, 0, tzinfo=timezone.utc))  # 07:00 the next morning
        at_seven = sender.tick()
        withdrawn = outbox.rows("dead")
        requeued = outbox.requeue(withdrawn[0]["row_id"], world.signer, utc_now())

    assert at_seven == (0, 0) and [to for to, _m in smtp.messages] == ["trang@so-a.gov.vn"]
    assert [(r["email"], r["last_error"]) for r in withdrawn] == [("soan@so-a.gov.vn", "Người nhận đã hủy nhận thư nhắc việc.")]
    assert requeued is False


def test_a_new_address_takes_the_e_mails_still_waiting(desk):
    container, world, outbox, sender, smtp, n = desk
    outbox.set_contact(world.drafter, "soan@so-a.gov.vn", "digest")
    with freeze_time(BEFORE) as frozen:
        run_scan(container, outbox)
        sender.tick()
        outbox.set_contact(world.drafter, "van.soan@so-a.gov.vn", "digest")
        frozen.move_to(datetime(2025, 12, 25, 0, 0, tzinfo=timezone.utc))
        sender.tick()

    assert [to for to, _m in smtp.messages] == ["trang@so-a.gov.vn", "van.soan@so-a.gov.vn"]
    assert sorted(r["email"] for r in outbox.rows("sent")) == ["trang@so-a.gov.vn", "van.soan@so-a.gov.vn"]
