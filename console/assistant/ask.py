"""The assistant's home, and asking the library: a grounded answer with citations, streamed (NDJSON to
the page's script) or, without script, in one response; the excerpts when there is no checked answer."""
from __future__ import annotations

import json

from flask import Response, render_template, request, stream_with_context

from bot.answer.llm import llm_from
from bot.assistant.ask import AskResult, ask as ask_library, ask_streaming, start
from bot.library.excerpt import excerpt
from console.access import current_user, fail
from console.assistant import bp
from console.assistant.helpers import NO_LLM, chosen_preset, llm_for_user, presets, record, usage
from console.common import settings
from console.library.service import library

MAX_QUESTION = 500


@bp.get("/assistant")
def home():
    llm = llm_from(settings())
    limit = settings().assistant_daily_limit
    used = usage().llm_uses_today(current_user().username) if llm else 0
    return render_template("staff/assistant_home.html", llm=llm is not None, no_llm=NO_LLM, limit=limit, used=used,
                           presets=presets().all())


def _question() -> str:
    question = request.form.get("question", "").strip()
    if not question:
        fail(400, "물어볼 내용을 써 주세요.")
    if len(question) > MAX_QUESTION:
        fail(400, f"질문은 {MAX_QUESTION}자까지 쓸 수 있어요.")
    return question


def _ranking(question: str, preset):
    kinds, departments = (preset.kinds, preset.library_departments) if preset else ((), ())
    return library().search(question, k=5, kinds=kinds, departments=departments)


def _result_html(result: AskResult, llm_note: str) -> str:
    return render_template("staff/assistant_answer.html", result=result, excerpt=excerpt, llm_note=llm_note)


@bp.get("/assistant/ask")
def ask_form():
    return render_template("staff/assistant_ask.html", presets=presets().all(), chosen=None, question="",
                           answer_html="")


@bp.post("/assistant/ask")
def ask():
    question, preset = _question(), chosen_preset()
    llm, llm_note = llm_for_user()
    result = ask_library(question, _ranking(question, preset), llm, settings().district, preset)
    record(result.use)
    return render_template("staff/assistant_ask.html", presets=presets().all(), chosen=preset, question=question,
                           answer_html=_result_html(result, llm_note))


@bp.post("/assistant/ask/stream")
def ask_stream():
    """One JSON object per line: {"type": "delta", "text"} while the model writes, then {"type": "result",
    "status", "html"}: the checked answer, or the excerpts when the draft was rejected or cut off."""
    question, preset = _question(), chosen_preset()
    llm, llm_note = llm_for_user()
    ranking = _ranking(question, preset)

    def events():
        result = start(question, ranking)
        if llm is not None:
            for piece in ask_streaming(question, ranking, llm, settings().district, preset, result):
                yield json.dumps({"type": "delta", "text": piece}, ensure_ascii=False) + "\n"
        else:
            result.use.outcome = result.status if result.status == "not_found" else "no LLM"
        record(result.use)
        yield json.dumps({"type": "result", "status": result.status, "html": _result_html(result, llm_note)},
                         ensure_ascii=False) + "\n"

    return Response(stream_with_context(events()), mimetype="application/x-ndjson",
                    headers={"X-Accel-Buffering": "no"})
