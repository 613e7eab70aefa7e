"""Loading config.yaml: YAML without surprises (no aliases, key paths in errors), the
schema check, cross-field rules, and the dataclasses built from the checked tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from insyn.config.colours import check_colors
from insyn.config.model import (
    Area,
    Charts,
    CmsTarget,
    Colors,
    Config,
    Contact,
    ContentOptions,
    Footer,
    FooterLink,
    Indicator,
    KoladaSource,
    Licence,
    Logo,
    Publish,
    Site,
    SiteSize,
    Sources,
    Thresholds,
)
from insyn.config.schema import PER_UNITS, SCHEMA, ConfigError, join_path, validate


def parse_config(data: Any, source: str = "config.yaml") -> Config:
    """Validate parsed YAML and build the frozen Config; errors name ``source`` and the key."""
    try:
        raw = validate(data, SCHEMA, "")
        _check_cross_field(raw)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return _build(raw, source)


def _check_targets(publish: dict) -> None:
    """A target in publish.targets needs its settings."""
    if "cms" in publish["targets"] and not publish["cms"]["url"]:
        raise ConfigError("publish.cms.url: required when publish.targets includes cms")
    if "dir" in publish["targets"] and not publish["dir"]["path"]:
        raise ConfigError("publish.dir.path: required when publish.targets includes dir")


def _check_cross_field(raw: dict) -> None:
    """Rules that involve more than one key: unique slugs and ids, scales, colour contrast."""
    check_colors(raw["site"]["colors"])
    _check_targets(raw["publish"])
    seen_slugs: set[str] = set()
    seen_ids: dict[str, str] = {}
    for a, area in enumerate(raw["areas"]):
        if area["slug"] in seen_slugs:
            raise ConfigError(f"areas[{a}].slug: duplicate slug {area['slug']!r}")
        seen_slugs.add(area["slug"])
        for i, ind in enumerate(area["indicators"]):
            path = f"areas[{a}].indicators[{i}]"
            if ind["id"] in seen_ids:
                raise ConfigError(
                    f"{path}.id: {ind['id']!r} is already used in {seen_ids[ind['id']]}"
                )
            seen_ids[ind["id"]] = path
            categorical = ind["unit"] in ("yesno", "ordinal")
            if categorical and not ind["scale"]:
                raise ConfigError(f"{path}.scale: missing (required for unit {ind['unit']})")
            if not categorical and ind["scale"]:
                raise ConfigError(f"{path}.scale: only allowed for unit yesno|ordinal")
            if ind["unit"] == "yesno" and ind["scale"] and len(ind["scale"]) != 2:
                raise ConfigError(f"{path}.scale: expected exactly two codes for yesno")
            if ind["answers"] is not None and set(ind["answers"]) != set(ind["scale"] or {}):
                raise ConfigError(
                    f"{path}.answers: expected one clause for each code of scale "
                    f"({', '.join(str(c) for c in sorted(ind['scale'] or {}))})"
                )
            if ind["denominator"] is not None and ind["unit"] not in PER_UNITS:
                raise ConfigError(
                    f"{path}.denominator: only for unit {'|'.join(PER_UNITS)}, not {ind['unit']}"
                )
            if ind["none"] is not None and ind["unit"] != "percent":
                raise ConfigError(f"{path}.none: only for unit percent, not {ind['unit']}")
            if ind["counted"] is not None and ind["unit"] not in PER_UNITS:
                raise ConfigError(
                    f"{path}.counted: only for unit {'|'.join(PER_UNITS)}, not {ind['unit']}"
                )
            if categorical and ind["range"] is not None:
                raise ConfigError(
                    f"{path}.range: not allowed for unit {ind['unit']} (its codes are)"
                )


def _build(raw: dict, source: str) -> Config:
    site = raw["site"]
    kolada = raw["sources"]["kolada"]
    areas = tuple(
        Area(
            slug=a["slug"],
            title=a["title"],
            intro=a["intro"],
            similar_group=a["similar_group"],
            short_name=a["short"],
            indicators=tuple(
                Indicator(
                    id=i["id"],
                    title=i["title"],
                    phrase=i["phrase"],
                    description=i["description"],
                    unit=i["unit"],
                    direction=i["direction"],
                    decimals=i["decimals"],
                    by_gender=i["by_gender"],
                    scale=tuple(sorted((i["scale"] or {}).items())),
                    answers=tuple(sorted((i["answers"] or {}).items())),
                    area=a["slug"],
                    range=None if i["range"] is None else (i["range"][0], i["range"][1]),
                    denominator=i["denominator"],
                    population=i["population"],
                    short_name=i["short"],
                    none=i["none"],
                    counted=None if i["counted"] is None else (i["counted"][0], i["counted"][1]),
                )
                for i in a["indicators"]
            ),
        )
        for a in raw["areas"]
    )
    return Config(
        site=Site(
            title=site["title"],
            base_url=site["base_url"],
            language=site["language"],
            organisation=site["organisation"],
            contact=Contact(**site["contact"]),
            description=site["description"].strip(),
            logo=Logo(**site["logo"]) if site["logo"] else None,
            colors=Colors(**site["colors"]),
            footer=Footer(
                text=site["footer"]["text"],
                links=tuple(FooterLink(**link) for link in site["footer"]["links"] or ()),
            ),
            licence=Licence(**site["licence"]),
        ),
        sources=Sources(kolada=KoladaSource(**kolada), extra_dir=raw["sources"]["extra_dir"]),
        areas=areas,
        thresholds=Thresholds(**raw["thresholds"]),
        publish=_publish(raw["publish"]),
        templates_override=raw["templates_override"],
        content=ContentOptions(**raw["content"]),
        charts=Charts(**raw["charts"]),
        size=SiteSize(**raw["size"]),
        source_file=source,
    )


def _publish(raw: Mapping[str, Any]) -> Publish:
    return Publish(
        targets=tuple(raw["targets"]),
        state_dir=raw["state_dir"],
        pages_max_bytes=raw["github_pages"]["max_bytes"],
        cms=CmsTarget(**raw["cms"]),
        bundle_path=raw["bundle"]["path"],
        dir_path=raw["dir"]["path"],
    )


def check_static_files(config: Config, root: Path, source: str = "config.yaml") -> None:
    """Refuse a site.logo.src that static/ lacks, naming the key.

    The text alone cannot tell (it has no project root); without this check the missing
    file surfaces only as a broken image on every page, or as a link error at the output
    check that names a page instead of the key to fix.
    """
    logo = config.site.logo
    if logo is not None and not (root / "static" / logo.src).is_file():
        raise ConfigError(f"{source}: site.logo.src: static/{logo.src} finns inte")


def load_config_text(text: str, source: str = "config.yaml") -> Config:
    """Parse YAML text (read by the caller) into a Config; YAML syntax errors name the line."""
    import yaml

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}:{where} not valid YAML: {yaml_problem(exc)}") from None
    return parse_config(data, source)


def load_yaml(text: str) -> Any:
    """YAML as plain data; any anchor or alias is refused (a ``yaml.MarkedYAMLError``).

    Why refuse them all: a "billion laughs" bomb of nested aliases in one value
    costs seconds and gigabytes as soon as anything walks or prints it, and no
    config.yaml or front matter needs an alias. The events are read first (a few
    milliseconds for config.yaml with libyaml), so nothing is built from a bomb.
    Uses the C loader when libyaml is there: config.yaml is read on every build,
    also the no-op ones, and the pure-Python loader takes a third of a second.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _refuse_aliases(yaml.parse(text, Loader=loader))
    return yaml.load(text, Loader=loader)


def _refuse_aliases(events: Iterable[Any]) -> None:
    """Raise at the first anchor (``&a``) or alias (``*a``), naming its key path."""
    import yaml

    stack: list[list[Any]] = []  # per open collection: [is_mapping, key_next, key or index]
    for event in events:
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            _node_done(stack)
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise yaml.MarkedYAMLError(
                problem=f"{_yaml_path(stack)}: YAML anchors and aliases (&, *) are not allowed",
                problem_mark=cast(yaml.Mark, event.start_mark),
            )
        if stack and stack[-1][0] and stack[-1][1]:
            stack[-1][2] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([isinstance(event, yaml.MappingStartEvent), True, 0])
        else:
            _node_done(stack)


def _node_done(stack: list[list[Any]]) -> None:
    """One key or value of the innermost collection is complete."""
    if stack and stack[-1][0]:
        stack[-1][1] = not stack[-1][1]
    elif stack:
        stack[-1][2] += 1


def _yaml_path(stack: list[list[Any]]) -> str:
    """The key path of the node being read: ``site.title``, ``areas[0].slug``."""
    path = ""
    for is_mapping, _, at in stack:
        if is_mapping:
            key = str(at) if len(str(at)) <= 40 else str(at)[:37] + "..."
            path = join_path(path, key)
        else:
            path += f"[{at}]"
    return path or "(top level)"


def yaml_problem(exc: Exception) -> str:
    """A YAML error as one short line: its context and problem, without the mark's snippet."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    text = " ".join(" ".join(str(p) for p in parts if p).split()) or " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."
