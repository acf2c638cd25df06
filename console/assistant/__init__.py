"""The staff assistant: ask the library, organise complaints on request, draft replies and documents,
translate or correct, and department presets. With an LLM configured (openai client) it drafts;
without one, search, the complaint report and filled templates still work, and each page says what
an LLM would add. Every use is audited; LLM uses count against a daily limit per staff member."""
from flask import Blueprint

bp = Blueprint("assistant", __name__, template_folder="templates")

from console.assistant import ask, drafts, presets, report  # noqa: E402,F401  (their routes join bp)
