"""Bundled plan files, installed as the package data ``reform_xlsx.plans``."""
