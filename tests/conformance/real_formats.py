"""The lab's state written in the real layouts, for the commands where the lab's own output is
recorded as a finding (conformance_cases: divergences owned by the lab). A test runs each case's
judge and check on these texts: when the lab's owner fixes the output to this layout, the case
passes. Each layout names its public source.

Empty since the lab's recorded findings were fixed in the lab itself (the layouts now live in lab/devices/
and lab/fabric_ipsec.py, each naming its sample); a new lab finding adds its real layout here.
"""

# (command, judge) -> the real layout, for the cases whose divergence is owned by the lab
REAL = {
}
