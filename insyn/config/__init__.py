"""config.yaml: its schema, the dataclasses it becomes, and how it is loaded and checked.

``schema`` declares every key once (validation, messages and the documentation check
read it); ``model`` holds the frozen dataclasses; ``load`` reads YAML and builds them;
``colours`` checks the theme's contrast; ``ranges`` gives each indicator's plausible
values. The names below are the package's public face: the rest of insyn imports
them from ``insyn.config``.
"""

from __future__ import annotations

from insyn.config.colours import contrast_ratio, darken
from insyn.config.load import (
    check_static_files,
    load_config_text,
    load_yaml,
    parse_config,
    yaml_problem,
)
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
from insyn.config.ranges import value_range, with_indicators
from insyn.config.schema import (
    DIRECTIONS,
    PER_UNITS,
    PERCENT_UNITS,
    RATE_TAIL,
    UNITS,
    ConfigError,
    schema_paths,
    without_rate,
)

__all__ = [
    "Area",
    "Charts",
    "CmsTarget",
    "Colors",
    "Config",
    "ConfigError",
    "Contact",
    "ContentOptions",
    "DIRECTIONS",
    "RATE_TAIL",
    "Footer",
    "FooterLink",
    "Indicator",
    "KoladaSource",
    "Licence",
    "Logo",
    "PERCENT_UNITS",
    "PER_UNITS",
    "Publish",
    "Site",
    "SiteSize",
    "Sources",
    "Thresholds",
    "UNITS",
    "check_static_files",
    "contrast_ratio",
    "darken",
    "load_config_text",
    "load_yaml",
    "parse_config",
    "schema_paths",
    "value_range",
    "with_indicators",
    "without_rate",
    "yaml_problem",
]
