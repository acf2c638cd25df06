"""kill -9 loses no acknowledged complaint and no published knowledge version."""
import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from bot.search.versions import IndexStore
from bot.settings import ROOT, Settings

pytestmark = pytest.mark.e2e


def test_acknowledged_complaint_survives_kill_9_of_every_process(stack, stack_database):
    s = "kill-resident"
    stack.chat(s, "가로등이 꺼져 있어요 신고할게요")
    stack.chat(s, "용답동")
    stack.chat(s, "용답역 2번 출구")
    stack.chat(s, "밤새 불이 안 들어와서 깜깜해요")
    stack.chat(s, "동의하지 않아요")
    filed = stack.say(s, "접수")
    ticket = filed.split("접수번호는 ")[1][:11]
    for process in stack.processes.values():
        process.signal_all(signal.SIGKILL)         # each process and its workers, as a power cut would
        process.popen.wait()
    for process in stack.processes.values():
        process.start()
    stack.wait_until_up(240)
    engine = create_engine(stack_database)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from complaints where ticket = :t"), {"t": ticket}).scalar() == 1
    engine.dispose()
    assert stack.chat("kill-after", "안녕하세요")["intent"]["name"] == "greet"


def test_kill_9_during_publish_keeps_the_live_version(stack, tmp_path):
    settings = Settings.load(environ=stack.env)
    store = IndexStore(settings.index_dir)
    live = store.current_version()
    env = {**stack.env, "MINWON_EMBED_WORKERS": "1"}
    (settings.faq_dir / "zz-kill.csv").write_text(
        "id,question,answer\n" + "".join(f"k-{i},임시 질문 {i}번은 무엇인가요?,임시 답변 {i}번이에요.\n" for i in range(3000)),
        encoding="utf-8")
    try:
        publish = subprocess.Popen([str(ROOT / ".venv/bin/minwon"), "publish"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)                      # still embedding 3,000 new rows (~30 s), long before the switch
        publish.send_signal(signal.SIGKILL)
        publish.wait()
    finally:
        (settings.faq_dir / "zz-kill.csv").unlink()
    assert store.current_version() == live
    assert store.load(live).rows
    reply = stack.chat("kill-publish", "재산세 언제 내는 거예요?")
    assert reply["source"] in ("faq", "llm")
