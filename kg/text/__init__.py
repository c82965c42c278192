"""Documents as text: reading files, decoding, HTML, normalising, segmenting, cleaning into sentences."""
