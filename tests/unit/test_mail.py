"""A refused e-mail's last error, as the outbox page shows it: the server's code and words, decoded."""

import smtplib

from adapters.mail import back_off, described


def test_a_refusal_reads_as_the_server_said_it():
    refused = smtplib.SMTPRecipientsRefused({"thuky@so-a.gov.vn": (550, b"5.1.1 User unknown")})
    assert described(refused) == "thuky@so-a.gov.vn: 550 5.1.1 User unknown"
    assert described(smtplib.SMTPDataError(451, "4.3.0 Thử lại sau".encode())) == "451 4.3.0 Thử lại sau"
    assert described(ConnectionRefusedError(111, "Connection refused")) == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_the_wait_doubles_up_to_six_hours():
    assert [back_off(n).total_seconds() / 60 for n in (1, 2, 3, 9, 10, 30)] == [1, 2, 4, 256, 360, 360]
