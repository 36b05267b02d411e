"""responsible_ml: helpers for the Responsible ML curriculum."""
__version__ = "0.1.0"
