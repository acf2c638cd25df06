"""Conversation tests: multi-turn resident conversations with machine checks (tests/conversations/).

``corpus`` reads and validates the files, ``checks`` judges one reply, ``player`` plays the
conversations against a running gateway, ``report`` prints the transcript and the pass rate.
"""
from bot.conversations.corpus import Conversation, CorpusError, Turn, load_conversations
from bot.conversations.player import Player, play
from bot.conversations.report import Result, summary

__all__ = ["Conversation", "CorpusError", "Player", "Result", "Turn", "load_conversations", "play", "summary"]
