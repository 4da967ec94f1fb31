"""Synthetic detainee records. THE DATA ARE SYNTHETIC AND DESCRIBE NO REAL PERSON.

``people`` draws one coherent person; ``rows`` writes people as the sample's
CSV rows, with gaps and a few deliberately broken rows.
"""

from amnesty.synth.rows import INVALID_RATE, generate_records, write_sample_csv

__all__ = ["INVALID_RATE", "generate_records", "write_sample_csv"]
