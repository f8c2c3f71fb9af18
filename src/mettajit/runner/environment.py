"""hyperon's ``Environment``: where a runner finds files (its working directory, include
paths) and the process-wide common environment.

``Environment.custom_env(...)`` and ``test_env()`` give an ``EnvBuilder`` for
``MeTTa(env_builder=...)``; ``init_common_env(...)`` sets the common one once (True the
first time, False after). mettajit has no configuration files: ``config_dir`` is recorded
(and created when ``create_config`` asks), never read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class EnvBuilder:
    """The settings of an environment, as the Environment functions build them."""

    working_dir: str | None = None
    config_dir: str | None = None
    create_config: bool | None = None
    is_test: bool | None = None
    include_paths: list[str] = field(default_factory=list)


class Environment:
    """Builders of environments, and the common environment."""

    _common: EnvBuilder | None = None

    @staticmethod
    def config_dir() -> str | None:
        """The common environment's configuration directory (None if it has none)."""
        env = Environment._common
        return env.config_dir if env is not None and env.config_dir else None

    @staticmethod
    def init_common_env(
        working_dir: str | None = None,
        config_dir: str | None = None,
        create_config: bool | None = None,
        is_test: bool | None = None,
        include_paths: list[str] | None = None,
    ) -> bool:
        """Set the common environment; False if it was already set."""
        if Environment._common is not None:
            return False
        env = Environment.custom_env(working_dir, config_dir, create_config, is_test,
                                     include_paths)
        if env.create_config and env.config_dir:
            os.makedirs(env.config_dir, exist_ok=True)
        Environment._common = env
        return True

    @staticmethod
    def test_env() -> EnvBuilder:
        """An environment for unit tests: no configuration, the current directory."""
        return EnvBuilder(is_test=True)

    @staticmethod
    def custom_env(
        working_dir: str | None = None,
        config_dir: str | None = None,
        create_config: bool | None = None,
        is_test: bool | None = None,
        include_paths: list[str] | None = None,
    ) -> EnvBuilder:
        """An environment for one runner (``config_dir=""``: the default directory)."""
        if config_dir == "":
            config_dir = os.path.join(os.path.expanduser("~"), ".config", "metta")
        return EnvBuilder(working_dir, config_dir, create_config, is_test,
                          list(include_paths or []))
