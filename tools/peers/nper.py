"""Years to a target as numpy-financial's nper counts them, for tests/integration/growth.rs.

Run: python3 -m venv /tmp/peervenv && /tmp/peervenv/bin/pip install numpy-financial
     /tmp/peervenv/bin/python tools/peers/nper.py > tools/peers/nper.txt

nper(rate, pmt=0, pv=-base, fv=target) is the number of periods for `base` to grow (or fall) to
`target` at `rate`: ln(target / base) / ln(1 + rate). It gives the same positive count whether the
level rises to a higher target or falls to a lower one, and 0 when base equals target; it cannot
say "already there" from "never" (it returns a negative or NaN count), which is why bilateral's
`years_to_target` returns an enum.
"""
import numpy
import numpy_financial as npf

print(f"numpy-financial {npf.__version__}, numpy {numpy.__version__}")
cases = [
    (4.5, 10.0, 0.10),   # rising: 8.37799
    (10.0, 4.5, -0.10),  # falling: 7.57881
    (12.0, 10.0, -0.10), # falling: 1.73045
    (10.0, 4.5, 0.10),   # above the target and growing: nper says -8.378 (moving away)
    (4.5, 10.0, -0.05),  # below and falling: nper says a negative count
]
for base, target, rate in cases:
    n = npf.nper(rate, 0, -base, target)
    print(f"base={base} target={target} rate={rate} nper={float(n)!r}")
