"""Checks of the GitHub Actions workflows (.github/workflows/nightly.yml and ci.yml).

The workflows only run on GitHub, so a mistake in them shows up at night, when a data gate is
skipped or nothing is published. These checks read the YAML instead: each one is a small function
that returns a list of problems, run on the real files (no problems) and on mutated copies (the
expected problem), so every check is shown to be able to fail.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
NIGHTLY = WORKFLOWS / "nightly.yml"
CI = WORKFLOWS / "ci.yml"

Workflow = dict[str, Any]
Problems = list[str]

#: The major version each action must be pinned to (checked in late 2026; see the workflows).
EXPECTED_MAJOR = {
    "actions/checkout": 6,
    "actions/setup-python": 6,
    # v5: the newest tag in the stored copy of each repository (v6 was never seen, and
    # a ref to a tag that does not exist fails the run); pinned to its commit
    "actions/cache": 5,
    "actions/upload-artifact": 7,
    "actions/configure-pages": 5,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}

#: The only write scopes each nightly job may hold.
ALLOWED_WRITES = {
    "build": {"actions"},  # cache saves
    "deploy": {"pages", "id-token", "actions"},  # actions: the state saved after the deploy
}

USES_RE = re.compile(
    r"^(?P<repo>[\w.-]+/[\w.-]+)(?P<sub>/[\w./-]+)?@(?P<ref>v(?P<major>\d+)(?:\.\d+){0,2}|[0-9a-f]{40})$"
)


# --- loading -------------------------------------------------------------------------------


def parse(text: str) -> Workflow:
    """Parse a workflow; PyYAML reads the key ``on`` as the boolean True, so rename it back."""
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return data


def load(path: Path) -> tuple[Workflow, str]:
    text = path.read_text(encoding="utf-8")
    return parse(text), text


def steps(wf: Workflow, job: str) -> list[dict[str, Any]]:
    return wf.get("jobs", {}).get(job, {}).get("steps") or []


def all_steps(wf: Workflow) -> list[tuple[str, dict[str, Any]]]:
    return [(jid, step) for jid in wf.get("jobs", {}) for step in steps(wf, jid)]


def uses(step: dict[str, Any], action: str) -> bool:
    """True when the step uses ``action`` (e.g. "actions/cache/save") at any ref."""
    return str(step.get("uses", "")).split("@")[0] == action


def lines(value: Any) -> list[str]:
    """The lines of a multi-line ``path:`` input, stripped, without blanks."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def find(wf: Workflow, job: str, pred: Callable[[dict[str, Any]], bool]) -> int | None:
    return next((i for i, s in enumerate(steps(wf, job)) if pred(s)), None)


def is_run_step(step: dict[str, Any]) -> bool:
    return re.search(r"\bbuild\.py run\b", str(step.get("run", ""))) is not None


def is_always(step: dict[str, Any]) -> bool:
    return "always()" in str(step.get("if", ""))


def writes(perms: Any) -> set[str]:
    """The scopes a ``permissions:`` value grants write to ("*" for write-all)."""
    if perms == "write-all":
        return {"*"}
    if isinstance(perms, dict):
        return {scope for scope, level in perms.items() if level == "write"}
    return set()


# --- checks --------------------------------------------------------------------------------


def check_schedule(wf: Workflow, raw: str) -> Problems:
    """A cron off the hour, with a comment that says it is UTC and best-effort."""
    crons = [str(e.get("cron", "")) for e in (wf.get("on") or {}).get("schedule") or []]
    if not crons:
        return ["no schedule cron"]
    problems = []
    for cron in crons:
        minute = cron.split()[0] if cron.split() else ""
        if not minute.isdigit() or not 1 <= int(minute) <= 59:
            problems.append(f"cron {cron!r}: the minute must be one number off the hour")
    raw_lines = raw.splitlines()
    at = next((i for i, line in enumerate(raw_lines) if "cron:" in line), None)
    if at is not None:
        start = at
        while start > 0 and raw_lines[start - 1].strip().startswith("#"):
            start -= 1
        comment = " ".join(raw_lines[start : at + 1])
        for needed in ("UTC", "60 days"):
            if needed not in comment:
                problems.append(f"the comment at the cron does not mention {needed!r}")
    return problems


def check_dispatch_inputs(wf: Workflow) -> Problems:
    on = wf.get("on") or {}
    if "workflow_dispatch" not in on:
        return ["no workflow_dispatch trigger"]
    inputs = (on.get("workflow_dispatch") or {}).get("inputs") or {}
    problems = []
    for name, kind in (("force", "boolean"), ("reason", "string")):
        spec = inputs.get(name)
        if spec is None:
            problems.append(f"workflow_dispatch has no input {name!r}")
        elif spec.get("type") != kind:
            problems.append(f"input {name!r} must be of type {kind}")
    if inputs.get("force", {}).get("default") not in (False, None):
        problems.append("input 'force' must default to false")
    return problems


def check_concurrency(wf: Workflow) -> Problems:
    conc = wf.get("concurrency") or {}
    problems = []
    if conc.get("group") != "pages":
        problems.append("concurrency group must be 'pages'")
    if conc.get("cancel-in-progress") is not False:
        problems.append("cancel-in-progress must be false (never cancel a publication)")
    return problems


def check_permissions(wf: Workflow, allowed: dict[str, set[str]]) -> Problems:
    """Nothing writable at the top; each job writes only to the scopes it is allowed."""
    problems = []
    if "permissions" not in wf:
        problems.append("no top-level permissions (the repository default may grant write)")
    elif writes(wf["permissions"]):
        problems.append(f"top-level permissions grant write: {sorted(writes(wf['permissions']))}")
    for jid, job in wf.get("jobs", {}).items():
        extra = writes(job.get("permissions")) - allowed.get(jid, set())
        if extra:
            problems.append(f"job {jid!r} may not write {sorted(extra)}")
    return problems


def pin_problem(ref: str) -> str | None:
    """Why a ``uses:`` value is not acceptable, or None."""
    if ref.startswith("./"):
        return None
    match = USES_RE.match(ref)
    if not match:
        return f"{ref!r} is not pinned to a tag vN or a full commit sha"
    expected = EXPECTED_MAJOR.get(match["repo"])
    if expected is not None and match["major"] not in (None, str(expected)):
        return f"{ref!r}: expected {match['repo']}@v{expected}"
    return None


#: ``uses:`` refs left at their tag because the stored copy of the action's repository
#: (read offline) has no such tag, so no commit SHA could be checked: pin them when it has.
UNRESOLVED_TAGS: set[str] = set()

#: A ``uses:`` line pinned to a full commit SHA, with the tag it stands for as a comment.
SHA_PIN_RE = re.compile(
    r"^\s*(?:-\s*)?uses:\s*(?P<repo>[\w.-]+/[\w.-]+)(?:/[\w./-]+)?@[0-9a-f]{40}"
    r"\s+#\s*v(?P<major>\d+)(?:\.\d+){0,2}\s*$"
)


def sha_pin_problem(line: str) -> str | None:
    """Why a raw ``uses:`` line is not pinned to a commit SHA with its tag, or None.

    A tag can be moved to other code after review; a SHA cannot (issue 14, item 12).
    """
    ref = line.split("uses:", 1)[1].split("#", 1)[0].strip()
    if ref.startswith("./") or ref in UNRESOLVED_TAGS:
        return None
    match = SHA_PIN_RE.match(line)
    if not match:
        return f"{line.strip()!r} is not pinned to a full commit sha with '# vN' after it"
    expected = EXPECTED_MAJOR.get(match["repo"])
    if expected is not None and match["major"] != str(expected):
        return f"{line.strip()!r}: expected {match['repo']} v{expected}"
    return None


def check_sha_pins(raw: str) -> Problems:
    found = [line for line in raw.splitlines() if re.match(r"^\s*(?:-\s*)?uses:", line)]
    return [p for p in map(sha_pin_problem, found) if p]


def check_pins(wf: Workflow) -> Problems:
    refs = [str(step["uses"]) for _, step in all_steps(wf) if "uses" in step]
    return [p for p in map(pin_problem, refs) if p]


def check_build_order(wf: Workflow) -> Problems:
    """Checkout, Python, the run step, then Pages: the site is published only after a good run."""
    order = [
        ("checkout", lambda s: uses(s, "actions/checkout")),
        ("setup-python", lambda s: uses(s, "actions/setup-python")),
        ("the run step (build.py run)", is_run_step),
        ("configure-pages", lambda s: uses(s, "actions/configure-pages")),
        ("upload-pages-artifact", lambda s: uses(s, "actions/upload-pages-artifact")),
    ]
    problems, last = [], -1
    for label, pred in order:
        at = find(wf, "build", pred)
        if at is None:
            problems.append(f"build job has no step {label}")
        elif at <= last:
            problems.append(f"{label} is out of order in the build job")
        else:
            last = at
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        at = find(wf, "build", lambda s, a=action: uses(s, a))
        condition = str(steps(wf, "build")[at].get("if", "")) if at is not None else ""
        if any(word in condition for word in ("always()", "failure()", "cancelled()")):
            must = "must run only when the steps before it succeeded"
            problems.append(f"{action} {must} (if: {condition})")
    return problems


def check_no_continue_on_error(wf: Workflow) -> Problems:
    """No step on the way to the Pages artifact may hide a failure."""
    build = wf.get("jobs", {}).get("build", {})
    problems = ["the build job has continue-on-error"] if build.get("continue-on-error") else []
    end = find(wf, "build", lambda s: uses(s, "actions/upload-pages-artifact"))
    for step in steps(wf, "build")[: None if end is None else end + 1]:
        if step.get("continue-on-error"):
            label = step.get("name") or step.get("uses") or step.get("run")
            problems.append(f"step {label!r} has continue-on-error")
    return problems


def check_report_upload(wf: Workflow) -> Problems:
    found = [s for s in steps(wf, "build") if uses(s, "actions/upload-artifact")]
    reports = [s for s in found if "state/reports" in lines((s.get("with") or {}).get("path"))]
    if not reports:
        return ["no upload-artifact step uploads state/reports"]
    return [] if all(is_always(s) for s in reports) else ["the report upload needs if: always()"]


def check_caches(wf: Workflow) -> Problems:
    """data/kolada and state are restored (newest by prefix) and saved even after a failure."""
    wanted = {"data/kolada", "state"}
    problems = []
    build = steps(wf, "build")

    def covers(s: dict[str, Any]) -> bool:
        return wanted <= set(lines((s.get("with") or {}).get("path")))

    restores = [s for s in build if uses(s, "actions/cache/restore") and covers(s)]
    saves = [s for s in build if uses(s, "actions/cache/save") and covers(s)]
    if not restores:
        problems.append("no actions/cache/restore step for data/kolada and state")
    for s in restores:
        key = str((s.get("with") or {}).get("key", ""))
        if "github.run_id" not in key or not (s.get("with") or {}).get("restore-keys"):
            problems.append("the state restore needs a per-run key and restore-keys")
    if not saves:
        problems.append("no actions/cache/save step for data/kolada and state")
    # a run that did not publish keeps its state whatever happened; a run that published
    # keeps it under a pending key, which becomes the state only after the deploy
    pending = [s for s in saves if "insyn-pending-" in str((s.get("with") or {}).get("key"))]
    for s in saves:
        if s not in pending and not is_always(s):
            problems.append("the state save needs if: always()")
        if s not in pending and "exit-code != '0'" not in str(s.get("if", "")):
            problems.append("the state save of the build job must skip a run that published")
        key = str((s.get("with") or {}).get("key", ""))
        if "github.run_id" not in key and "cache-primary-key" not in key:
            problems.append("the state save needs a per-run key (cache keys are immutable)")
    problems += _state_after_deploy(wf, pending, covers)
    if any(uses(s, "actions/cache") and covers(s) for s in build):
        problems.append("actions/cache (restore and save in one) saves only on success")
    return problems


def check_no_expressions_in_run(wf: Workflow) -> Problems:
    """Script injection: values reach scripts through env:, never as ${{ }} in the script."""
    return [
        f"job {jid!r}, step {step.get('name')!r}: ${{{{ }}}} inside run:"
        for jid, step in all_steps(wf)
        if "${{" in str(step.get("run", ""))
    ]


def _state_after_deploy(wf: Workflow, pending: list[dict[str, Any]], covers: Any) -> Problems:
    """Issue 14: the state that claims a publish is saved only after deploy-pages."""
    if not pending:
        return ["a run that published must keep its state under an insyn-pending- key"]
    deploy = steps(wf, "deploy")
    at = find(wf, "deploy", lambda s: uses(s, "actions/deploy-pages"))
    after = deploy[at + 1 :] if at is not None else []
    restored = [s for s in after if uses(s, "actions/cache/restore") and covers(s)]
    saved = [s for s in after if uses(s, "actions/cache/save") and covers(s)]
    if not restored or "insyn-pending-" not in str(restored[0].get("with", {}).get("key")):
        return ["the deploy job must restore the pending state after deploy-pages"]
    if not saved or "insyn-state-" not in str(saved[0].get("with", {}).get("key")):
        return ["the deploy job must save the state as insyn-state- after deploy-pages"]
    return []


def check_deploy(wf: Workflow) -> Problems:
    deploy = wf.get("jobs", {}).get("deploy")
    if deploy is None:
        return ["no deploy job"]
    problems = []
    needs = deploy.get("needs")
    if "build" not in ([needs] if isinstance(needs, str) else needs or []):
        problems.append("deploy must need build")
    env = deploy.get("environment")
    name, url = (env.get("name"), env.get("url")) if isinstance(env, dict) else (env, None)
    if name != "github-pages":
        problems.append("deploy must use the github-pages environment")
    if "steps.deployment.outputs.page_url" not in str(url):
        problems.append("the environment url must be steps.deployment.outputs.page_url")
    if deploy.get("permissions") != {"pages": "write", "id-token": "write", "actions": "write"}:
        problems.append(
            "deploy permissions must be exactly pages, id-token and actions (the state save)"
        )
    at = find(wf, "deploy", lambda s: uses(s, "actions/deploy-pages"))
    if at is None or steps(wf, "deploy")[at].get("id") != "deployment":
        problems.append("deploy needs an actions/deploy-pages step with id: deployment")
    return problems


def check_timeouts(wf: Workflow) -> Problems:
    return [
        f"job {jid!r} has no timeout-minutes"
        for jid, job in wf.get("jobs", {}).items()
        if not isinstance(job.get("timeout-minutes"), int) or job["timeout-minutes"] <= 0
    ]


def check_no_source_date_epoch(wf: Workflow) -> Problems:
    """The nightly build time is the run's time, so SOURCE_DATE_EPOCH stays unset."""
    envs = [wf.get("env")] + [job.get("env") for job in wf.get("jobs", {}).values()]
    envs += [step.get("env") for _, step in all_steps(wf)]
    if any("SOURCE_DATE_EPOCH" in (env or {}) for env in envs):
        return ["SOURCE_DATE_EPOCH is set"]
    return []


def check_ci_triggers(wf: Workflow) -> Problems:
    on = wf.get("on") or {}
    return [f"ci does not run on {event}" for event in ("push", "pull_request") if event not in on]


def check_ci_runs_tests(wf: Workflow) -> Problems:
    """CI runs the README's test command, directly or through .ci/run."""
    scripts = [str(step.get("run", "")) for _, step in all_steps(wf)]
    if any("make test" in s or ".ci/run" in s for s in scripts):
        return []
    return ["no step runs `make test` or .ci/run"]


def check_images(wf: Workflow) -> Problems:
    """Issue 16: the night publishes with its static images (no-JS charts, share images),
    and keeps them from night to night, so that only changed charts are rendered."""
    run = next((s for s in steps(wf, "build") if is_run_step(s)), None)
    if run is None:
        return ["no run step"]
    problems = []
    if "--no-images" in str(run.get("run", "")):
        problems.append("the run step builds without images (--no-images)")
    for action in ("actions/cache/restore", "actions/cache/save"):
        found = [
            s
            for s in steps(wf, "build")
            if uses(s, action) and ".cache/images" in lines((s.get("with") or {}).get("path"))
        ]
        if not found:
            problems.append(f"no {action} step for .cache/images")
        elif action.endswith("save") and not all(is_always(s) for s in found):
            problems.append("the image cache save needs if: always()")
    return problems


NIGHTLY_CHECKS: dict[str, Callable[[Workflow, str], Problems]] = {
    "schedule": check_schedule,
    "dispatch_inputs": lambda wf, raw: check_dispatch_inputs(wf),
    "concurrency": lambda wf, raw: check_concurrency(wf),
    "permissions": lambda wf, raw: check_permissions(wf, ALLOWED_WRITES),
    "pins": lambda wf, raw: check_pins(wf),
    "build_order": lambda wf, raw: check_build_order(wf),
    "no_continue_on_error": lambda wf, raw: check_no_continue_on_error(wf),
    "report_upload": lambda wf, raw: check_report_upload(wf),
    "caches": lambda wf, raw: check_caches(wf),
    "no_expressions_in_run": lambda wf, raw: check_no_expressions_in_run(wf),
    "deploy": lambda wf, raw: check_deploy(wf),
    "timeouts": lambda wf, raw: check_timeouts(wf),
    "no_source_date_epoch": lambda wf, raw: check_no_source_date_epoch(wf),
    "images": lambda wf, raw: check_images(wf),
}

CI_CHECKS: dict[str, Callable[[Workflow], Problems]] = {
    "triggers": check_ci_triggers,
    "runs_tests": check_ci_runs_tests,
    "permissions": lambda wf: check_permissions(wf, {}),
    "pins": check_pins,
    "timeouts": check_timeouts,
    "no_expressions_in_run": check_no_expressions_in_run,
}


# --- mutations of the real nightly workflow ------------------------------------------------


def build_step(wf: Workflow, pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    at = find(wf, "build", pred)
    assert at is not None
    return steps(wf, "build")[at]


def state_save(wf: Workflow) -> dict[str, Any]:
    return build_step(wf, lambda s: uses(s, "actions/cache/save") and "state" in str(s["with"]))


def set_ref(wf: Workflow, action: str, ref: str) -> None:
    for _, step in all_steps(wf):
        if uses(step, action):
            step["uses"] = f"{action}@{ref}"


def move_configure_pages_first(wf: Workflow) -> None:
    build = steps(wf, "build")
    at = find(wf, "build", lambda s: uses(s, "actions/configure-pages"))
    assert at is not None
    build.insert(0, build.pop(at))


def combined_cache(wf: Workflow) -> None:
    state_save(wf)["uses"] = "actions/cache@v5"


def no_dispatch(wf: Workflow) -> None:
    del wf["on"]["workflow_dispatch"]


def drop_force_input(wf: Workflow) -> None:
    del wf["on"]["workflow_dispatch"]["inputs"]["force"]


def reason_boolean(wf: Workflow) -> None:
    wf["on"]["workflow_dispatch"]["inputs"]["reason"]["type"] = "boolean"


def on_the_hour(wf: Workflow) -> None:
    wf["on"]["schedule"][0]["cron"] = "0 3 * * *"


def every_minute(wf: Workflow) -> None:
    wf["on"]["schedule"][0]["cron"] = "* * * * *"


def cancel_in_progress(wf: Workflow) -> None:
    wf["concurrency"]["cancel-in-progress"] = True


def other_group(wf: Workflow) -> None:
    wf["concurrency"]["group"] = "nightly"


def top_level_write(wf: Workflow) -> None:
    wf["permissions"] = {"contents": "write"}


def top_level_write_all(wf: Workflow) -> None:
    wf["permissions"] = "write-all"


def build_id_token(wf: Workflow) -> None:
    wf["jobs"]["build"]["permissions"]["id-token"] = "write"


def deploy_contents_write(wf: Workflow) -> None:
    wf["jobs"]["deploy"]["permissions"]["contents"] = "write"


def deploy_no_id_token(wf: Workflow) -> None:
    del wf["jobs"]["deploy"]["permissions"]["id-token"]


def run_step_continue_on_error(wf: Workflow) -> None:
    build_step(wf, is_run_step)["continue-on-error"] = True


def checkout_continue_on_error(wf: Workflow) -> None:
    build_step(wf, lambda s: uses(s, "actions/checkout"))["continue-on-error"] = True


def build_job_continue_on_error(wf: Workflow) -> None:
    wf["jobs"]["build"]["continue-on-error"] = True


def upload_pages_always(wf: Workflow) -> None:
    build_step(wf, lambda s: uses(s, "actions/upload-pages-artifact"))["if"] = "always()"


def configure_pages_on_failure(wf: Workflow) -> None:
    build_step(wf, lambda s: uses(s, "actions/configure-pages"))["if"] = "failure() || success()"


def no_run_step(wf: Workflow) -> None:
    build_step(wf, is_run_step)["run"] = "python build.py build"


def report_upload_not_always(wf: Workflow) -> None:
    del build_step(wf, lambda s: uses(s, "actions/upload-artifact"))["if"]


def report_upload_other_path(wf: Workflow) -> None:
    build_step(wf, lambda s: uses(s, "actions/upload-artifact"))["with"]["path"] = "site"


def state_save_not_always(wf: Workflow) -> None:
    state_save(wf)["if"] = "success()"


def state_save_fixed_key(wf: Workflow) -> None:
    state_save(wf)["with"]["key"] = "insyn-state"


def state_save_without_state(wf: Workflow) -> None:
    for step in steps(wf, "build"):
        if uses(step, "actions/cache/save"):
            step["with"]["path"] = "data/kolada"


def state_save_on_publish(wf: Workflow) -> None:
    state_save(wf)["if"] = "always()"


def no_pending_save(wf: Workflow) -> None:
    wf["jobs"]["build"]["steps"] = [
        s for s in steps(wf, "build") if "insyn-pending-" not in str(s.get("with", {}).get("key"))
    ]


def no_save_after_deploy(wf: Workflow) -> None:
    wf["jobs"]["deploy"]["steps"] = [
        s for s in steps(wf, "deploy") if not uses(s, "actions/cache/save")
    ]


def restore_without_prefix(wf: Workflow) -> None:
    restore = build_step(wf, lambda s: uses(s, "actions/cache/restore") and "state" in str(s))
    del restore["with"]["restore-keys"]


def reason_in_script(wf: Workflow) -> None:
    run = build_step(wf, is_run_step)
    run["run"] += '\necho "${{ inputs.reason }}"'


def event_in_script(wf: Workflow) -> None:
    run = build_step(wf, is_run_step)
    assert "$REASON" in run["run"]
    run["run"] = run["run"].replace("$REASON", "${{ github.event.inputs.reason }}")


def deploy_without_needs(wf: Workflow) -> None:
    del wf["jobs"]["deploy"]["needs"]


def deploy_other_environment(wf: Workflow) -> None:
    wf["jobs"]["deploy"]["environment"] = {"name": "production", "url": "https://example.se"}


def deploy_step_without_id(wf: Workflow) -> None:
    del steps(wf, "deploy")[0]["id"]


def deploy_without_timeout(wf: Workflow) -> None:
    del wf["jobs"]["deploy"]["timeout-minutes"]


def source_date_epoch(wf: Workflow) -> None:
    build_step(wf, is_run_step)["env"]["SOURCE_DATE_EPOCH"] = "0"


def job_source_date_epoch(wf: Workflow) -> None:
    wf["jobs"]["build"]["env"] = {"SOURCE_DATE_EPOCH": "0"}


def run_without_images(wf: Workflow) -> None:
    step = build_step(wf, is_run_step)
    step["run"] = step["run"].replace("build.py run", "build.py run --no-images")


def no_image_cache(wf: Workflow) -> None:
    wf["jobs"]["build"]["steps"] = [
        s for s in steps(wf, "build") if ".cache/images" not in str(s.get("with"))
    ]


def image_save_on_success_only(wf: Workflow) -> None:
    for step in steps(wf, "build"):
        if uses(step, "actions/cache/save") and ".cache/images" in str(step.get("with")):
            step["if"] = "success()"


MUTATIONS = [
    # (mutation, the check that must catch it, a fragment of the expected problem)
    (on_the_hour, "schedule", "off the hour"),
    (every_minute, "schedule", "off the hour"),
    (no_dispatch, "dispatch_inputs", "no workflow_dispatch"),
    (drop_force_input, "dispatch_inputs", "no input 'force'"),
    (reason_boolean, "dispatch_inputs", "'reason' must be of type string"),
    (cancel_in_progress, "concurrency", "cancel-in-progress"),
    (other_group, "concurrency", "'pages'"),
    (top_level_write, "permissions", "top-level permissions grant write"),
    (top_level_write_all, "permissions", "top-level permissions grant write"),
    (build_id_token, "permissions", "job 'build' may not write ['id-token']"),
    (deploy_contents_write, "permissions", "job 'deploy' may not write ['contents']"),
    (deploy_contents_write, "deploy", "exactly pages, id-token and actions"),
    (deploy_no_id_token, "deploy", "exactly pages, id-token and actions"),
    (state_save_on_publish, "caches", "must skip a run that published"),
    (run_without_images, "images", "without images"),
    (no_image_cache, "images", "no actions/cache/restore step for .cache/images"),
    (image_save_on_success_only, "images", "needs if: always()"),
    (no_pending_save, "caches", "insyn-pending- key"),
    (no_save_after_deploy, "caches", "save the state as insyn-state- after deploy-pages"),
    (lambda wf: set_ref(wf, "actions/checkout", "main"), "pins", "not pinned"),
    (lambda wf: set_ref(wf, "actions/deploy-pages", "abc1234"), "pins", "not pinned"),
    (lambda wf: set_ref(wf, "actions/configure-pages", "v4"), "pins", "configure-pages@v5"),
    (lambda wf: set_ref(wf, "actions/setup-python", "v7.0.0"), "pins", "setup-python@v6"),
    (lambda wf: set_ref(wf, "actions/cache/save", "v4"), "pins", "actions/cache@v5"),
    (move_configure_pages_first, "build_order", "out of order"),
    (no_run_step, "build_order", "no step the run step"),
    (upload_pages_always, "build_order", "must run only when"),
    (configure_pages_on_failure, "build_order", "must run only when"),
    (run_step_continue_on_error, "no_continue_on_error", "continue-on-error"),
    (checkout_continue_on_error, "no_continue_on_error", "continue-on-error"),
    (build_job_continue_on_error, "no_continue_on_error", "build job has continue-on-error"),
    (report_upload_not_always, "report_upload", "always()"),
    (report_upload_other_path, "report_upload", "state/reports"),
    (state_save_not_always, "caches", "the state save needs if: always()"),
    (state_save_fixed_key, "caches", "per-run key"),
    (state_save_without_state, "caches", "no actions/cache/save step"),
    (combined_cache, "caches", "saves only on success"),
    (restore_without_prefix, "caches", "restore-keys"),
    (reason_in_script, "no_expressions_in_run", "inside run:"),
    (event_in_script, "no_expressions_in_run", "inside run:"),
    (deploy_without_needs, "deploy", "deploy must need build"),
    (deploy_other_environment, "deploy", "github-pages"),
    (deploy_step_without_id, "deploy", "id: deployment"),
    (deploy_without_timeout, "timeouts", "'deploy' has no timeout-minutes"),
    (source_date_epoch, "no_source_date_epoch", "SOURCE_DATE_EPOCH"),
    (job_source_date_epoch, "no_source_date_epoch", "SOURCE_DATE_EPOCH"),
]


# --- tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nightly() -> tuple[Workflow, str]:
    return load(NIGHTLY)


@pytest.fixture(scope="module")
def ci() -> Workflow:
    return load(CI)[0]


def test_parse_renames_the_on_key_that_yaml_reads_as_true():
    wf = parse("on:\n  push:\njobs: {}\n")
    assert "on" in wf and True not in wf
    assert wf["on"] == {"push": None}


@pytest.mark.parametrize("name", sorted(NIGHTLY_CHECKS))
def test_nightly_passes(nightly, name):
    wf, raw = nightly
    assert NIGHTLY_CHECKS[name](wf, raw) == []


@pytest.mark.parametrize("name", sorted(CI_CHECKS))
def test_ci_passes(ci, name):
    assert CI_CHECKS[name](ci) == []


@pytest.mark.parametrize(
    ("mutate", "check", "expected"),
    [pytest.param(m, c, e, id=f"{c}-{i}") for i, (m, c, e) in enumerate(MUTATIONS)],
)
def test_each_check_rejects_its_mutation(nightly, mutate, check, expected):
    wf, raw = nightly
    broken = copy.deepcopy(wf)
    mutate(broken)
    problems = NIGHTLY_CHECKS[check](broken, raw)
    assert any(expected in p for p in problems), problems


def separate_comment_from_cron(raw: str) -> str:
    """A blank line between the comment and the cron: the comment no longer sits next to it."""
    lines_ = raw.splitlines()
    at = next(i for i, line in enumerate(lines_) if "cron:" in line)
    return "\n".join(lines_[:at] + [""] + lines_[at:])


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(lambda raw: raw.replace("UTC", "local time"), "'UTC'", id="no-utc"),
        pytest.param(lambda raw: raw.replace("60 days", "a while"), "'60 days'", id="no-60-days"),
        pytest.param(separate_comment_from_cron, "'UTC'", id="comment-not-next-to-cron"),
    ],
)
def test_the_cron_comment_is_read_from_the_raw_text(nightly, edit, expected):
    wf, raw = nightly
    assert any(expected in p for p in check_schedule(wf, edit(raw)))


@pytest.mark.parametrize(
    ("ref", "ok"),
    [
        ("actions/checkout@v6", True),
        ("actions/checkout@v6.0.1", True),
        ("actions/cache/save@v5", True),
        ("actions/cache/save@v6", False),
        ("someone/tool@" + "a" * 40, True),
        ("./.github/actions/local", True),
        ("actions/checkout@main", False),
        ("actions/checkout@v7", False),
        ("someone/tool@abc1234", False),
        ("someone/tool", False),
        ("docker://alpine:3", False),
    ],
)
def test_pin_problem(ref, ok):
    assert (pin_problem(ref) is None) is ok


@pytest.mark.parametrize(
    ("mutate", "check", "expected"),
    [
        pytest.param(
            lambda wf: wf["on"].pop("pull_request"), "triggers", "pull_request", id="no-pr"
        ),
        pytest.param(lambda wf: wf["on"].pop("push"), "triggers", "push", id="no-push"),
        pytest.param(
            lambda wf: wf["jobs"]["test"]["steps"][-1].update(run="pytest -q"),
            "runs_tests",
            "make test",
            id="other-command",
        ),
        pytest.param(
            lambda wf: wf.update(permissions={"contents": "write"}),
            "permissions",
            "grant write",
            id="write",
        ),
        pytest.param(
            lambda wf: wf["jobs"]["test"].update(permissions={"actions": "write"}),
            "permissions",
            "may not write",
            id="job-write",
        ),
        pytest.param(
            lambda wf: wf["jobs"]["test"].pop("timeout-minutes"),
            "timeouts",
            "timeout-minutes",
            id="no-timeout",
        ),
    ],
)
def test_each_ci_check_rejects_its_mutation(ci, mutate, check, expected):
    broken = copy.deepcopy(ci)
    mutate(broken)
    assert any(expected in p for p in CI_CHECKS[check](broken))


@pytest.mark.parametrize("path", [NIGHTLY, CI], ids=["nightly", "ci"])
def test_every_uses_is_pinned_to_a_commit_sha(path: Path) -> None:
    assert check_sha_pins(path.read_text(encoding="utf-8")) == []


def test_unresolved_tags_are_still_used() -> None:
    """The allow-list of tag refs only shrinks: a pinned or removed ref leaves it."""
    raw = NIGHTLY.read_text(encoding="utf-8") + CI.read_text(encoding="utf-8")
    for ref in UNRESOLVED_TAGS:
        assert f"uses: {ref}\n" in raw, ref


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("      - uses: actions/checkout@" + "a" * 40 + " # v6", True),
        ("        uses: actions/setup-python@" + "b" * 40 + " # v6.0.0", True),
        ("        uses: actions/checkout@v6", False),
        ("        uses: actions/checkout@" + "a" * 40, False),
        ("        uses: actions/checkout@" + "a" * 40 + " # v7", False),
        ("        uses: actions/checkout@" + "a" * 39 + " # v6", False),
        ("        uses: ./.github/actions/local", True),
    ],
)
def test_sha_pin_problem(line: str, ok: bool) -> None:
    assert (sha_pin_problem(line) is None) is ok


def _requirements(lines: list[str]) -> dict[str, str]:
    """{normalised name: pinned version} of ``name==version`` lines (comments skipped)."""
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower().strip()] = version.strip()
    return out


def test_the_lock_covers_every_dependency_of_pyproject() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirements(project["dependencies"] + project["optional-dependencies"]["dev"])
    lock = _requirements((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert all(lock.values()), "every lock line pins a version"
    missing = {n: v for n, v in wanted.items() if lock.get(n) != v}
    assert missing == {}, "requirements.lock lacks or differs on these pins"
