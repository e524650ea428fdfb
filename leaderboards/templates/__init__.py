"""Jinja2 templates of the leaderboard site (package data; a package so setuptools ships the *.j2 files)."""
