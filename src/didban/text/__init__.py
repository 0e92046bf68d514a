"""Persian text: normalization with an offset map back to the original, and word splitting."""
