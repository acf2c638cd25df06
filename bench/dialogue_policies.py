"""Issue 21 §3: the dialogue policies compared on the same yardsticks (docs/adr/0007-dialogue-manager.md).

    nice -n 10 .venv/bin/python bench/dialogue_policies.py
        [--variants rules,unhappy,ted,ted-stories,manager-merged,manager] [--before DIR]
        [--skip-quality] [--skip-load] [--seconds 8] [--rounds 1]

Variants (VARIANTS below):
  rules    (a) the rules-only setup: the last commit before the dialogue manager merged (BEFORE, 6054b0e^1):
               one rule per intent, two Rasa forms, Rule + Memoization policies
  unhappy  (b) (a) plus the unhappy-path rules and stories of bench/dialogue_policies/unhappy/ (and its slot
               mappings, so a form can reject a side question), Rule + Memoization (policies/unhappy.yml)
  ted      (c) (b) with TEDPolicy added (policies/ted.yml)
  ted-stories (c′) (a)'s rules, each only outside a form (ted_stories/rules.yml), plus the stories and the slot
               mappings of (b), TEDPolicy: inside a form the unhappy paths are left to what TED learns from the
               stories (with (a)'s rules unchanged, RulePolicy refuses to train: they contradict the stories)
  manager-merged (d₀) the dialogue manager as it merged (MERGED, 6054b0e): the same action code as (a) but for
               what the merge brought, so later work built on it is not counted for the design
  manager  (d) this checkout: the dialogue state kept in the actions (actions/converse.py)

(a)–(c′) run the code of BEFORE, (d₀) that of MERGED, each exported with `git archive` into
var/dialogue_policies/checkout-<commit>/ (or, for BEFORE, --before DIR: a checkout of it); (d) runs this
checkout. Each variant's model is trained by `rasa train` with its checkout's NLU pipeline (the same
config.yml pipeline in every checkout) and THIS checkout's NLU data (data/nlu), so the NLU is the same in every
variant and only the dialogue differs (the policies, the domain overlay and the added data folders change nothing
else), into var/dialogue_policies/models/, again only when its inputs changed. For each variant:

- quality: the checkout's own end-to-end stack (bench/variant_stack.py → its tests/e2e/stack.py, one Rasa, the
  test clock, a fresh PostgreSQL complaints database, the per-address limits lifted as in tests/conftest.py)
  plays this checkout's conversation corpus with this checkout's player (bot/conversations, as
  `minwon converse`): main part and fresh development set (transcripts to
  var/dialogue_policies/<variant>-main.txt, -fresh.txt) and held-out part (its figure only); then held-out
  intent macro-F1 per language (bot/nlu_eval, as `minwon nlu-eval`).
- load: `make bench-quick`'s measurement (bench/run.py: warm-up, closed-loop runs at concurrency 1 and 10,
  6-message conversations, `--seconds` each) of the deployed shape (two Rasa processes, one gateway worker,
  rate limits lifted) and of bare `rasa init` in the same run: bare Rasa before the variants and again after,
  the ratio taken to their mean. The 1-minute load average is recorded before every figure (the machine is
  shared). Results: bench/results/dialogue_policies.json (variants not run this time, and a half skipped, are
  kept from it); a summary table is printed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import bare_rasa, measured_load, warm_up  # noqa: E402
from bot.conversations import Player, load_conversations, play  # noqa: E402
from bot.conversations.report import closing, summary, transcript  # noqa: E402
from bot.nlu_eval import evaluate, load_examples  # noqa: E402

MERGED = "6054b0e"      # the merge of the dialogue manager (dialogue-21)
BEFORE = MERGED + "^1"  # the last commit before it: the rules-only setup
HERE = ROOT / "bench" / "dialogue_policies"
WORK = ROOT / "var" / "dialogue_policies"
CORPUS = ROOT / "tests" / "conversations"
# As tests/conftest.py's `stack` (conversations) and bench/run.py's full_system (load).
E2E_ENV = {"MINWON_TEST_CLOCK": "true", "MINWON_RATE_LIMIT_IP": "100000/minute",
           "MINWON_RATE_LIMIT_LOOKUP_IP": "100000/minute"}
LOAD_ENV = {"MINWON_RATE_LIMIT_IP": "1000000/minute", "MINWON_RATE_LIMIT_SESSION": "1000000/minute"}


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    checkout: str                  # a git revision whose code runs (exported), or "current" (this checkout)
    policies: Path | None = None   # a YAML file whose `policies` replace the checkout's config.yml policies
    domain: Path | None = None     # merged into the checkout's domain.yml (merged_domain)
    data: tuple[Path, ...] = ()    # training data folders added to the checkout's data/
    rules: Path | None = None      # replaces the checkout's data/rules.yml


UNHAPPY = HERE / "unhappy"
VARIANTS = [
    Variant("rules", "(a) rules-only: a rule per intent, two Rasa forms", BEFORE),
    Variant("unhappy", "(b) + unhappy-path rules and stories (Rule + Memoization)", BEFORE,
            HERE / "policies" / "unhappy.yml", UNHAPPY / "domain.yml", (UNHAPPY / "rules", UNHAPPY / "stories")),
    Variant("ted", "(c) (b) + TEDPolicy", BEFORE, HERE / "policies" / "ted.yml", UNHAPPY / "domain.yml",
            (UNHAPPY / "rules", UNHAPPY / "stories")),
    # TED has a say only where no rule applies: here the unhappy paths are left to what it learns from the stories.
    Variant("ted-stories", "(c′) (a)'s rules outside forms only + the stories, TEDPolicy", BEFORE,
            HERE / "policies" / "ted.yml", UNHAPPY / "domain.yml", (UNHAPPY / "stories",),
            HERE / "ted_stories" / "rules.yml"),
    # The same design on the day it merged: the same action code as (a) apart from what the merge brought, so the
    # policy's share of the difference is not mixed with what was built on it later.
    Variant("manager-merged", "(d₀) dialogue state in the actions, as merged (6054b0e)", MERGED),
    Variant("manager", "(d) dialogue state in the actions", "current"),
]


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def checkout_of(revision: str, given: str | None = None) -> Path:
    """A revision's files (a checkout of it given on the command line, else exported once with `git archive`),
    with this checkout's environments."""
    if revision == "current":
        return ROOT
    commit = git("rev-parse", revision)
    folder = Path(given).resolve() if given else WORK / f"checkout-{commit[:10]}"
    if not given and not (folder / "domain.yml").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        (folder / "EXPORTED_FROM").write_text(commit + "\n")
    for env in (".venv", ".venv-rasa", "node_modules"):
        link = folder / env
        if not link.exists() and (ROOT / env).exists():
            link.symlink_to((ROOT / env).resolve())
    return folder


def merged_domain(base: dict, overlay: dict) -> dict:
    """The base domain with the overlay's slots and responses (by name) and any listed intents, entities or
    actions added."""
    merged = dict(base)
    for section in ("slots", "responses", "forms"):
        if section in overlay:
            merged[section] = {**(base.get(section) or {}), **overlay[section]}
    for section in ("intents", "entities", "actions"):
        if section in overlay:
            merged[section] = list(base.get(section) or []) + [i for i in overlay[section]
                                                                 if i not in (base.get(section) or [])]
    return merged


def project(variant: Variant, checkout: Path) -> tuple[Path, Path, list[Path]]:
    """The config, domain and data folders `rasa train` gets for this variant."""
    out = WORK / variant.name
    out.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((checkout / "config.yml").read_text(encoding="utf-8"))
    if variant.policies:
        config["policies"] = yaml.safe_load(variant.policies.read_text(encoding="utf-8"))["policies"]
    domain = yaml.safe_load((checkout / "domain.yml").read_text(encoding="utf-8"))
    if variant.domain:
        domain = merged_domain(domain, yaml.safe_load(variant.domain.read_text(encoding="utf-8")))
    # The NLU data is this checkout's for every variant (the pipeline is the same in every checkout's config.yml):
    # the NLU is then identical across variants and only the dialogue differs.
    dropped = {"nlu", *(["rules.yml"] if variant.rules else [])}
    base = [p for p in sorted((checkout / "data").iterdir()) if p.name not in dropped] + [ROOT / "data" / "nlu"]
    data = [*base, *([variant.rules] if variant.rules else []), *variant.data]
    for name, content in (("config.yml", config), ("domain.yml", domain)):
        (out / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out / "config.yml", out / "domain.yml", data


def inputs_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def train(variant: Variant, checkout: Path) -> tuple[Path, float | None]:
    """The variant's model, trained when its inputs changed; the training's seconds (None: reused)."""
    config, domain, data = project(variant, checkout)
    files = [config, domain] + sorted(p for item in data for p in ([item] if item.is_file() else item.rglob("*.yml"))) \
        + sorted((checkout / "bot" / "nlu").glob("*.py"))
    models = WORK / "models"
    model, stamp = models / f"{variant.name}.tar.gz", models / f"{variant.name}.hash"
    wanted = inputs_hash(files)
    if model.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return model, None
    print(f"training {variant.name} …", flush=True)
    start = time.perf_counter()
    done = subprocess.run([str(checkout / ".venv-rasa" / "bin" / "rasa"), "train", "--config", str(config),
                           "--domain", str(domain), "--data", *map(str, data), "--out", str(models),
                           "--fixed-model-name", variant.name, "--quiet"],
                          cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout), "RASA_TELEMETRY_ENABLED": "false"},
                          capture_output=True, text=True)
    if done.returncode != 0 or not model.exists():
        raise RuntimeError(f"rasa train failed for {variant.name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    stamp.write_text(wanted + "\n")
    return model, round(time.perf_counter() - start, 1)


@contextmanager
def running(checkout: Path, model: Path, replicas: int, database: bool, env: dict[str, str]) -> Iterator[dict]:
    """The checkout's stack with this model (bench/variant_stack.py), stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="dialogue-policies-") as scratch:
        log = Path(scratch) / "variant_stack.log"
        args = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "bench" / "variant_stack.py"), "--root", str(checkout),
                "--model", str(model), "--workdir", str(Path(scratch) / "stack"), "--replicas", str(replicas),
                *(["--database"] if database else []), *[f"--env={k}={v}" for k, v in env.items()]]
        with log.open("w") as errors:
            helper = subprocess.Popen(args, cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)},
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True)
            try:
                line = helper.stdout.readline()
                if not line:
                    helper.wait(60)
                    raise RuntimeError(f"the stack of {checkout} did not start:\n{log.read_text()[-4000:]}")
                yield json.loads(line)
            finally:
                helper.stdin.close()
                try:
                    helper.wait(120)
                except subprocess.TimeoutExpired:
                    helper.terminate()
                    helper.wait(60)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def quality(variant: Variant, checkout: Path, model: Path) -> dict:
    """The corpus' turn pass rates (main, held-out) and held-out intent macro-F1 per language."""
    figures: dict = {"load_before": load_average()}
    with running(checkout, model, 1, True, E2E_ENV) as stack:
        rasa_url = "|".join(stack["rasa_urls"])

        def player() -> Player:
            return Player(stack["web_url"], rasa_url=rasa_url, rasa_token=stack["rasa_token"],
                          database=stack["database"])

        main_player = player()
        main = play(load_conversations([CORPUS]), main_player)
        (WORK / f"{variant.name}-main.txt").write_text(
            "\n\n".join(map(transcript, main.conversations)) + "\n\n" + closing(main) + "\n", encoding="utf-8")
        figures["main"] = {k: v for k, v in summary(main).items() if k in ("turns", "passed", "rate")}
        fresh_player = player()     # the fresh development set (written apart; may be read)
        fresh = play(load_conversations([CORPUS / "fresh"]), fresh_player)
        (WORK / f"{variant.name}-fresh.txt").write_text(
            "\n\n".join(map(transcript, fresh.conversations)) + "\n\n" + closing(fresh) + "\n", encoding="utf-8")
        figures["fresh"] = {k: v for k, v in summary(fresh).items() if k in ("turns", "passed", "rate")}
        heldout_player = player()   # the held-out part: its figure only, never its transcript
        heldout = play(load_conversations([CORPUS / "heldout"]), heldout_player)
        figures["heldout"] = {k: v for k, v in summary(heldout).items() if k in ("turns", "passed", "rate")}
        figures["clock_honoured"] = not (main_player.clock_ignored or fresh_player.clock_ignored
                                         or heldout_player.clock_ignored)
        figures["load_after_corpus"] = load_average()
        figures["intent_macro_f1"] = {
            lang: round(evaluate(stack["rasa_urls"][0], load_examples(ROOT / "tests" / "nlu" / f"heldout_{lang}.yml"),
                                 stack["rasa_token"]).macro_f1, 4) for lang in ("ko", "en")}
    return figures


def answer_each_once(url: str, kind: str) -> None:
    """Every load message answered once, however long it takes: bench/run.py's warm-up is bounded in time, and
    on a loaded machine a stack could still be loading (the FAQ index, TEDPolicy's graph) in the measured level."""
    for number, message in enumerate(load.MESSAGES):
        path, body = load._body(kind, f"warm-up-once-{number}", message)
        requests.post(url + path, data=body, headers={"Content-Type": "application/json"}, timeout=120)


def load_levels(name: str, url: str, kind: str, pids: dict[str, int], seconds: float) -> list[dict]:
    answer_each_once(url, kind)
    warm_up(url, kind)
    rows = []
    for concurrency in (1, 10):
        before = load_average()
        row = measured_load(url, kind, pids, concurrency, seconds, conversation_length=6,
                            label=f"{name}-c{concurrency}")
        rows.append({"system": name, "load_before": before, **row})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def throughput(chosen: list[tuple[Variant, Path, Path]], seconds: float, rounds: int) -> dict:
    """bench-quick's load levels for each variant, bare `rasa init` measured in the same run before and after."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="dialogue-policies-bare-") as scratch:
        bare, url, trained = bare_rasa(Path(scratch))
        try:
            bare_pids = {"bare rasa": bare.popen.pid}
            for _ in range(rounds):
                rows += load_levels("bare", url, "rasa", bare_pids, seconds)
                for variant, checkout, model in chosen:
                    with running(checkout, model, 2, False, LOAD_ENV) as stack:
                        rows += load_levels(variant.name, stack["web_url"], "gateway", stack["pids"], seconds)
            rows += load_levels("bare", url, "rasa", bare_pids, seconds)
        finally:
            bare.stop()
    bare_c10 = [r["rps"] for r in rows if r["system"] == "bare" and r["concurrency"] == 10]
    reference = sum(bare_c10) / len(bare_c10)
    ratios = {}
    for variant, _, _ in chosen:
        c10 = [r for r in rows if r["system"] == variant.name and r["concurrency"] == 10]
        ratios[variant.name] = {"rps_c10": [r["rps"] for r in c10], "p95_ms_c10": [r["p95_ms"] for r in c10],
                                "ratio_to_bare_c10": [round(r["rps"] / reference, 2) for r in c10],
                                "load_before": [r["load_before"] for r in c10]}
    return {"seconds": seconds, "rounds": rounds, "bare_rasa_train_s": trained, "bare_rps_c10": bare_c10,
            "levels": rows, "by_variant": ratios}


def _turns(figures: dict | None, part: str) -> str:
    return f"{figures[part]['rate']:.3f} ({figures[part]['passed']}/{figures[part]['turns']})" \
        if figures and part in figures else "–"


def table(report: dict) -> str:
    lines = ["| variant | main turns | fresh turns | held-out turns | intent F1 ko / en | c=10 rps (× bare) | p95 ms | load |",
             "|---|---|---|---|---|---|---|---|"]
    for name, row in report["variants"].items():
        q, t = row.get("quality"), report.get("load", {}).get("by_variant", {}).get(name)
        f1 = f"{q['intent_macro_f1']['ko']:.3f} / {q['intent_macro_f1']['en']:.3f}" if q else "–"
        speed = ", ".join(f"{r} ({x}×)" for r, x in zip(t["rps_c10"], t["ratio_to_bare_c10"])) if t else "–"
        p95 = ", ".join(map(str, t["p95_ms_c10"])) if t else "–"
        load = ", ".join(map(str, t["load_before"])) if t else (str(q["load_before"]) if q else "–")
        lines.append(f"| {row['label']} | {_turns(q, 'main')} | {_turns(q, 'fresh')} | {_turns(q, 'heldout')} | {f1} "
                     f"| {speed} | {p95} | {load} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default=",".join(v.name for v in VARIANTS))
    parser.add_argument("--before", help=f"a checkout of {BEFORE} (default: exported into {WORK}/checkout-<commit>)")
    parser.add_argument("--skip-quality", action="store_true",
                        help="no conversation corpus, no intent F1 (those already in --out are kept)")
    parser.add_argument("--skip-load", action="store_true", help="no throughput runs (those already in --out are kept)")
    parser.add_argument("--seconds", type=float, default=8, help="each load level (make bench-quick: 8)")
    parser.add_argument("--rounds", type=int, default=1, help="load rounds (bare Rasa, every variant) before bare again")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dialogue_policies.json"))
    args = parser.parse_args()
    names = args.variants.split(",")
    unknown = set(names) - {v.name for v in VARIANTS}
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    wanted = [v for v in VARIANTS if v.name in names]
    checkouts = {v.checkout: checkout_of(v.checkout, args.before if v.checkout == BEFORE else None) for v in wanted}
    out = Path(args.out)
    earlier = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
                    "current": git("describe", "--always", "--dirty"),
                    "checkouts": {rev: {"commit": git("rev-parse", "HEAD" if rev == "current" else rev),
                                        "folder": str(path)} for rev, path in checkouts.items()},
                    "variants": {}}
    kept = {name: row for name, row in earlier.get("variants", {}).items() if name not in names}

    def save() -> None:
        """The report so far (variants run in an earlier invocation kept), in VARIANTS' order."""
        everything = {**kept, **report["variants"]}
        order = [v.name for v in VARIANTS if v.name in everything]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**report, "variants": {n: everything[n] for n in order}}, ensure_ascii=False,
                                  indent=2), encoding="utf-8")

    chosen = []
    for variant in wanted:
        checkout = checkouts[variant.checkout]
        model, seconds = train(variant, checkout)
        row = report["variants"][variant.name] = {"label": variant.label, "model": str(model), "train_s": seconds}
        if not args.skip_quality:
            row["quality"] = {"date": time.strftime("%Y-%m-%d %H:%M"), **quality(variant, checkout, model)}
            print(variant.name, json.dumps(row["quality"]), flush=True)
            save()
        elif "quality" in earlier.get("variants", {}).get(variant.name, {}):
            row["quality"] = earlier["variants"][variant.name]["quality"]
        chosen.append((variant, checkout, model))
    if not args.skip_load:
        report["load"] = {"date": time.strftime("%Y-%m-%d %H:%M"), **throughput(chosen, args.seconds, args.rounds)}
    elif "load" in earlier:
        report["load"] = earlier["load"]
    save()
    print(table(json.loads(out.read_text(encoding="utf-8"))))


if __name__ == "__main__":
    main()
