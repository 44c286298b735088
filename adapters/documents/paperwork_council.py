"""The council session's papers: the printed ballot (phiếu bầu: the candidates and empty boxes, never a cast
vote), the minutes (biên bản họp) and the vote-count record (biên bản kiểm phiếu). Counts come from the
tally only: who voted what is in no read model, so it can be in no paper."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from adapters.documents.layout import Signature
from adapters.documents.paper import Grid, Paper, Section
from adapters.documents.paperwork_dossier import letterhead
from adapters.documents.render import long_date

OUTCOMES = {True: "Đạt", False: "Không đạt"}
STATUS_WORDS = {
    "convened": "Phiên họp chưa kết thúc; chưa kiểm phiếu.", "closed": "Đã kết thúc bỏ phiếu; chưa kiểm phiếu.",
    "no_quorum": "Phiên họp không đủ số thành viên theo quy định nên không xem xét, quyết định.",
    "not_counted": "Chưa đủ người giữ khóa nên không giải mã được tổng số phiếu; phiên họp chưa có kết quả.",
}


def candidate_rows(candidates: Sequence[Mapping], titles: Mapping[str, str]) -> list[tuple]:
    return [(i, c["nominee_name"], c.get("unit_name") or "", titles.get(c["title_code"], c["title_code"]))
            for i, c in enumerate(candidates, start=1)]


def ballot(*, session: Mapping, council: Mapping, parent: Mapping | None, candidates: Sequence[Mapping], titles: Mapping[str, str]) -> Paper:
    """A blank ballot: a box for «Đồng ý» and one for «Không đồng ý» per candidate; no name, no number."""
    rows = [(*row, "☐", "☐") for row in candidate_rows(candidates, titles)]
    return Paper(
        head=letterhead(council, parent, "", session["meeting_on"]), title="PHIẾU BẦU", stem="phieu-bau",
        subject=session["name"],
        sections=[Section(
            paragraphs=[f"Phiên họp {long_date(session['meeting_on'])}. Đánh dấu (x) vào một ô cho mỗi tập thể, cá nhân; "
                        "để trống cả hai ô là không biểu quyết. Phiếu không ghi tên người bầu."],
            grid=Grid(("STT", "Tập thể / cá nhân", "Đơn vị", "Danh hiệu / hình thức đề nghị", "Đồng ý", "Không đồng ý"),
                      rows, (7, 26, 24, 23, 10, 10)),
        )],
    )


def results_grid(results: Sequence[Mapping], titles: Mapping[str, str]) -> Grid:
    rows = [
        (i, r["nominee_name"], titles.get(r["title_code"], r["title_code"]), r["yes"], r["no"], r["abstain"],
         r["required_yes"], OUTCOMES[bool(r["passed"])] + (" (ngoài số lượng)" if r["beyond_quota"] else ""))
        for i, r in enumerate(results, start=1)
    ]
    return Grid(("STT", "Tập thể / cá nhân", "Danh hiệu / hình thức", "Đồng ý", "Không đồng ý", "Không biểu quyết",
                 "Số phiếu đồng ý cần đạt", "Kết quả"), rows, (6, 22, 20, 9, 10, 11, 11, 11))


def attendance(session: Mapping) -> str:
    written = session.get("written_count") or 0
    return (f"Tổng số thành viên Hội đồng: {session['members_count']:02d}; có mặt: {session['present_count']:02d}; "
            f"ý kiến bằng văn bản của thành viên vắng mặt: {written:02d}. Tỷ lệ biểu quyết tính trên tổng số thành viên Hội đồng.")


def outcome(session: Mapping, results: Sequence[Mapping]) -> list[str]:
    if not results:
        return [STATUS_WORDS.get(session["status"], "")]
    passed = sum(1 for r in results if r["passed"])
    return [f"Kết quả: {passed:02d}/{len(results):02d} tập thể, cá nhân đạt số phiếu đồng ý theo quy định."]


def minutes(*, session: Mapping, council: Mapping, parent: Mapping | None, chair: Mapping, results: Sequence[Mapping],
            candidates: Sequence[Mapping], titles: Mapping[str, str]) -> Paper:
    """Biên bản họp Hội đồng: when and who, the agenda, the vote and its result."""
    day: date = session["meeting_on"]
    return Paper(
        head=letterhead(council, parent, "BB", day), title="BIÊN BẢN", stem=f"bien-ban-hop-{day:%Y-%m-%d}",
        subject=f"Họp {session['name']}",
        sections=[
            Section("I. THỜI GIAN, THÀNH PHẦN", [
                f"Thời gian: {long_date(day)}.", f"Chủ trì: {chair.get('full_name', '')}, Chủ tịch Hội đồng.", attendance(session),
            ]),
            Section("II. NỘI DUNG", [f"Hội đồng xem xét, bỏ phiếu kín đối với {len(candidates):02d} hồ sơ đề nghị khen thưởng:"],
                    grid=Grid(("STT", "Tập thể / cá nhân", "Đơn vị", "Danh hiệu / hình thức đề nghị"),
                              candidate_rows(candidates, titles), (8, 34, 30, 28))),
            Section("III. KẾT QUẢ BỎ PHIẾU", grid=results_grid(results, titles) if results else None,
                    closing=[*outcome(session, results), "Biên bản được thông qua tại phiên họp./."]),
        ],
        signatures=[Signature("", "", capacity="Thư ký"), Signature("Chủ tịch Hội đồng", chair.get("full_name", ""), capacity="Chủ trì")],
    )


def tally_record(*, session: Mapping, council: Mapping, parent: Mapping | None, chair: Mapping, results: Sequence[Mapping],
                 titles: Mapping[str, str]) -> Paper:
    """Biên bản kiểm phiếu: the totals per candidate as decrypted by the trustees, the threshold and the result."""
    day: date = session["meeting_on"]
    threshold = ", ".join(dict.fromkeys(r["threshold"] for r in results))  # a fraction of the membership: "2/3"
    return Paper(
        head=letterhead(council, parent, "BB", day), title="BIÊN BẢN KIỂM PHIẾU", stem=f"bien-ban-kiem-phieu-{day:%Y-%m-%d}",
        subject=session["name"],
        sections=[Section(
            paragraphs=[attendance(session),
                        "Phiếu bầu kín được kiểm bằng phép cộng mã hóa: chỉ tổng số phiếu từng hồ sơ được giải mã, "
                        "không phiếu nào gắn với người bầu."
                        + (f" Tỷ lệ đồng ý cần đạt: {threshold} tổng số thành viên Hội đồng." if threshold else "")],
            grid=results_grid(results, titles) if results else None,
            closing=outcome(session, results),
        )],
        signatures=[Signature("", "", capacity="Thành viên kiểm phiếu"), Signature("Chủ tịch Hội đồng", chair.get("full_name", ""))],
    )
