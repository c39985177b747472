"""Puts the top-level ``resources/`` folder into the wheel as the package ``nnplayground.resources``.

pyproject.toml maps that package to ``resources/`` (``package-dir``) and finds
every other package with ``packages.find``; but find only walks folders under
``nnplayground/``, so the mapped package would be left out of the wheel (and
of editable installs) without this: every ``package-dir`` entry is a package.
"""

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithMappedPackages(build_py):
    def finalize_options(self) -> None:
        super().finalize_options()
        # The same list object as the distribution's, which editable installs read afterwards.
        for package in self.distribution.package_dir or {}:
            if package and package not in self.packages:
                self.packages.append(package)


setup(cmdclass={"build_py": BuildPyWithMappedPackages})
