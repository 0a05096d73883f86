"""conflictwire."""
