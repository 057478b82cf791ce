"""``sfnsim serve`` spoken to by AWS SDKs nobody here wrote: the AWS SDK for JavaScript v3
(``@aws-sdk/client-sfn``) and the AWS SDK for Java v2 (``software.amazon.awssdk:sfn``).

Each runs a script (tests/clients/js/sfn_client.mjs, tests/clients/java/SfnClientCheck.java)
against a server this test starts, with Step Functions Local's MockConfigFile and
WAIT_TIME_SCALE=0.01: create, start, describe, an error, a MockConfigFile test case chosen with
``<arn>#<TestCase>`` and its history read in pages, an activity callback, StartSyncExecution with
the host prefix disabled, TestState.

The SDKs are downloaded once by ``tests/clients/install.sh`` (not part of the suite). The suite
never downloads: it finds the JavaScript SDK where that script put it, resolves the Java SDK
offline from Maven's cache, and skips a client whose toolchain or packages are missing, saying
which.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sfnsim.server import config_from, running

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "tests" / "clients"
SFN_LOCAL = ROOT / "tests" / "data" / "sfn-local"
INSTALL = "run tests/clients/install.sh once (it downloads the SDKs)"
CHECKS = [
    "create, start, describe",
    "errors as modeled exceptions",
    "a MockConfigFile test case, its history in pages",
    "an activity worker answers a callback",
    "StartSyncExecution",
    "TestState",
]


@pytest.fixture
def server() -> Iterator[Any]:
    config = config_from(
        {"SFN_MOCK_CONFIG": str(SFN_LOCAL / "MockConfigFile.json"), "WAIT_TIME_SCALE": "0.01"},
        port=0,
    )
    with running(config) as serving:
        yield serving


def quiet_run(command: list[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def assert_all_checks_passed(done: subprocess.CompletedProcess) -> None:
    passed = [line[3:] for line in done.stdout.splitlines() if line.startswith("ok ")]
    assert done.returncode == 0 and passed == CHECKS, done.stdout + done.stderr


def javascript_sdk() -> Path:
    """A folder with @aws-sdk/client-sfn installed and the client script beside it: this work
    tree's tests/clients/js, or the one install.sh fills outside any work tree (the script is
    copied there: ES modules find their packages from where the script lies)."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sfnsim-clients"
    script = CLIENTS / "js" / "sfn_client.mjs"
    for here in (CLIENTS / "js", cache / "js"):
        installed = here / "node_modules" / "@aws-sdk" / "client-sfn" / "package.json"
        if installed.is_file():
            version = json.loads(installed.read_text())["version"]
            wanted = json.loads((CLIENTS / "js" / "package.json").read_text())
            if version != wanted["dependencies"]["@aws-sdk/client-sfn"]:
                continue  # installed from an older package.json
            if here != script.parent:
                shutil.copyfile(script, here / script.name)
            return here
    pytest.skip(f"@aws-sdk/client-sfn is not installed: {INSTALL}")


def java_classpath() -> str:
    """The Java client's compiled classes and the SDK's jars (resolved offline if need be)."""
    here = CLIENTS / "java"
    for tool in ("java", "javac", "mvn"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    target = here / "target"
    listing = target / "classpath.txt"
    if not listing.is_file() or listing.stat().st_mtime < (here / "pom.xml").stat().st_mtime:
        target.mkdir(exist_ok=True)
        command = ["mvn", "-o", "-q", "-f", str(here / "pom.xml"), "dependency:build-classpath"]
        done = quiet_run([*command, f"-Dmdep.outputFile={listing}"], 120)
        if done.returncode != 0:
            pytest.skip(f"the AWS SDK for Java v2 is not in Maven's cache: {INSTALL}")
    jars = listing.read_text().strip()
    classes = target / "classes"
    source = here / "SfnClientCheck.java"
    compiled = classes / "SfnClientCheck.class"
    if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
        command = ["javac", "-encoding", "UTF-8", "-cp", jars, "-d", str(classes), str(source)]
        done = quiet_run(command, 120)
        assert done.returncode == 0, done.stderr
    return f"{classes}:{jars}"


def test_the_aws_sdk_for_javascript_v3(server: Any) -> None:
    here = javascript_sdk()
    command = ["node", str(here / "sfn_client.mjs"), server.url, str(SFN_LOCAL)]
    done = quiet_run(command, 60, cwd=here, env={"PATH": _path(), "NODE_NO_WARNINGS": "1"})
    assert_all_checks_passed(done)


def test_the_aws_sdk_for_java_v2(server: Any) -> None:
    classpath = java_classpath()
    command = ["java", "-cp", classpath, "SfnClientCheck", server.url, str(SFN_LOCAL)]
    done = quiet_run(command, 60, env={"PATH": _path()})
    assert_all_checks_passed(done)


def _path() -> str:
    # The clients get no AWS settings from this machine's environment: what they need is in
    # their scripts (endpoint, region, credentials).
    return os.environ.get("PATH", "")
