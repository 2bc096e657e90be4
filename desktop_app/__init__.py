"""政策自评助手 / Policy Self-Check."""

__version__ = "0.1.0"
