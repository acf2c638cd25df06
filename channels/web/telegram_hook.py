"""POST /telegram/webhook — placeholder until the Telegram bridge lands."""
from flask import Blueprint

bp = Blueprint("telegram_hook", __name__)
