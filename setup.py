"""Packaging glue that pyproject.toml cannot express.

1. The design card's top-level folders (tasks/ evaluators/ reports/ leaderboards/ tests/) are installed
   under the one import namespace ``latent_suite`` via ``package-dir``; nested task folders are listed here.
2. A one-line ``latent_suite_tasks.pth`` is installed into site-packages so that ``lm_eval --tasks latent_suite``
   works with no ``--include_path`` (DESIGN.md §5.1). Regular installs: ``build_py`` copies it into the build
   root (uninstall removes it via RECORD). Editable installs: the editable strategy is wrapped so the same
   file lands in the editable wheel.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

HERE = Path(__file__).parent
PTH_NAME = "latent_suite_tasks.pth"
# Must stay one line starting with "import" (site.py executes such lines). Never fail interpreter start-up.
PTH_LINE = "import sys; exec('try:\\n import latent_suite._task_hook\\nexcept ImportError:\\n pass')\n"

FOLDERS = {
    "latent_suite": "latent_suite",
    "latent_suite.tasks": "tasks",
    "latent_suite.evaluators": "evaluators",
    "latent_suite.reports": "reports",
    "latent_suite.leaderboards": "leaderboards",
    "latent_suite.tests": "tests",
}


def _packages() -> list[str]:
    names = []
    for pkg, folder in FOLDERS.items():
        root = HERE / folder
        for init in sorted(root.rglob("__init__.py")):
            rel = init.parent.relative_to(root).parts
            if "__pycache__" in rel:
                continue
            names.append(".".join((pkg, *rel)))
    return names


def _package_dir() -> dict[str, str]:
    mapping = {}
    for name in _packages():
        top = next(p for p in sorted(FOLDERS, key=len, reverse=True) if name == p or name.startswith(p + "."))
        rest = name[len(top):].lstrip(".").replace(".", "/")
        mapping[name] = FOLDERS[top] + ("/" + rest if rest else "")
    return mapping


class BuildPyWithPth(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib, PTH_NAME)
        target.write_text(PTH_LINE)


class _StrategyWithPth:
    """Delegates to setuptools' editable strategy, then adds the .pth file to the editable wheel."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, wheel, files, mapping):
        self.inner(wheel, files, mapping)
        wheel.writestr(PTH_NAME, PTH_LINE.encode())

    def __enter__(self):
        self.inner.__enter__()
        return self

    def __exit__(self, *exc):
        return self.inner.__exit__(*exc)


class EditableWheelWithPth(editable_wheel):
    def _select_strategy(self, name, tag, build_lib):
        return _StrategyWithPth(super()._select_strategy(name, tag, build_lib))


setup(
    packages=_packages(),
    package_dir=_package_dir(),
    cmdclass={"build_py": BuildPyWithPth, "editable_wheel": EditableWheelWithPth},
)
