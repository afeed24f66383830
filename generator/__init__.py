"""Gương sáng: a static-site generator for a showcase of exemplary people, collectives and practices."""

__version__ = "0.1.0"
