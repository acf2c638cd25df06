"""The deployment files (deploy/) and docs/deploy.md stay valid, free of secrets and in step with the code."""
from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from bot.settings import ROOT, Settings

DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SYSTEMD = DEPLOY / "systemd"
DOC_PATH = ROOT / "docs" / "deploy.md"
DOC = DOC_PATH.read_text(encoding="utf-8")

YAML_FILES = sorted({*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")})
VALUES_FILES = [p for p in YAML_FILES if p.name.endswith("-values.yaml")]  # Helm values, not manifests
MANIFESTS = [p for p in YAML_FILES if p.parent == K8S and p not in VALUES_FILES]
SERVICES = sorted(SYSTEMD.glob("*.service"))
TARGET = SYSTEMD / "minwon.target"
SETTING_NAMES = {"MINWON_" + f.name.upper() for f in fields(Settings)}
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def documents(path: Path) -> list:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def manifest(name: str, kind: str) -> dict:
    found = [doc for path in MANIFESTS for doc in documents(path)
             if doc.get("kind") == kind and doc["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def rasa_values() -> dict:
    return documents(K8S / "rasa-values.yaml")[0]


def pod_specs() -> list[tuple[str, dict]]:
    """(name, pod spec) of every Deployment and Job in the manifests."""
    return [(doc["metadata"]["name"], doc["spec"]["template"]["spec"]) for path in MANIFESTS for doc in documents(path)
            if doc.get("kind") in ("Deployment", "Job")]


def doc_block(first_line: str, language: str) -> str:
    """The fenced block of docs/deploy.md whose first line is ``first_line``."""
    for block in re.findall(rf"```{language}\n(.*?)```", DOC, re.S):
        if block.startswith(first_line):
            return block
    raise AssertionError(f"docs/deploy.md has no ```{language} block starting with {first_line!r}")


def env_lines(block: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#"))


# ---------------------------------------------------------------- YAML and manifests

def test_the_deploy_files_are_there():
    assert {p.name for p in SERVICES} == {"minwon-rasa.service", "minwon-actions.service", "minwon-web.service",
                                          "minwon-telegram.service"}
    assert TARGET.is_file()
    assert {p.name for p in MANIFESTS} == {"actions.yaml", "gateway.yaml", "config.yaml", "publish-job.yaml",
                                           "data-pvc.yaml", "rasa-endpoints.yaml", "network-policies.yaml"}
    assert [p.name for p in VALUES_FILES] == ["rasa-values.yaml"]


@pytest.mark.parametrize("path", YAML_FILES, ids=rel)
def test_every_yaml_file_parses(path):
    assert documents(path), f"{rel(path)} holds no YAML document"


@pytest.mark.parametrize("path", MANIFESTS, ids=rel)
def test_every_manifest_has_api_version_kind_and_name(path):
    for doc in documents(path):
        assert isinstance(doc, dict)
        assert doc.get("apiVersion") and doc.get("kind"), f"{rel(path)}: a document without apiVersion/kind"
        assert (doc.get("metadata") or {}).get("name"), f"{rel(path)}: a {doc['kind']} without metadata.name"


def test_no_manifest_is_a_secret():
    kinds = {doc["kind"] for path in MANIFESTS for doc in documents(path)}
    assert "Secret" not in kinds, "secrets are created with kubectl from an env file, never kept in deploy/"


@pytest.mark.parametrize("name", ["minwon-gateway", "minwon-actions"])
def test_deployments_have_probes_and_resource_requests(name):
    deployment = manifest(name, "Deployment")
    assert deployment["spec"]["replicas"] >= 2
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        assert container.get("readinessProbe"), f"{name}/{container['name']}: no readinessProbe"
        assert container.get("livenessProbe"), f"{name}/{container['name']}: no livenessProbe"
        requests = container.get("resources", {}).get("requests", {})
        assert requests.get("memory") and requests.get("cpu"), f"{name}/{container['name']}: no resource requests"


def test_the_probe_check_covers_every_deployment():
    deployments = [doc for path in MANIFESTS for doc in documents(path) if doc["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == {"minwon-gateway", "minwon-actions"}


def test_gateway_is_ready_on_healthz_and_alive_on_a_plain_check():
    container = manifest("minwon-gateway", "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    liveness = container["livenessProbe"]
    assert "tcpSocket" in liveness or liveness["httpGet"]["path"] == "/"
    assert "channels.web:create_app()" in container["command"]


def test_each_deployment_has_a_service_on_its_port():
    for name, port in [("minwon-gateway", 8000), ("minwon-actions", 5055)]:
        spec = manifest(name, "Deployment")["spec"]
        service = manifest(name, "Service")["spec"]
        assert service["selector"].items() <= spec["template"]["metadata"]["labels"].items()
        assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items()
        ports = {p["name"]: p["containerPort"] for p in spec["template"]["spec"]["containers"][0]["ports"]}
        assert ports[service["ports"][0]["targetPort"]] == port


def test_pods_take_settings_from_the_configmap_and_the_secret_and_share_the_data_volume():
    config = manifest("minwon-config", "ConfigMap")["data"]
    pvc = manifest("minwon-data", "PersistentVolumeClaim")
    assert "ReadWriteMany" in pvc["spec"]["accessModes"]
    specs = pod_specs()
    assert {name for name, _ in specs} == {"minwon-gateway", "minwon-actions", "minwon-publish"}
    for name, spec in specs:
        claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec["volumes"] if "persistentVolumeClaim" in v}
        for container in spec["containers"]:
            sources = container["envFrom"]
            assert {"configMapRef": {"name": "minwon-config"}} in sources, name
            assert {"secretRef": {"name": "minwon-secrets"}} in sources, name
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"] if m["name"] in claims}
            assert [claims[v] for v in mounts.values()] == ["minwon-data"], name
            (mount_path,) = mounts
            for setting in ("MINWON_DATA_DIR", "MINWON_KNOWLEDGE_DIR"):
                assert config[setting].startswith(mount_path.rstrip("/") + "/"), f"{name}: {setting} is not on the volume"


def test_configmap_points_at_the_services_and_the_rasa_release():
    config = manifest("minwon-config", "ConfigMap")["data"]
    assert all(isinstance(value, str) for value in config.values()), "ConfigMap values must be strings"
    assert config["MINWON_ACTION_URL"] == "http://minwon-actions:5055"
    # `helm upgrade --install minwon-rasa rasa/rasa` names the chart's Service after the release
    assert "helm upgrade --install minwon-rasa rasa/rasa" in DOC
    assert config["MINWON_RASA_URL"] == f"http://minwon-rasa:{rasa_values()['service']['port']}"
    assert config["MINWON_SESSION_COOKIE_SECURE"] == "true"
    if rasa_values()["replicaCount"] > 1:
        assert config["MINWON_RASA_ROUTING"] == "round_robin", "several Rasa replicas need round_robin routing"


def test_rasa_values_run_our_image_with_the_production_endpoints():
    values = rasa_values()
    assert values["replicaCount"] >= 2
    assert values["applicationSettings"]["initialModel"] == "", "the chart would download its demo model"
    args = values["args"]
    assert args[0] == "run" and "--enable-api" not in args
    assert args[args.index("--model") + 1] == "/opt/minwon/models/minwon.tar.gz"
    endpoints = Path(args[args.index("--endpoints") + 1])
    mounts = {m["name"]: m["mountPath"] for m in values["volumeMounts"]}
    volumes = {v["name"]: v["configMap"]["name"] for v in values["volumes"]}
    (volume,) = [name for name, path in mounts.items() if path == str(endpoints.parent)]
    config_map = manifest(volumes[volume], "ConfigMap")
    assert endpoints.name in config_map["data"]
    env = {e["name"]: e for e in values["extraEnv"]}
    assert env["PYTHONPATH"]["value"] == "/opt/minwon"
    assert [name for name in env if name.startswith("MINWON_")] == ["MINWON_ACTION_KEY"], \
        "Rasa needs no MINWON_* setting but the action server's key"
    for probe in ("readinessProbe", "livenessProbe"):
        assert values[probe]["httpGet"]["path"]
    assert values["resources"]["requests"]["memory"]
    for bundled in ("postgresql", "redis", "rabbitmq", "rasa-action-server", "duckling"):
        assert values[bundled]["install"] is False
    assert values["nginx"]["enabled"] is False


# ---------------------------------------------------------------- production endpoints

def k8s_endpoints_text() -> str:
    return manifest("minwon-rasa-endpoints", "ConfigMap")["data"]["endpoints.yml"]


def doc_endpoints_text() -> str:
    return doc_block("# /etc/minwon/endpoints.yml", "yaml")


def proven_endpoints(tmp_path: Path) -> dict:
    """The endpoints tests/e2e/test_replicas.py runs two Rasa replicas with."""
    from tests.e2e.stack import Stack

    fake = SimpleNamespace(tracker_database="postgresql+psycopg://postgres@127.0.0.1:5432/minwon_test_x", workdir=tmp_path)
    return yaml.safe_load(Stack._endpoints(fake, 0, 5055).read_text())


@pytest.mark.parametrize("source", ["k8s", "docs"])
def test_production_endpoints_are_the_proven_sql_tracker_store_and_redis_lock_store(source, tmp_path):
    text = k8s_endpoints_text() if source == "k8s" else doc_endpoints_text()
    endpoints = yaml.safe_load(text)
    proven = proven_endpoints(tmp_path)
    for store in ("tracker_store", "lock_store"):
        assert endpoints[store]["type"] == proven[store]["type"]
        assert set(proven[store]) <= set(endpoints[store]), f"{store} lacks keys the e2e test relies on"
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["tracker_store"]["db"] == "minwon_rasa"
    assert endpoints["tracker_store"]["password"] == "${RASA_DB_PASSWORD}"
    assert endpoints["lock_store"]["password"] == "${RASA_REDIS_PASSWORD}"
    assert endpoints["action_endpoint"]["headers"] == proven["action_endpoint"]["headers"]
    action = endpoints["action_endpoint"]["url"]
    if source == "k8s":
        service = manifest("minwon-actions", "Service")
        assert action == f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/webhook"
    else:
        assert action == "http://127.0.0.1:5055/webhook"


def test_rasa_gets_every_variable_its_endpoints_use():
    wanted = set(re.findall(r"\$\{(\w+)\}", k8s_endpoints_text())) | set(re.findall(r"\$\{(\w+)\}", doc_endpoints_text()))
    assert wanted == {"RASA_DB_PASSWORD", "RASA_REDIS_PASSWORD", "MINWON_ACTION_KEY"}
    env = {e["name"]: e for e in rasa_values()["extraEnv"]}
    for name in wanted:
        assert env[name]["valueFrom"]["secretKeyRef"] == {"name": "minwon-secrets", "key": name}
    assert wanted <= set(env_lines(doc_block("# /etc/minwon/minwon.env", "sh")))
    assert wanted <= set(env_lines(doc_block("# minwon-secrets.env", "sh")))


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="no .venv-rasa (make setup creates it)")
@pytest.mark.parametrize("source", ["k8s", "docs"])
def test_rasa_reads_the_production_endpoints(source, tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text(k8s_endpoints_text() if source == "k8s" else doc_endpoints_text())
    script = ("import json, sys\nfrom rasa.utils.endpoints import read_endpoint_config\n"
              "print(json.dumps({n: [c.type, c.url, c.kwargs, c.headers] for n in ('tracker_store', 'lock_store',"
              " 'action_endpoint') for c in [read_endpoint_config(sys.argv[1], n)]}))")
    result = subprocess.run([str(RASA_PYTHON), "-c", script, str(path)], capture_output=True, text=True, timeout=120,
                            env={"RASA_DB_PASSWORD": "db-pass", "RASA_REDIS_PASSWORD": "redis-pass",
                                 "MINWON_ACTION_KEY": "action-key", "RASA_TELEMETRY_ENABLED": "false",
                                 "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert read["tracker_store"][0] == "SQL" and read["tracker_store"][2]["password"] == "db-pass"
    assert read["lock_store"][0] == "redis" and read["lock_store"][2]["password"] == "redis-pass"
    assert read["action_endpoint"][1].endswith("/webhook")
    assert read["action_endpoint"][3] == {"X-Minwon-Action-Key": "action-key"}


# ---------------------------------------------------------------- no secrets

SECRET_SUFFIXES = ("PASSWORD", "TOKEN", "SECRET", "SECRET_KEY", "API_KEY", "SKILL_KEY", "ACTION_KEY", "DATABASE_URL",
                   "REDIS_URL")
# NAME: value / NAME=value for upper-case names (YAML, systemd Environment=, shell)
UPPER_ASSIGNMENT = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*[:=][ \t]*[\"']?([^\s\"'#]*)")
# password: value and friends (YAML, also inside a ConfigMap's embedded endpoints.yml)
LOWER_ASSIGNMENT = re.compile(r"^[\s-]*[\"']?(password|token|secret|api_key|auth_token|jwt_secret|jwtSecret)[\"']?\s*:\s*(.*)$",
                              re.I | re.M)


def is_secret_name(name: str) -> bool:
    return name.upper().endswith(SECRET_SUFFIXES)


def is_reference(value: str) -> bool:
    """Empty, or taken from the environment at run time (${VAR} for Rasa, $(VAR) for Kubernetes)."""
    value = value.strip().strip("\"'")
    return not value or bool(re.fullmatch(r"\$\{\w+\}|\$\(\w+\)", value))


def literal_secrets(text: str) -> list[str]:
    found = [f"{name}={value}" for name, value in UPPER_ASSIGNMENT.findall(text)
             if is_secret_name(name) and not is_reference(value)]
    found += [f"{name}: {value}" for name, value in LOWER_ASSIGNMENT.findall(text)
              if not is_reference(value.split(" #")[0])]
    return found


def literal_secrets_in_tree(node, where: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("name"), str) and is_secret_name(node["name"]) and "value" in node \
                and not is_reference(str(node["value"])):
            found.append(f"{where}: {node['name']} has a literal value")
        for key, value in node.items():
            if isinstance(key, str) and is_secret_name(key) and not isinstance(value, (dict, list)) \
                    and value is not None and not is_reference(str(value)):
                found.append(f"{where}.{key} has a literal value")
            found += literal_secrets_in_tree(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += literal_secrets_in_tree(item, f"{where}[{i}]")
    return found


@pytest.mark.parametrize("text, leaks", [
    ("OPENAI_API_KEY: sk-abc123", True),
    ('OPENAI_API_KEY: ""', False),
    ("Environment=MINWON_TELEGRAM_TOKEN=123:AAE", True),
    ("  password: ${RASA_DB_PASSWORD}", False),
    ("  password: hunter2", True),
    ("      key: RASA_DB_PASSWORD", False),
    ("MINWON_DATABASE_URL=postgresql+psycopg://minwon:pw@db/minwon", True),
    ("MINWON_SESSION_COOKIE_SECURE: \"true\"", False),
    ("token: \"rasaToken\"", True),
])
def test_the_secret_scan_itself(text, leaks):
    assert bool(literal_secrets(text)) is leaks


def test_the_tree_scan_itself():
    assert literal_secrets_in_tree({"env": [{"name": "OPENAI_API_KEY", "value": "sk-1"}]})
    assert literal_secrets_in_tree({"applicationSettings": {"token": "rasaToken"}})
    assert not literal_secrets_in_tree({"env": [{"name": "RASA_DB_PASSWORD",
                                                 "valueFrom": {"secretKeyRef": {"name": "minwon-secrets", "key": "x"}}}]})


@pytest.mark.parametrize("path", [*YAML_FILES, *SERVICES, TARGET], ids=rel)
def test_no_deploy_file_holds_a_literal_secret(path):
    text = path.read_text(encoding="utf-8")
    assert not literal_secrets(text), f"{rel(path)}: {literal_secrets(text)}"
    if path.suffix in (".yaml", ".yml"):
        for doc in documents(path):
            assert not literal_secrets_in_tree(doc), f"{rel(path)}: {literal_secrets_in_tree(doc)}"


# ---------------------------------------------------------------- systemd

def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


def procfile(process: str) -> tuple[dict[str, str], str]:
    """(the environment the Procfile sets, the command) of one process."""
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines()
                 if ": " in line and not line.startswith("#"))
    env, words = {}, lines[process].split(" ")
    while re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, " ".join(words)


def unit_environment(path: Path) -> dict[str, str]:
    """Every Environment= assignment of a unit (configparser keeps only the last line of a repeated key)."""
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Environment="):
            env.update(word.split("=", 1) for word in line.removeprefix("Environment=").split())
    return env


@pytest.mark.parametrize("path", SERVICES, ids=rel)
def test_every_service_unit_runs_as_minwon_with_the_env_file_and_hardening(path):
    unit = read_unit(path)
    assert unit.get("Unit", "Description", fallback="").strip()
    service = unit["Service"]
    assert service["ExecStart"].startswith("/opt/minwon/")
    assert service["EnvironmentFile"] == "/etc/minwon/minwon.env"
    assert service["User"] == "minwon"
    assert service["WorkingDirectory"] == "/opt/minwon"
    assert service["Restart"] == "on-failure"
    assert service["RestartSec"] == "5"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert "/opt/minwon/var" in service["ReadWritePaths"].split()
    assert service["PrivateTmp"] == "yes"
    assert unit["Unit"]["PartOf"] == "minwon.target"
    assert unit["Install"]["WantedBy"] == "minwon.target"


@pytest.mark.parametrize("unit_name, process", [("minwon-actions.service", "actions"), ("minwon-web.service", "web"),
                                                ("minwon-telegram.service", "telegram")])
def test_service_units_run_the_procfile_commands(unit_name, process):
    env, command = procfile(process)
    assert read_unit(SYSTEMD / unit_name)["Service"]["ExecStart"] == re.sub(r"^\.venv", "/opt/minwon/.venv", command)
    assert env.items() <= unit_environment(SYSTEMD / unit_name).items()


def test_rasa_unit_and_pods_set_the_procfile_environment():
    assert procfile("rasa")[0].items() <= unit_environment(SYSTEMD / "minwon-rasa.service").items()
    rasa_env = {e["name"]: e.get("value") for e in rasa_values()["extraEnv"]}
    assert procfile("rasa")[0].items() <= rasa_env.items()
    wanted = {**procfile("actions")[0], **procfile("web")[0]}
    for name, spec in pod_specs():
        for container in spec["containers"]:
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            assert wanted.items() <= env.items(), f"{name}: the Procfile's {wanted} are not set"


def test_rasa_unit_runs_the_model_with_the_production_endpoints_on_loopback():
    exec_start = read_unit(SYSTEMD / "minwon-rasa.service")["Service"]["ExecStart"]
    assert exec_start.startswith("/opt/minwon/.venv-rasa/bin/rasa run ")
    for part in ("-i 127.0.0.1", "-p 5005", "-m /opt/minwon/models/minwon.tar.gz",
                 "--credentials /opt/minwon/credentials.yml", "--endpoints /etc/minwon/endpoints.yml"):
        assert part in exec_start
    assert "--enable-api" not in exec_start


def test_the_target_groups_the_units():
    unit = read_unit(TARGET)
    assert unit["Unit"]["Description"].strip()
    assert set(unit["Unit"]["Wants"].split()) == {"minwon-rasa.service", "minwon-actions.service", "minwon-web.service"}
    assert unit["Install"]["WantedBy"] == "multi-user.target"


# Only complaints that /opt/minwon is not installed on this machine are expected.
MISSING_OPT = re.compile(r"/opt/minwon/\S*.*(No such file or directory|is not executable|does not exist)")


def systemd_verify(units: list[Path]) -> list[str]:
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, units)],
                            capture_output=True, text=True, timeout=120)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    return [line for line in lines if not MISSING_OPT.search(line)]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    units = []
    for path in [*SERVICES, TARGET]:
        units.append(tmp_path / path.name)
        shutil.copy(path, units[-1])
    assert systemd_verify(units) == []


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_check_catches_syntax_errors(tmp_path):
    broken = tmp_path / "minwon-web.service"
    broken.write_text((SYSTEMD / "minwon-web.service").read_text().replace("RestartSec=5", "RestartSec=5\nRestat=always"))
    assert any("Restat" in line for line in systemd_verify([broken]))


# ---------------------------------------------------------------- the guide

MINWON_NAME = re.compile(r"(?<![A-Za-z0-9_])MINWON_[A-Z0-9_]*[A-Z0-9]")


def test_every_minwon_name_in_the_guide_and_deploy_files_is_a_setting():
    texts = {DOC_PATH: DOC, **{p: p.read_text(encoding="utf-8") for p in DEPLOY.rglob("*") if p.is_file()}}
    unknown = sorted({f"{name} ({rel(path)})" for path, text in texts.items() for name in MINWON_NAME.findall(text)
                      if name not in SETTING_NAMES})
    assert not unknown, f"not settings in bot/settings.py: {unknown}"


def test_the_guide_names_every_deploy_file():
    missing = [rel(p) for p in DEPLOY.rglob("*") if p.is_file() and p.name not in DOC]
    assert not missing, f"docs/deploy.md does not mention {missing}"


def test_the_env_file_in_the_guide_holds_every_secret_and_the_https_settings():
    env = env_lines(doc_block("# /etc/minwon/minwon.env", "sh"))
    for name in ("MINWON_DATABASE_URL", "MINWON_REDIS_URL", "OPENAI_API_KEY", "MINWON_TELEGRAM_TOKEN",
                 "MINWON_TELEGRAM_WEBHOOK_SECRET", "MINWON_KAKAO_SKILL_KEY", "MINWON_SECRET_KEY", "MINWON_WIDGET_ORIGINS"):
        assert name in env, f"{name} is not in the guide's /etc/minwon/minwon.env"
    assert env["MINWON_SESSION_COOKIE_SECURE"] == "true"
    assert env["MINWON_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert Settings.load(environ={k: v for k, v in env.items() if not k.startswith("RASA_")}).session_cookie_secure
    secrets = set(env_lines(doc_block("# minwon-secrets.env", "sh")))
    config = set(manifest("minwon-config", "ConfigMap")["data"])
    assert not secrets & config, "a setting is both in the Secret and in the ConfigMap"
    assert {name for name in env if is_secret_name(name)} <= secrets


# ---------------------------------------------------------------- installs

def test_production_installs_the_runtime_locks_only():
    commands = "\n".join(re.findall(r"```sh\n(.*?)```", DOC, re.S) + re.findall(r"<<'EOF'\n(.*?)\nEOF", DOC, re.S))
    installs = [line for line in commands.splitlines() if "pip install" in line or "make setup" in line]
    assert len(installs) >= 8
    for line in installs:
        assert "dev.txt" not in line and not re.search(r"make setup(?!-runtime)\b", line.split("#")[0]), line
        if "pip install" in line and " -r " in line and "torch.txt" not in line:
            assert "--require-hashes --no-deps -r requirements/" in line, line
    assert "-r requirements/runtime.txt" in DOC and "-r requirements/rasa.txt" in DOC
