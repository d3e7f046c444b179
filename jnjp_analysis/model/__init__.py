"""The model layer: pure math on numbers and a plan's targets — trajectories and double control
(:mod:`.trajectory`), the pacing check (:mod:`.pacing`)."""
