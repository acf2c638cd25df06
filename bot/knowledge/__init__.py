"""Staff-owned knowledge files: read, validate, and turn into typed records."""
from bot.knowledge.files import Problem, KnowledgeError

__all__ = ["Problem", "KnowledgeError"]
