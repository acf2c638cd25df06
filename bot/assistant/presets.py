"""Department assistants: a named preset an admin saves for a department (instructions the model
follows after the fixed rules, and a library filter: kinds and departments); staff pick one."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.library.units import KINDS

MAX_INSTRUCTIONS = 1000


class PresetError(ValueError):
    """A preset that cannot be saved; the message says which field and why."""


@dataclass(frozen=True)
class Preset:
    name: str
    department: str = ""
    instructions: str = ""
    kinds: tuple[str, ...] = ()
    library_departments: tuple[str, ...] = ()
    updated_by: str = ""

    def validate(self) -> "Preset":
        if not self.name.strip() or len(self.name) > 40:
            raise PresetError("이름은 1~40자로 써 주세요.")
        if len(self.instructions) > MAX_INSTRUCTIONS:
            raise PresetError(f"지침은 {MAX_INSTRUCTIONS}자까지 쓸 수 있어요.")
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown:
            raise PresetError(f"자료 종류 '{unknown[0]}'는 없어요. {', '.join(KINDS)} 중에서 골라 주세요.")
        return self


@dataclass
class PresetStore:
    path: Path

    def all(self) -> list[Preset]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [Preset(**{**p, "kinds": tuple(p.get("kinds", ())),
                          "library_departments": tuple(p.get("library_departments", ()))}) for p in data]

    def get(self, name: str) -> Preset | None:
        return next((p for p in self.all() if p.name == name), None)

    def save(self, preset: Preset) -> None:
        preset.validate()
        kept = [p for p in self.all() if p.name != preset.name] + [preset]
        self._write(kept)

    def delete(self, name: str) -> bool:
        kept = [p for p in self.all() if p.name != name]
        changed = len(kept) != len(self.all())
        self._write(kept)
        return changed

    def _write(self, presets: list[Preset]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temp.write_text(json.dumps([asdict(p) for p in sorted(presets, key=lambda p: p.name)], ensure_ascii=False,
                                   indent=1), encoding="utf-8")
        os.replace(temp, self.path)
