"""The council's secret ballot: encrypted ballots, trustees' key shares, the homomorphic tally and its proof
(see docs/ballot.md for the design and its threat model)."""
